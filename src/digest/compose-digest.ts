import { randomUUID } from 'node:crypto';
import type { Digest, DigestItem } from '../domain/digest.js';
import type { LanguageCode, Story, StorySummary } from '../domain/types.js';
import { offlineSummary } from '../summarise/offline-summary.js';
import { matchesWords } from './matches-words.js';

export interface ComposeInput {
  stories: Story[];
  summaries: Map<string, StorySummary>;
  sourceNames: Map<string, string>;
  languages: LanguageCode[];
  maxItems: number;
  /** Keywords/regions: keep stories mentioning at least one (any edition, any language). */
  filter?: string[];
  now?: Date;
  /**
   * Each source's first successful fetch (SourceState.firstSuccessAt). A story with no date first seen in it is a
   * feed's backlog of unknown age, ranked after the dated stories; without it, an undated story ranks as of its
   * first sight (it appeared in the feed since the last fetch).
   */
  firstFetchOf?: ReadonlyMap<string, string>;
}

// A story carried by another source counts as much as being half a day newer.
const HOURS_PER_EXTRA_SOURCE = 12;

/** Ranks, filters and caps stories, and builds the platform-neutral Digest (SPEC 5.4, 6). */
export function composeDigest(input: ComposeInput): Digest {
  const now = input.now ?? new Date();
  const wanted = input.filter?.length ? input.stories.filter((s) => matchesAny(s, input.filter ?? [])) : input.stories;
  const ranked = wanted
    .map((story) => ({ story, score: rankScore(story, input.firstFetchOf) }))
    .sort((a, b) => b.score - a.score || a.story.id.localeCompare(b.story.id))
    .slice(0, input.maxItems)
    .map(({ story }) => story);
  return {
    id: randomUUID(),
    generatedAt: now.toISOString(),
    languages: input.languages,
    items: ranked.map((story) => toItem(story, input)),
  };
}

function toItem(story: Story, input: ComposeInput): DigestItem {
  const primary = story.editions.find((e) => e.id === story.primaryEditionId) ?? story.editions[0];
  if (!primary) throw new Error(`story ${story.id} has no edition`);
  const summary = input.summaries.get(story.id);
  const text: DigestItem['text'] = {};
  for (const lang of input.languages) text[lang] = summary?.text[lang] ?? null;
  return {
    id: story.id,
    url: primary.url,
    source: primary.sourceId,
    sourceName: input.sourceNames.get(primary.sourceId) ?? primary.sourceId,
    language: primary.language,
    publishedAt: story.publishedAt ?? primary.publishedAt,
    text,
    // sourceName only for configured sources: a source id is not a publisher name ("also reported by" would lie).
    editions: [primary, ...story.editions.filter((e) => e !== primary)].map((e) => {
      const name = input.sourceNames.get(e.sourceId);
      return { url: e.url, source: e.sourceId, language: e.language, ...(name ? { sourceName: name } : {}) };
    }),
    warnings: summary?.warnings ?? ['no summary available'],
    original: originalExtract(primary, input, text),
  };
}

/** No text in any digest language: a short extract of the primary edition, in its own language (SPEC 5.3). */
function originalExtract(
  primary: Story['editions'][number],
  input: ComposeInput,
  text: DigestItem['text'],
): DigestItem['original'] {
  const { languages } = input;
  // The ranking draft has no summaries yet: no extract needed there.
  if (!input.summaries.size || languages.some((l) => text[l])) return null;
  const own = offlineSummary(
    {
      id: primary.storyId,
      primaryEditionId: primary.id,
      firstSeenAt: primary.firstSeenAt,
      updatedAt: primary.updatedAt,
      publishedAt: primary.publishedAt,
      editions: [primary],
    },
    [primary.language],
  ).text[primary.language];
  return own ? { language: primary.language, title: own.title, summary: shorten(own.summary, 400) } : null;
}

/** At most `max` characters, cut after a sentence when one ends late enough, else at a word. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentence = Math.max(
    head.lastIndexOf('. '),
    head.lastIndexOf('۔ '),
    head.lastIndexOf('؟ '),
    head.lastIndexOf('! '),
  );
  if (sentence > max / 2) return head.slice(0, sentence + 1);
  return `${head.slice(0, Math.max(head.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

function rankScore(story: Story, firstFetchOf: ReadonlyMap<string, string> | undefined): number {
  const sources = new Set(story.editions.map((e) => e.sourceId)).size;
  const bonus = (sources - 1) * HOURS_PER_EXTRA_SOURCE * 3_600_000;
  if (isBacklogOfUnknownAge(story, firstFetchOf)) return bonus;
  const time = Date.parse(story.publishedAt ?? story.firstSeenAt) || Date.parse(story.firstSeenAt);
  return time + bonus;
}

/** No edition has a date, and every edition was first seen in its source's first fetch: its age is unknown. */
function isBacklogOfUnknownAge(story: Story, firstFetchOf: ReadonlyMap<string, string> | undefined): boolean {
  if (!firstFetchOf || story.publishedAt) return false;
  return story.editions.every((e) => {
    const first = firstFetchOf.get(e.sourceId);
    return !e.publishedAt && first !== undefined && Date.parse(e.firstSeenAt) <= Date.parse(first);
  });
}

function matchesAny(story: Story, words: string[]): boolean {
  return matchesWords(story.editions.map((e) => `${e.title}\n${e.text}`).join('\n'), words);
}
