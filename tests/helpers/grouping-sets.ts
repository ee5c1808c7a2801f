import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../../src/domain/types.js';
import { findSameStory, toCandidate } from '../../src/editions/find-same-story.js';
import { contentHash } from '../../src/feeds/content-hash.js';
import type { ReadItem } from '../../src/feeds/read-source.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** One report for the grouping sets: a fixture article or a synthetic report. */
export interface LabelledReport {
  id: string;
  /** Reports with the same event are one story; null: its own event. */
  event: string | null;
  publisher: string;
  language: string;
  publishedAt: string | null;
  title: string;
  text: string;
  url: string | null;
}

export interface PairResult {
  a: string;
  b: string;
  same: boolean;
  merged: boolean;
}

export interface GroupingMeasure {
  negatives: number;
  falseMerges: PairResult[];
  positives: number;
  found: number;
  missed: PairResult[];
}

/** Every fixture article, the groups of pairs.json as events (real articles, tests/fixtures/README.md). */
export function fixtureReports(): LabelledReport[] {
  const groups = JSON.parse(readFileSync(join(FIXTURES, 'pairs.json'), 'utf8')) as Array<{
    group: string;
    members: string[];
  }>;
  const eventOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g.group] as const)));
  return readdirSync(join(FIXTURES, 'articles'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const a = JSON.parse(readFileSync(join(FIXTURES, 'articles', f), 'utf8'));
      return {
        id: a.id,
        event: eventOf.get(a.id) ?? null,
        publisher: a.source,
        language: a.lang,
        publishedAt: a.published ? new Date(a.published).toISOString() : null,
        title: a.title,
        text: a.text,
        url: a.url,
      };
    });
}

/** The SYNTHETIC cross-publisher reports (tests/fixtures/synthetic/cross-publisher-events.json). */
export function syntheticReports(): LabelledReport[] {
  const doc = JSON.parse(readFileSync(join(FIXTURES, 'synthetic', 'cross-publisher-events.json'), 'utf8')) as {
    reports: LabelledReport[];
  };
  return doc.reports;
}

/**
 * Whether ingest would put `later` into the story of `earlier` (findSameStory, the rule ingest applies, on one
 * candidate). `sameTime`: both published at once, so that only the anchors decide (dates cannot hide a bad match).
 */
export function wouldGroup(earlier: LabelledReport, later: LabelledReport, sameTime = false): boolean {
  const seen = '2025-06-01T00:00:00.000Z';
  const at = (r: LabelledReport) => (sameTime ? seen : r.publishedAt);
  const candidate = toCandidate(
    {
      id: earlier.id,
      storyId: earlier.id,
      sourceId: `${earlier.publisher}-${earlier.language}`,
      url: earlier.url,
      language: earlier.language,
      publishedAt: at(earlier),
      firstSeenAt: seen,
      title: earlier.title,
      text: earlier.text,
    },
    earlier.publisher.toLowerCase(),
  );
  const probe = {
    url: later.url,
    sourceId: `${later.publisher}-${later.language}`,
    publisher: later.publisher.toLowerCase(),
    language: later.language,
    publishedAt: at(later),
    firstSeenAt: seen,
    title: later.title,
    text: later.text,
    alternates: [],
  };
  return findSameStory(probe, [candidate]) === earlier.id;
}

/**
 * Every pair the set labels: `cross` = 'language' (fixtures: editions in two languages) or 'publisher' (two publishers,
 * any language). A pair of one event is a positive; every other pair a negative.
 */
export function measureGrouping(
  reports: LabelledReport[],
  cross: 'language' | 'publisher',
  sameTime = false,
): GroupingMeasure {
  const out: GroupingMeasure = { negatives: 0, falseMerges: [], positives: 0, found: 0, missed: [] };
  for (let i = 0; i < reports.length; i++) {
    for (let j = i + 1; j < reports.length; j++) {
      const [a, b] = [reports[i], reports[j]] as [LabelledReport, LabelledReport];
      if (cross === 'language' ? a.language === b.language : a.publisher === b.publisher && a.language === b.language)
        continue;
      const [earlier, later] = (a.publishedAt ?? '') <= (b.publishedAt ?? '') ? [a, b] : [b, a];
      const same = a.event !== null && a.event === b.event;
      const merged = wouldGroup(earlier, later, sameTime);
      const result = { a: earlier.id, b: later.id, same, merged };
      if (same) {
        out.positives++;
        if (merged) out.found++;
        else out.missed.push(result);
      } else {
        out.negatives++;
        if (merged) out.falseMerges.push(result);
      }
    }
  }
  return out;
}

const PLACES: Record<string, string> = {
  Bodrum: 'Lesbos',
  Akyarlar: 'Mytilene',
  Kos: 'Chios',
  Turkish: 'Greek',
  Turkey: 'Greece',
  Turquie: 'Grèce',
  turcs: 'grecs',
  Lesbos: 'Samos',
  Mytilene: 'Vathy',
  Hellenic: 'Maltese',
  Mavrovouni: 'Zervou',
  Lampedusa: 'Malta',
  Sfax: 'Zarzis',
  Tunisia: 'Algeria',
  Tunisie: 'Algérie',
  Italian: 'Maltese',
  Libya: 'Tunisia',
  Libye: 'Tunisie',
  Zuwara: 'Sousse',
  Zouara: 'Sousse',
  Sabratha: 'Monastir',
  Tripoli: 'Misrata',
  Zawiya: 'Zuwara',
  Beirut: 'Amman',
  Lebanon: 'Jordan',
  Lebanese: 'Jordanian',
  Syria: 'Iraq',
  Syrians: 'Iraqis',
  Boulogne: 'Dunkirk',
  'Boulogne-sur-Mer': 'Dunkerque',
  Channel: 'Strait',
  Manche: 'Mer du Nord',
  ميتيليني: 'فاتي',
  مافروفوني: 'زيرفو',
  اليونانية: 'المالطية',
  اليوناني: 'المالطي',
  بودروم: 'ليسبوس',
  تركيا: 'اليونان',
  أكيارلار: 'ميتيليني',
  كوس: 'خيوس',
  بيروت: 'عمان',
  ليبيا: 'تونس',
  زوارة: 'سوسة',
  صبراتة: 'المنستير',
  سوريا: 'العراق',
  ليسبوس: 'ساموس',
};
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Each run of digits (Western or Arabic-Indic) changed, in its own script: another toll, another week. */
function otherFigures(text: string): string {
  return text.replace(/[0-9]+|[٠-٩]+/g, (run) => {
    const arabic = /[٠-٩]/.test(run);
    const value = Number(arabic ? [...run].map((d) => ARABIC_DIGITS.indexOf(d)).join('') : run);
    const changed = String(value + 3 + (value % 5));
    return arabic ? [...changed].map((d) => ARABIC_DIGITS[Number(d)]).join('') : changed;
  });
}

function otherPlaces(text: string): string {
  return text.replace(/[\p{L}-]+/gu, (word) => PLACES[word] ?? word);
}

/**
 * GENERATED hard negatives from the synthetic reports: each report with every figure changed (same words, same
 * places: another toll, another week), and with its places swapped (same figures, another place), from a generated
 * publisher at the same time. Each is a negative against every report of the original's event. `samePublisher`: the
 * variant keeps the original's publisher, against the publisher's other languages of the event (its next release).
 */
export function generatedNegatives(
  reports: LabelledReport[],
  samePublisher = false,
): Array<{ variant: LabelledReport; against: LabelledReport[] }> {
  const out: Array<{ variant: LabelledReport; against: LabelledReport[] }> = [];
  for (const r of reports) {
    const against = reports.filter(
      (o) =>
        o.event !== null &&
        o.event === r.event &&
        (!samePublisher || (o.publisher === r.publisher && o.language !== r.language)),
    );
    if (against.length === 0) continue;
    for (const [kind, change] of [
      ['figures', otherFigures],
      ['places', otherPlaces],
    ] as const) {
      const title = change(r.title);
      const text = change(r.text);
      if (title === r.title && text === r.text) continue;
      out.push({
        variant: {
          ...r,
          id: `${r.id}~${kind}`,
          event: null,
          publisher: samePublisher ? r.publisher : `Generated ${kind}`,
          url: `https://generated.example/${r.id}/${kind}`,
          title,
          text,
        },
        against,
      });
    }
  }
  return out;
}

/** Pairs of generatedNegatives merged by ingest's rule (both orders, dates as they are and ignored). */
export function measureGeneratedNegatives(
  reports: LabelledReport[],
  samePublisher = false,
): { negatives: number; falseMerges: PairResult[] } {
  const out = { negatives: 0, falseMerges: [] as PairResult[] };
  for (const { variant, against } of generatedNegatives(reports, samePublisher)) {
    for (const original of against) {
      for (const [earlier, later] of [
        [original, variant],
        [variant, original],
      ] as const) {
        out.negatives++;
        if (wouldGroup(earlier, later) || wouldGroup(earlier, later, true))
          out.falseMerges.push({ a: earlier.id, b: later.id, same: false, merged: true });
      }
    }
  }
  return out;
}

/** Labelled reports as sources, one per publisher and language (as a sources file would configure them), with their read items. */
export function asIngestSources(reports: LabelledReport[]): {
  sources: SourceConfig[];
  items: Map<string, ReadItem[]>;
} {
  const items = new Map<string, ReadItem[]>();
  const sources = new Map<string, SourceConfig>();
  for (const r of reports) {
    const id = `${r.publisher}-${r.language}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const hash = contentHash(r.title, r.text);
    const item: ReadItem = {
      guid: r.id,
      url: r.url,
      title: r.title,
      teaser: r.text,
      body: null,
      publishedAt: r.publishedAt,
      declaredLanguage: r.language,
      alternates: [],
      canonicalUrl: r.url,
      language: r.language,
      text: r.text,
      contentHash: hash,
      textHash: hash,
      pageFailed: false,
    };
    items.set(id, [...(items.get(id) ?? []), item]);
    if (!sources.has(id))
      sources.set(id, {
        id,
        name: r.publisher,
        url: `https://${id}.example/feed`,
        fullText: 'never',
        allowPrivateAddress: false,
        language: r.language,
      });
  }
  return { sources: [...sources.values()], items };
}
