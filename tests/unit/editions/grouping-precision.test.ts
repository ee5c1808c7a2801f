import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../src/domain/types.js';
import { ingestSources } from '../../../src/ingest/ingest-sources.js';
import { isRepublication } from '../../../src/editions/is-republication.js';
import type { Store } from '../../../src/ports/store.js';
import { createStore } from '../../../src/store/create-store.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import {
  asIngestSources,
  fixtureReports,
  type LabelledReport,
  measureGeneratedNegatives,
  measureGrouping,
  syntheticReports,
  wouldGroup,
} from '../../helpers/grouping-sets.js';

// SPEC 5.1 precision first: every labelled negative stays apart; recall is measured (and must not fall back).
describe('grouping precision and recall', () => {
  it.each([false, true])(
    'merges none of the cross-language pairs of the fixture articles that are not listed pairs (dates ignored: %s)',
    (sameTime) => {
      const m = measureGrouping(fixtureReports(), 'language', sameTime);
      expect(m.negatives).toBe(70);
      expect(m.falseMerges).toEqual([]);
      // Measured: 1 of 4 listed pairs (the Arabic and Persian weekly summaries); the others pair a daily digest of many
      // stories with a weekly one (many figures on one side only) or lie 7 days apart.
      expect(m.positives).toBe(4);
      expect(m.found).toBeGreaterThanOrEqual(1);
    },
  );

  it.each([false, true])(
    'merges none of the synthetic cross-publisher negatives, hard ones included (dates ignored: %s)',
    (sameTime) => {
      const m = measureGrouping(syntheticReports(), 'publisher', sameTime);
      expect(m.negatives).toBeGreaterThanOrEqual(150);
      expect(m.falseMerges).toEqual([]);
      // Measured: 14 of 15; the four same-publisher pairs (IOM en/ar/fr) only through the same publisher's rule.
      expect(m.found).toBeGreaterThanOrEqual(14);
      expect(m.positives).toBe(15);
    },
  );

  it('merges none of the generated hard negatives: every figure changed (another toll, another week), or the places swapped (same figures, another place)', () => {
    const m = measureGeneratedNegatives(syntheticReports());
    expect(m.negatives).toBeGreaterThanOrEqual(150);
    expect(m.falseMerges).toEqual([]);
  });

  it("merges none of the same publisher's generated releases in another language: figures changed, or places swapped", () => {
    const m = measureGeneratedNegatives(syntheticReports(), true);
    expect(m.negatives).toBeGreaterThanOrEqual(30);
    expect(m.falseMerges).toEqual([]);
  });

  it("groups one publisher's release across languages: Arabic-Indic digits, round figures, one figure and a place", () => {
    const byId = new Map(syntheticReports().map((r) => [r.id, r]));
    const report = (id: string) => byId.get(id) as LabelledReport;
    for (const [a, b] of [
      ['zuwara-iom-en', 'zuwara-iom-ar'],
      ['zuwara-iom-en', 'zuwara-iom-fr'],
      ['zuwara-iom-ar', 'zuwara-iom-fr'],
      ['sabratha-iom-en', 'sabratha-iom-ar'],
    ] as const) {
      const m = measureGrouping([report(a), report(b)], 'publisher');
      expect(m.found, `${a} + ${b}`).toBe(1);
    }
  });

  it('keeps each hard negative apart', () => {
    const byId = new Map(syntheticReports().map((r) => [r.id, r]));
    const report = (id: string) => byId.get(id) as LabelledReport;
    const crossPairs: Array<[string, string, string]> = [
      ['libya-unnews-ar-w10', 'libya-iom-en-w11', 'same template, another week, another language'],
      ['lampedusa-reuters-en', 'lampedusa-wreck-bbc-en', 'same place, another event'],
      ['channel-lemonde-fr', 'channel2-bbc-en', 'same place, two nights apart'],
      ['bodrum-bbc-en', 'lesbos-kathimerini-en', 'same figures, another place'],
      ['bodrum-infomigrants-fr', 'lesbos-aljazeera-ar', 'same figures, another place, Arabic'],
      ['bodrum-bbc-en', 'bodrum2-aljazeera-ar', 'two shipwrecks days apart'],
      [
        'zuwara-iom-en',
        'zuwara-boat2-iom-ar',
        'same publisher, same day: another boat off the same place, one figure shared',
      ],
      ['zuwara-iom-en', 'zuwara-returns-iom-ar', 'same publisher, same day: the same place, other figures'],
      ['zuwara-iom-fr', 'tripoli-iom-ar', 'same publisher, same day: the same figures, another place'],
      [
        'zuwara-iom-en',
        'libya-update-iom-ar',
        'same publisher, same day: an update repeating the release among other figures',
      ],
      ['zuwara-iom-en', 'zuwara-weekly-iom-ar', 'same publisher: the weekly bulletin the week after'],
      ['sabratha-iom-en', 'sabratha-deaths-iom-ar', 'same publisher, same day: its one figure beside another'],
    ];
    for (const [a, b, why] of crossPairs) {
      const m = measureGrouping([report(a), report(b)], 'publisher', true);
      expect(m.negatives, why).toBe(1);
      expect(m.falseMerges, why).toEqual([]);
    }
    // One publisher, one language: the re-publication rule decides, and another week is never the same story.
    for (const [a, b] of [
      ['libya-iom-en-w10', 'libya-iom-en-w11'],
      ['channel-bbc-en', 'channel2-bbc-en'],
    ] as const) {
      expect(isRepublication(report(a), { ...report(b), publishedAt: report(a).publishedAt })).toBe(false);
    }
  });
});

/** A report of one's own for the tests below (not in the labelled sets). */
const report = (
  id: string,
  publisher: string,
  language: string,
  publishedAt: string,
  title: string,
  text: string,
): LabelledReport => ({
  id,
  event: null,
  publisher,
  language,
  publishedAt,
  title,
  text,
  url: `https://${publisher}.example/${id}`,
});

describe('the same figure counting other people', () => {
  const wreck = report(
    'wreck',
    'bbc',
    'en',
    '2025-05-10T08:00:00Z',
    'Boat capsizes near Lampedusa, 41 dead',
    'At least 41 people died when a boat capsized near Lampedusa, the Italian coastguard said on Saturday. Only 14 survivors were found.',
  );

  it.each([
    [
      'en',
      'Italian coastguard rescues 41 migrants off Lampedusa',
      'The Italian coastguard rescued 41 migrants from an overcrowded dinghy off Lampedusa on Sunday. All were in good health and were taken to the island hotspot.',
    ],
    [
      'ar',
      'خفر السواحل الإيطالي ينقذ 41 مهاجرا قبالة لامبيدوزا',
      'أنقذ خفر السواحل الإيطالي 41 مهاجرا من قارب مطاطي مكتظ قبالة جزيرة لامبيدوزا يوم الأحد، وقال إن جميع الناجين بصحة جيدة.',
    ],
    [
      'fr',
      'Lampedusa : 41 migrants secourus par les garde-côtes italiens',
      "Les garde-côtes italiens ont secouru 41 migrants à bord d'un canot surchargé au large de Lampedusa dimanche. Tous sont en bonne santé.",
    ],
  ])(
    'keeps a rescue of 41 (%s) apart from a shipwreck that killed 41 at the same place the day before',
    (language, title, text) => {
      const rescue = report('rescue', 'other', language, '2025-05-11T10:00:00Z', title, text);
      expect(wouldGroup(wreck, rescue)).toBe(false);
      expect(wouldGroup(wreck, rescue, true)).toBe(false);
    },
  );

  it('still groups two reports of one shipwreck that give its toll and its survivors in other words', () => {
    const same = report(
      'same',
      'aljazeera',
      'ar',
      '2025-05-10T12:00:00Z',
      'غرق 41 مهاجرا قبالة لامبيدوزا',
      'لقي 41 مهاجرا حتفهم عندما انقلب قاربهم قرب جزيرة لامبيدوزا، وقال خفر السواحل الإيطالي إنه تم إنقاذ 14 ناجيا فقط.',
    );
    expect(wouldGroup(wreck, same)).toBe(true);
  });
});

describe('one event in languages that spell its places their own way', () => {
  const guardian = report(
    'sfax-en',
    'guardian',
    'en',
    '2025-04-02T08:00:00Z',
    'At least 47 migrants die as boat sinks off Tunisian coast',
    'At least 47 people drowned when a boat carrying migrants sank off the coast of Sfax in Tunisia on Tuesday, the Tunisian National Guard said. Rescuers pulled 23 survivors from the water. The boat had left from Sfax bound for Lampedusa.',
  );
  const spanish = report(
    'sfax-es',
    'elpais',
    'es',
    '2025-04-02T12:00:00Z',
    'Mueren 47 migrantes en un naufragio frente a Sfax',
    'Al menos 47 migrantes murieron en el naufragio de su embarcación frente a Sfax, en Túnez, según la Guardia Nacional. 23 personas fueron rescatadas. La embarcación se dirigía a Lampedusa.',
  );

  it('groups an English and a Spanish report of one shipwreck (Tunisia / Túnez are one place)', () => {
    expect(wouldGroup(guardian, spanish)).toBe(true);
  });

  it('keeps apart a Spanish report of a wreck with the same figures at another place', () => {
    const elsewhere = {
      ...spanish,
      id: 'zarzis-es',
      title: 'Mueren 47 migrantes en un naufragio frente a Zarzis',
      text: 'Al menos 47 migrantes murieron en el naufragio de su embarcación frente a Zarzis, en Túnez, según la Guardia Nacional. 23 personas fueron rescatadas. La embarcación se dirigía a Malta.',
    };
    expect(wouldGroup(guardian, elsewhere)).toBe(false);
    expect(wouldGroup(guardian, elsewhere, true)).toBe(false);
  });
});

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe('one entry per event across publishers, through ingest', () => {
  it('stores each synthetic event as one story with every edition, and every other report apart', async () => {
    const reports = syntheticReports();
    const { sources, items } = asIngestSources(reports);
    const readSource = async (source: SourceConfig) => ({
      status: 'ok' as const,
      etag: null,
      lastModified: null,
      items: items.get(source.id) ?? [],
    });
    // Sources one at a time, in both orders: the result must not depend on which publisher came first.
    for (const order of [sources, [...sources].reverse()]) {
      const db = await createStore('sqlite::memory:');
      stores.push(db);
      for (const source of order) await ingestSources({ store: db, log: silentLogger(), readSource }, [source]);
      const stories = await db.stories.latest({ since: null, limit: 100 });
      const eventOf = new Map(reports.map((r) => [r.id, r.event]));
      for (const story of stories) {
        // Never two events in one story, never two editions of one publisher in one language.
        expect(new Set(story.editions.map((e) => eventOf.get(e.guid ?? ''))).size).toBe(1);
        expect(new Set(story.editions.map((e) => `${e.sourceId}`)).size).toBe(story.editions.length);
      }
      const grouped = stories.filter((s) => s.editions.length > 1).map((s) => s.editions.map((e) => e.guid).sort());
      expect(grouped).toContainEqual(['bodrum-aljazeera-ar', 'bodrum-bbc-en', 'bodrum-infomigrants-fr']);
      expect(grouped).toContainEqual(['beirut-aljazeera-ar', 'beirut-hrw-en']);
      expect(grouped).toContainEqual(['channel-bbc-en', 'channel-lemonde-fr']);
    }
  });
});
