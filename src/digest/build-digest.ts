import type { Digest } from '../domain/digest.js';
import type { LanguageCode, Platform, SourceConfig, Story } from '../domain/types.js';
import type { LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import { composeDigest } from './compose-digest.js';
import { digestWarnings } from './digest-warnings.js';
import { readStoredSummaries } from './read-stored-summaries.js';
import { type SummariseDeps, summariseStories } from './summarise-stories.js';

/** What a digest needs: the stories and their summaries, and the model for the summaries missing (see SummariseDeps). */
export interface BuildDigestDeps {
  store: Pick<Store, 'dialect' | 'stories' | 'sources' | 'summaries' | 'locks'>;
  llm: LlmClient | null;
  log: Logger;
  promptVersion: string;
  concurrency?: number;
  inputTokenCap?: number;
  onStoryDone?: SummariseDeps['onStoryDone'];
  sources: SourceConfig[];
  /** DIGEST_MAX_ITEMS: most stories in one digest. */
  maxItems: number;
}

export interface BuildDigestOptions {
  languages: LanguageCode[];
  /** ISO time; null = no lower bound. */
  since: string | null;
  limit?: number;
  filter?: string[];
  /** `lang xx,yy only`: leave out stories with no text in these languages. */
  languagesOnly?: boolean;
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
  const unmuted = options.mutedSources?.length ? withoutSources(loaded, new Set(options.mutedSources)) : loaded;
  // Offline, a story has text in a language only through an edition in it: `only` can choose before summarising.
  const stories =
    options.languagesOnly && !deps.llm
      ? unmuted.filter((s) => s.editions.some((e) => options.languages.includes(e.language)))
      : unmuted;
  // Names stored with each source's row cover sources that are not in this run's sources file (`digest --no-ingest`).
  const stored = stories.length ? await deps.store.sources.list() : [];
  const firstFetchOf = new Map(
    stored.flatMap((s): Array<[string, string]> => (s.firstSuccessAt ? [[s.id, s.firstSuccessAt]] : [])),
  );
  const draft = composeDigest({
    stories,
    summaries: new Map(),
    sourceNames: new Map(),
    languages: options.languages,
    maxItems: max,
    firstFetchOf,
    ...(options.filter ? { filter: options.filter } : {}),
  });
  const chosen = stories.filter((s) => draft.items.some((i) => i.id === s.id));
  const summaries = options.storedOnly
    ? await readStoredSummaries(deps, chosen, options.languages)
    : await summariseStories(deps, chosen, options.languages);
  const digest = composeDigest({
    stories: chosen,
    summaries,
    sourceNames: new Map([
      ...stored.map((s): [string, string] => [s.id, s.name]),
      ...deps.sources.map((s): [string, string] => [s.id, s.name]),
    ]),
    languages: options.languages,
    maxItems: max,
    firstFetchOf,
    ...(options.now ? { now: options.now } : {}),
  });
  // An LLM that failed leaves languages empty too: `only` then drops those stories after summarising.
  if (options.languagesOnly) digest.items = digest.items.filter((item) => options.languages.some((l) => item.text[l]));
  // The preview reads stored summaries only: a missing translation there is "not summarised yet", not an LLM failure.
  const warnings = digestWarnings(digest, summaries);
  const notice =
    options.storedOnly && deps.llm ? null : translationNotice(digest, Boolean(deps.llm), warnings.length > 0);
  if (notice) digest.notices = [...(digest.notices ?? []), notice];
  return warnings.length ? { ...digest, warnings } : digest;
}

/** Leaves out the editions of muted sources, and the stories that had no other edition. */
function withoutSources(stories: Story[], muted: Set<string>): Story[] {
  const kept: Story[] = [];
  for (const story of stories) {
    const editions = story.editions.filter((e) => !muted.has(e.sourceId));
    if (editions.length === 0) continue;
    const primary = editions.find((e) => e.id === story.primaryEditionId) ?? editions[0];
    kept.push(
      editions.length === story.editions.length
        ? story
        : { ...story, editions, primaryEditionId: primary?.id ?? story.primaryEditionId },
    );
  }
  return kept;
}

/** Said once per digest (SPEC 5.3), instead of a "not available" line per story and language. */
function translationNotice(digest: Digest, withLlm: boolean, budgetSpent: boolean): string | null {
  const missing = digest.items.some((item) => digest.languages.some((l) => !item.text[l]));
  if (!missing) return null;
  if (withLlm && budgetSpent)
    return "Some texts could not be translated: today's LLM token budget is spent. They show in their original language.";
  return withLlm
    ? 'Some texts could not be translated this time (the LLM failed): they show in their original language.'
    : "Translations need an LLM (set OPENAI_API_KEY): each story shows only the languages it was published in; a story with none of this digest's languages shows a short extract in its original language.";
}
