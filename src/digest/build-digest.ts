import type { Digest } from '../domain/digest.js';
import type { LanguageCode, Platform, SourceConfig, Story } from '../domain/types.js';
import { composeDigest } from './compose-digest.js';
import { digestWarnings } from './digest-warnings.js';
import { readStoredSummaries } from './read-stored-summaries.js';
import { type SummariseDeps, summariseStories } from './summarise-stories.js';

export interface BuildDigestDeps extends SummariseDeps {
  sources: SourceConfig[];
  maxItems: number;
}

export interface BuildDigestOptions {
  languages: LanguageCode[];
  /** ISO time; null = no lower bound. */
  since: string | null;
  limit?: number;
  filter?: string[];
  /** When set, only stories not yet delivered to this channel (scheduled digests). */
  undeliveredTo?: { platform: Platform; channelId: string };
  now?: Date;
  /** Stored summaries only, never an LLM call (the preview page): missing ones are offline extracts, marked. */
  storedOnly?: boolean;
  /** Sources muted in the channel ("Mute this source here"): their editions are left out. */
  mutedSources?: string[];
}

/** Selects the stories of a digest, summarises what is missing, and composes it. */
export async function buildDigest(deps: BuildDigestDeps, options: BuildDigestOptions): Promise<Digest> {
  // An explicit limit (`latest N`, `--limit N`) wins over DIGEST_MAX_ITEMS.
  const max = options.limit ?? deps.maxItems;
  // Filtering happens after loading, so load more candidates than the cap.
  const pool = options.filter?.length ? max * 10 : max * 3;
  const loaded = options.undeliveredTo
    ? await deps.store.stories.undelivered({ ...options.undeliveredTo, since: options.since, limit: pool })
    : await deps.store.stories.latest({ since: options.since, limit: pool });
  const stories = options.mutedSources?.length ? withoutSources(loaded, new Set(options.mutedSources)) : loaded;
  const draft = composeDigest({
    stories, summaries: new Map(), sourceNames: new Map(), languages: options.languages, maxItems: max,
    ...(options.filter ? { filter: options.filter } : {}),
  });
  const chosen = stories.filter((s) => draft.items.some((i) => i.id === s.id));
  const summaries = options.storedOnly
    ? await readStoredSummaries(deps, chosen, options.languages)
    : await summariseStories(deps, chosen, options.languages);
  const digest = composeDigest({
    stories: chosen,
    summaries,
    sourceNames: new Map(deps.sources.map((s) => [s.id, s.name])),
    languages: options.languages,
    maxItems: max,
    ...(options.now ? { now: options.now } : {}),
  });
  const warnings = digestWarnings(digest, summaries);
  return warnings.length ? { ...digest, warnings } : digest;
}

/** Leaves out the editions of muted sources, and the stories that had no other edition. */
function withoutSources(stories: Story[], muted: Set<string>): Story[] {
  const kept: Story[] = [];
  for (const story of stories) {
    const editions = story.editions.filter((e) => !muted.has(e.sourceId));
    if (editions.length === 0) continue;
    const primary = editions.find((e) => e.id === story.primaryEditionId) ?? editions[0];
    kept.push(editions.length === story.editions.length ? story : { ...story, editions, primaryEditionId: primary?.id ?? story.primaryEditionId });
  }
  return kept;
}
