/** Domain types shared by the whole core. Plain data, no behaviour. */

/** BCP-47 primary language tag, lower case: "en", "ar", "fr", "es", "fa". */
export type LanguageCode = string;

export type Platform = 'slack' | 'teams' | 'console';

export type FullTextMode = 'auto' | 'always' | 'never';
export type FeedType = 'rss' | 'atom' | 'jsonfeed';

/** One configured news source (validated from the sources file). */
export interface SourceConfig {
  id: string;
  name: string;
  /** Absolute http(s) URL or file URL (relative paths are resolved against the sources file). */
  url: string;
  language?: LanguageCode;
  type?: FeedType;
  /** Keep only items about this topic ("migration") or containing one of these comma-separated words. */
  filter?: string;
  fullText: FullTextMode;
  /** True when the configured URL itself points at a private/loopback address (explicitly allowed). */
  allowPrivateAddress: boolean;
}

/** An item as read from a feed, before dedupe. Untrusted text, already converted from HTML to plain text. */
export interface FeedItem {
  guid: string | null;
  url: string | null;
  title: string;
  /** Plain-text teaser (RSS description, Atom summary). */
  teaser: string;
  /** Plain-text full body when the feed carries it (content:encoded, Atom content), one paragraph per line. */
  body: string | null;
  publishedAt: string | null;
  /** Language declared by the item or feed (xml:lang, dc:language, channel language), if any. */
  declaredLanguage: LanguageCode | null;
  /** hreflang alternates found for this item (from the article page), url -> language. */
  alternates: Array<{ url: string; language: LanguageCode }>;
}

/** One language edition of a story, as stored. */
export interface Edition {
  id: string;
  storyId: string;
  sourceId: string;
  url: string | null;
  guid: string | null;
  language: LanguageCode;
  title: string;
  /** Best text we have: full article body, else the teaser. One paragraph per line. */
  text: string;
  publishedAt: string | null;
  contentHash: string;
  firstSeenAt: string;
  updatedAt: string;
  /** 1 for the first version; incremented each time the content changes (an update). */
  version: number;
}

export interface Story {
  id: string;
  /** The edition that represents the story (the first one seen). */
  primaryEditionId: string;
  firstSeenAt: string;
  updatedAt: string;
  publishedAt: string | null;
  editions: Edition[];
}

export type TextOrigin = 'source' | 'translation';

export interface LanguageText {
  title: string;
  summary: string;
  origin: TextOrigin;
}

/** A story summarised into the languages of a digest. */
export interface StorySummary {
  storyId: string;
  cacheKey: string;
  languages: LanguageCode[];
  /** One key per language; null when the language is unavailable (offline without an edition). */
  text: Record<LanguageCode, LanguageText | null>;
  warnings: string[];
  mode: 'llm' | 'offline';
  promptVersion: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** A channel subscription to scheduled digests. */
export interface Subscription {
  id: string;
  platform: Platform;
  channelId: string;
  /** Platform data needed to post proactively (Teams conversation reference), else null. */
  conversationRef: unknown | null;
  cron: string;
  timezone: string;
  languages: LanguageCode[];
  /** Keywords/regions; a story must mention one of them (any language). Empty = everything. */
  filter: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The scheduled slot last run (ISO), used for catch-up after downtime. */
  lastSlotAt: string | null;
  /** `lang xx,yy only`: leave out stories with no text in these languages (default false). */
  languagesOnly?: boolean;
  /**
   * Set while the bot is out of the channel (removed, app uninstalled, or a delivery refused because it is not
   * there): no slot is delivered, the settings are kept. Null (or absent) when it runs.
   */
  pausedAt?: string | null;
  /** Why it was paused, e.g. "the bot was removed from the channel (channel_left)". */
  pausedReason?: string | null;
}

/** Where a digest goes. */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
  conversationRef?: unknown | null;
}

/** A thread in a channel: Slack (channel, thread_ts); Teams (conversation id, root activity id). */
export interface ThreadRef {
  platform: Platform;
  channelId: string;
  threadId: string;
  /** Teams: the stored conversation reference, for proactive replies after a restart. */
  conversationRef?: unknown | null;
}
