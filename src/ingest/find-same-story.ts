import type { Edition, LanguageCode } from '../domain/types.js';
import { storyAnchors } from './story-anchors.js';

export interface EditionCandidate {
  edition: Pick<Edition, 'id' | 'storyId' | 'sourceId' | 'url' | 'language' | 'publishedAt' | 'firstSeenAt' | 'text' | 'title'>;
  publisher: string;
  anchors: Set<string>;
  /** Date.parse(publishedAt ?? firstSeenAt), computed once. */
  time: number;
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
/** Editions further apart than this are never editions of one story. */
export const SAME_STORY_MAX_MS = MAX_DAYS_APART * 86_400_000;
/** Editions of one story share at least this many anchors. */
export const MIN_SHARED_ANCHORS = 3;
const MIN_ANCHOR_RATIO = 0.2;

/**
 * Finds the story a new edition in another language belongs to (SPEC 5.1): an hreflang alternate link, or
 * the same publisher within a few days sharing figures and names. Returns the story id, or null.
 */
export function findSameStory(probe: NewEditionProbe, candidates: EditionCandidate[], probeAnchors?: Set<string>): string | null {
  if (probe.alternates.length > 0) {
    const alternateUrls = new Set(probe.alternates.map((a) => a.url));
    for (const c of candidates) {
      if (c.edition.url && alternateUrls.has(c.edition.url) && c.edition.language !== probe.language) return c.edition.storyId;
    }
  }
  return findByAnchors(probe, probeAnchors ?? storyAnchors(`${probe.title}\n${probe.text}`), candidates);
}

/**
 * The anchor half of findSameStory: the best-sharing candidate of the same publisher in another language, within a
 * few days; the first of equals, reading the lists in order.
 */
export function findByAnchors(probe: NewEditionProbe, probeAnchors: Set<string>, ...lists: EditionCandidate[][]): string | null {
  // Fewer anchors than the minimum to share: nothing can match.
  if (probeAnchors.size < MIN_SHARED_ANCHORS) return null;
  const probeTime = Date.parse(probe.publishedAt ?? probe.firstSeenAt);
  let best: { storyId: string; score: number } | null = null;
  for (const candidates of lists) {
    for (const c of candidates) {
      if (c.anchors.size < MIN_SHARED_ANCHORS || c.edition.language === probe.language || c.publisher !== probe.publisher) continue;
      if (Math.abs(c.time - probeTime) > SAME_STORY_MAX_MS) continue;
      // anchorOverlap, inlined: this loop runs for every candidate of every new item.
      const probeSmaller = probeAnchors.size <= c.anchors.size;
      const small = probeSmaller ? probeAnchors : c.anchors;
      const large = probeSmaller ? c.anchors : probeAnchors;
      let shared = 0;
      for (const x of small) if (large.has(x)) shared++;
      const ratio = shared / small.size;
      if (shared < MIN_SHARED_ANCHORS || ratio < MIN_ANCHOR_RATIO) continue;
      const score = shared * ratio;
      if (!best || score > best.score) best = { storyId: c.edition.storyId, score };
    }
  }
  return best?.storyId ?? null;
}

export function toCandidate(edition: EditionCandidate['edition'], publisher: string, anchors?: Set<string>): EditionCandidate {
  return {
    edition,
    publisher,
    anchors: anchors ?? storyAnchors(`${edition.title}\n${edition.text}`),
    time: Date.parse(edition.publishedAt ?? edition.firstSeenAt),
  };
}
