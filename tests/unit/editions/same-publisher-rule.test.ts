import { describe, expect, it } from 'vitest';
import {
  type EditionCandidate,
  findSameStory,
  type NewEditionProbe,
  toCandidate,
} from '../../../src/editions/find-same-story.js';
import { storyAnchors } from '../../../src/editions/story-anchors.js';
import { type LabelledReport, syntheticReports } from '../../helpers/grouping-sets.js';

// SPEC 5.1 "same publisher with matching dates, numbers and names across languages": one publisher's release in two
// languages (IOM, en and ar, three hours apart: 45 dead, 30 rescued, 80 aboard, Libya, Zuwara; tests/fixtures/synthetic).
const reports = new Map(syntheticReports().map((r) => [r.id, r]));
const release = (id: string) => {
  const r = reports.get(id) as LabelledReport;
  return { title: r.title, text: r.text };
};
const EN = release('zuwara-iom-en');
const AR = release('zuwara-iom-ar');

function candidate(overrides: Partial<EditionCandidate['edition']> = {}, publisher = 'iom'): EditionCandidate {
  return toCandidate(
    {
      id: 'e-en',
      storyId: 'story-en',
      sourceId: 'iom-en',
      url: 'https://iom.example/en/zuwara',
      language: 'en',
      publishedAt: '2025-03-20T08:00:00.000Z',
      firstSeenAt: '2025-03-20T08:05:00.000Z',
      ...EN,
      ...overrides,
    },
    publisher,
  );
}

function probe(overrides: Partial<NewEditionProbe> = {}): NewEditionProbe {
  return {
    url: 'https://iom.example/ar/zuwara',
    sourceId: 'iom-ar',
    publisher: 'iom',
    language: 'ar',
    publishedAt: '2025-03-20T11:00:00.000Z',
    firstSeenAt: '2025-03-20T11:05:00.000Z',
    alternates: [],
    ...AR,
    ...overrides,
  };
}

describe('the same publisher in another language, published close together', () => {
  it('groups the Arabic edition of the release with the English one (round figures in Arabic-Indic digits count)', () => {
    expect(findSameStory(probe(), [candidate()])).toBe('story-en');
  });

  it('keeps them apart when the publishers differ (the other publishers keep their rule)', () => {
    expect(findSameStory(probe({ publisher: 'un news' }), [candidate()])).toBeNull();
  });

  it('keeps them apart when published more than 48 h apart, or either is undated', () => {
    expect(findSameStory(probe({ publishedAt: '2025-03-22T09:00:00.000Z' }), [candidate()])).toBeNull();
    expect(findSameStory(probe({ publishedAt: null }), [candidate()])).toBeNull();
    expect(findSameStory(probe(), [candidate({ publishedAt: null })])).toBeNull();
  });

  it('keeps apart another boat off the same place that shares one figure, and the same figures in another place', () => {
    const boat2 = {
      title: 'انقلاب قارب ثان قبالة زوارة: ١٧ وفاة وإنقاذ ٤٥',
      text: 'انقلب قارب ثان كان يقل ٦٠ شخصا قبالة زوارة في ليبيا مساء الأربعاء، وتوفي ١٧ مهاجرا، وأنقذ خفر السواحل ٤٥ شخصا.',
    };
    expect(findSameStory(probe(boat2), [candidate()])).toBeNull();
    const tripoli = {
      title: 'طرابلس: إعادة ٤٥ مهاجرا و٣٠ طفلا',
      text: 'أعيد ٤٥ مهاجرا، بينهم ٣٠ طفلا، إلى طرابلس يوم الأربعاء بعد اعتراض قارب كان يقل ٨٠ شخصا.',
    };
    expect(findSameStory(probe(tripoli), [candidate()])).toBeNull();
  });

  it('keeps apart a round figure of the release written otherwise (30 rescued, 40 in the other)', () => {
    expect(
      findSameStory(probe({ text: AR.text.replace('٣٠ ناجيا', '٤٠ ناجيا'), title: 'غرق قارب قبالة ليبيا' }), [
        candidate(),
      ]),
    ).toBeNull();
  });

  it('keeps apart two texts that share a sentence and its figures but not a headline figure', () => {
    const digest = {
      title: 'موجز اليوم: أخبار الهجرة',
      text: `${AR.text} وفي أخبار أخرى، نظمت منظمات محلية ورشة عمل للمتطوعين.`,
    };
    expect(findSameStory(probe(digest), [candidate()])).toBeNull();
  });

  it('keeps apart two texts that each name a place the other does not (the same figures, another release)', () => {
    const withTunisia = { ...AR, text: AR.text.replace('في ليبيا', 'في ليبيا وتونس') };
    const withMalta = candidate({ text: EN.text.replace('Zuwara, Libya,', 'Zuwara, Libya, and Malta') });
    expect(findSameStory(probe(withTunisia), [withMalta])).toBeNull();
    expect(findSameStory(probe(withTunisia), [candidate()])).toBe('story-en');
  });

  it('takes at most one edition per language per publisher', () => {
    const en = candidate();
    const ar = toCandidate(
      {
        ...en.edition,
        id: 'e-ar',
        sourceId: 'iom-ar',
        url: 'https://iom.example/ar/other',
        language: 'ar',
        ...AR,
        storyId: 'story-en',
      },
      'iom',
    );
    expect(findSameStory(probe(), [en, ar])).toBeNull();
  });

  it('keeps round tens apart from the distinctive figures the other rules read', () => {
    const anchors = storyAnchors(EN.text);
    expect(anchors.has('#45')).toBe(true);
    expect(anchors.has('#30')).toBe(false);
    expect(anchors.has('=30')).toBe(true);
    expect(storyAnchors(`${EN.title}\n${EN.text}`).has('+30')).toBe(true);
    expect(storyAnchors(`Shipwreck off Libya\n${EN.text}`).has('+30')).toBe(false);
    expect(storyAnchors('In 2025, 7 boats.').size).toBe(0);
  });
});
