import type { Edition, LanguageCode } from '../domain/types.js';
import type { Anchors } from './anchor-list.js';
import { canonicalUrl } from './canonical-url.js';
import { figuresOf, MIN_SHARED_ANCHORS, sameEventScore, samePublisherScore } from './same-event-score.js';
import { storyAnchors } from './story-anchors.js';

export { MIN_SHARED_ANCHORS };

export interface EditionCandidate {
  edition: Pick<
    Edition,
    'id' | 'storyId' | 'sourceId' | 'url' | 'language' | 'publishedAt' | 'firstSeenAt' | 'text' | 'title'
  >;
  publisher: string;
  anchors: Anchors;
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

/** The editions a story already has, as (publisher, language): a story takes at most one of each (SPEC 5.1). */
export type StoryMembers = (storyId: string) => Iterable<{ publisher: string; edition: { language: LanguageCode } }>;

const MAX_DAYS_APART = 10;
/** Editions further apart than this are never editions of one story (hreflang alternates included). */
export const SAME_STORY_MAX_MS = MAX_DAYS_APART * 86_400_000;
/** Without an hreflang link, reports further apart than this are never grouped: another event (SPEC 5.1). */
export const SAME_EVENT_MAX_MS = 72 * 3_600_000;
/** The same publisher's editions in two languages published this close are judged by samePublisherScore too. */
export const SAME_PUBLISHER_MAX_MS = 48 * 3_600_000;

/**
 * Finds the story a new edition belongs to (SPEC 5.1): an hreflang alternate link, or a report within 72 h (any
 * publisher, another language or another publisher) sharing the event's distinctive figures and names with no
 * conflicting figure, or the same publisher's release in another language within 48 h with the same figures. Returns
 * the story id, or null: in doubt, entries stay apart.
 */
export function findSameStory(
  probe: NewEditionProbe,
  candidates: EditionCandidate[],
  probeAnchors?: Anchors,
): string | null {
  const members: StoryMembers = (storyId) => candidates.filter((c) => c.edition.storyId === storyId);
  if (probe.alternates.length > 0) {
    const key = (url: string) => canonicalUrl(url) ?? url;
    const alternateUrls = new Set(probe.alternates.map((a) => key(a.url)));
    for (const c of candidates) {
      if (
        c.edition.url &&
        alternateUrls.has(key(c.edition.url)) &&
        c.edition.language !== probe.language &&
        canJoin(probe, c.edition.storyId, members)
      ) {
        return c.edition.storyId;
      }
    }
  }
  return findByAnchors(probe, probeAnchors ?? storyAnchors(`${probe.title}\n${probe.text}`), members, candidates);
}

/** Whether the story has no edition yet in the probe's language from the probe's publisher. */
export function canJoin(
  probe: Pick<NewEditionProbe, 'publisher' | 'language'>,
  storyId: string,
  members: StoryMembers,
): boolean {
  for (const m of members(storyId))
    if (m.publisher === probe.publisher && m.edition.language === probe.language) return false;
  return true;
}

/**
 * The anchor half of findSameStory: the best-scoring candidate within 72 h that is another language or another
 * publisher, whose story can take the probe; the first of equals, reading the lists in order.
 */
export function findByAnchors(
  probe: NewEditionProbe,
  probeAnchors: Anchors,
  members: StoryMembers,
  ...lists: EditionCandidate[][]
): string | null {
  // Fewer anchors than the minimum to share: nothing can match.
  if (probeAnchors.size < MIN_SHARED_ANCHORS) return null;
  // Every match shares a figure: a probe without one matches nothing, a candidate without one of them is skipped.
  const figures = figuresOf(probeAnchors);
  if (figures.length === 0) return null;
  const probeTime = Date.parse(probe.publishedAt ?? probe.firstSeenAt);
  let best: { storyId: string; score: number } | null = null;
  for (const candidates of lists) {
    for (const c of candidates) {
      // Same publisher, same language: a re-publication or another story, never a second edition.
      if (
        c.anchors.size < MIN_SHARED_ANCHORS ||
        (c.edition.language === probe.language && c.publisher === probe.publisher)
      )
        continue;
      if (!(Math.abs(c.time - probeTime) <= SAME_EVENT_MAX_MS) || !figures.some((f) => c.anchors.has(f))) continue;
      let score = sameEventScore(probeAnchors, c.anchors);
      // One publisher's release in another language (it shares a distinctive figure too, as every match does).
      if (c.publisher === probe.publisher && publishedClose(probe.publishedAt, c.edition.publishedAt))
        score = Math.max(score, samePublisherScore(probeAnchors, c.anchors));
      if (score === 0 || (best && score <= best.score)) continue;
      if (canJoin(probe, c.edition.storyId, members)) best = { storyId: c.edition.storyId, score };
    }
  }
  return best?.storyId ?? null;
}

/** Both publication dates known and within 48 h (first-seen times say nothing about when a release came out). */
function publishedClose(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_PUBLISHER_MAX_MS;
}

export function toCandidate(
  edition: EditionCandidate['edition'],
  publisher: string,
  anchors?: Anchors,
): EditionCandidate {
  return {
    edition,
    publisher,
    anchors: anchors ?? storyAnchors(`${edition.title}\n${edition.text}`),
    time: candidateTime(edition),
  };
}

/** A candidate's time: its publication, else when it was first seen. */
export function candidateTime(edition: Pick<Edition, 'publishedAt' | 'firstSeenAt'>): number {
  return Date.parse(edition.publishedAt ?? edition.firstSeenAt);
}
