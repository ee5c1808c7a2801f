/** A changed figure between two versions of a story's text: old and new value, and where the new one appears. */
export interface FigureChange {
  from: string;
  to: string;
  /** The sentence of the new text that carries the new value (untrusted feed text). */
  context: string;
}

/**
 * A short threaded update under a digest that carried a story later revised (SPEC 7.4): what changed, from which
 * source, when. Texts come from feeds (untrusted): adapters escape them as they escape digests.
 */
export interface StoryUpdate {
  storyId: string;
  /** The newest revision this update reports (story_revisions id). */
  revision: number;
  sourceName: string;
  /** When the revision was seen (ISO). */
  revisedAt: string;
  language: string;
  figures: FigureChange[];
  /** The new title when it changed, else null. */
  title: string | null;
  /** The digest message this update replies under. */
  thread: { threadId: string; messageId: string };
}

/** The update's identity (also its outbox digest id): one story revision. */
export function updateKey(update: Pick<StoryUpdate, 'storyId' | 'revision'>): string {
  return `update:${update.storyId}:${update.revision}`;
}

const MAX_FIGURES = 3;
const MAX_CONTEXT = 200;

/**
 * The update's one line, in plain text (untrusted parts included as they are; adapters escape the whole line):
 * "Update (IOM, 14:05 UTC): revised from 41 to 62: “At least 62 people died …”".
 */
export function describeUpdate(update: StoryUpdate): string {
  const at = new Date(update.revisedAt);
  const time = Number.isNaN(at.getTime()) ? '' : `, ${at.toISOString().slice(11, 16)} UTC`;
  const parts = update.figures
    .slice(0, MAX_FIGURES)
    .map((f) => `revised from ${f.from} to ${f.to}: “${clip(f.context)}”`);
  if (update.title) parts.push(`title revised: “${clip(update.title)}”`);
  const body = parts.join('; ') || 'the story was revised';
  return `Update (${update.sourceName}${time}): ${body}${/[.”]$/.test(body) ? '' : '.'}`;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_CONTEXT ? flat : `${flat.slice(0, MAX_CONTEXT - 1).trimEnd()}…`;
}
