import type { Edition, LanguageCode } from '../domain/types.js';
import { anchorOverlap, storyAnchors } from './story-anchors.js';

export interface EditionCandidate {
  edition: Pick<Edition, 'id' | 'storyId' | 'sourceId' | 'url' | 'language' | 'publishedAt' | 'firstSeenAt' | 'text' | 'title'>;
  publisher: string;
  anchors: Set<string>;
}

export interface NewEditionProbe {
  url: string | null;
  sourceId: string;
  publisher: string;
  language: LanguageCode;
  publishedAt: string | null;
  firstSeenAt: string;
  text: string;
  title: string;
  alternates: Array<{ url: string; language: LanguageCode }>;
}

const MAX_DAYS_APART = 10;
const MIN_SHARED_ANCHORS = 3;
const MIN_ANCHOR_RATIO = 0.2;

/**
 * Finds the story a new edition in another language belongs to (SPEC 5.1): an hreflang alternate link, or
 * the same publisher within a few days sharing figures and names. Returns the story id, or null.
 */
export function findSameStory(probe: NewEditionProbe, candidates: EditionCandidate[]): string | null {
  const alternateUrls = new Set(probe.alternates.map((a) => a.url));
  for (const c of candidates) {
    if (c.edition.url && alternateUrls.has(c.edition.url) && c.edition.language !== probe.language) return c.edition.storyId;
  }
  const probeAnchors = storyAnchors(`${probe.title}\n${probe.text}`);
  const probeTime = Date.parse(probe.publishedAt ?? probe.firstSeenAt);
  let best: { storyId: string; score: number } | null = null;
  for (const c of candidates) {
    if (c.edition.language === probe.language || c.publisher !== probe.publisher) continue;
    const time = Date.parse(c.edition.publishedAt ?? c.edition.firstSeenAt);
    if (Math.abs(time - probeTime) > MAX_DAYS_APART * 86_400_000) continue;
    const { shared, ratio } = anchorOverlap(probeAnchors, c.anchors);
    if (shared < MIN_SHARED_ANCHORS || ratio < MIN_ANCHOR_RATIO) continue;
    const score = shared * ratio;
    if (!best || score > best.score) best = { storyId: c.edition.storyId, score };
  }
  return best?.storyId ?? null;
}

export function toCandidate(edition: EditionCandidate['edition'], publisher: string): EditionCandidate {
  return { edition, publisher, anchors: storyAnchors(`${edition.title}\n${edition.text}`) };
}
