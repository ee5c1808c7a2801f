import type { Generated } from 'kysely';

/** Tables of the store. Timestamps are ISO-8601 UTC strings; JSON columns are text. Same on SQLite and PostgreSQL. */
export interface Database {
  sources: SourcesTable;
  stories: StoriesTable;
  editions: EditionsTable;
  summaries: SummariesTable;
  channels: ChannelsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  delivered_stories: DeliveredStoriesTable;
  thread_messages: ThreadMessagesTable;
  qa_turns: QaTurnsTable;
  processed_events: ProcessedEventsTable;
  llm_calls: LlmCallsTable;
  locks: LocksTable;
  question_translations: QuestionTranslationsTable;
  delivery_parts: DeliveryPartsTable;
  story_revisions: StoryRevisionsTable;
  story_update_marks: StoryUpdateMarksTable;
  llm_token_days: LlmTokenDaysTable;
  dedupe_ledger: DedupeLedgerTable;
  channel_mutes: ChannelMutesTable;
}

export interface SourcesTable {
  id: string;
  name: string;
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: string | null;
  last_success_at: string | null;
  first_success_at: string | null;
  last_status: string | null;
  last_error: string | null;
  items_new: number;
  items_duplicate: number;
  items_updated: number;
  consecutive_failures: number;
}

export interface StoriesTable {
  id: string;
  primary_edition_id: string;
  first_seen_at: string;
  updated_at: string;
  published_at: string | null;
  /** first_seen_at or published_at, whichever sorts the story in "latest" listings. */
  sort_at: string;
}

export interface EditionsTable {
  id: string;
  story_id: string;
  source_id: string;
  url: string | null;
  guid: string | null;
  language: string;
  title: string;
  text: string;
  published_at: string | null;
  content_hash: string;
  first_seen_at: string;
  updated_at: string;
  version: number;
}

export interface SummariesTable {
  cache_key: string;
  story_id: string;
  languages: string;
  prompt_version: string;
  model: string;
  mode: string;
  payload: string;
  warnings: string;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: string;
}

export interface ChannelsTable {
  platform: string;
  channel_id: string;
  conversation_ref: string | null;
  /** Languages chosen with `lang` for a channel without a subscription (comma-separated). */
  languages: string | null;
  updated_at: string;
  /** 1 = threaded updates of revised stories are posted here (`updates on`, the default); 0 = off. */
  updates_enabled: Generated<number>;
  /** 1 after `lang xx,yy only` (migration 004). */
  languages_only: Generated<number>;
}

export interface SubscriptionsTable {
  id: string;
  platform: string;
  channel_id: string;
  conversation_ref: string | null;
  cron: string;
  timezone: string;
  languages: string;
  filter: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_slot_at: string | null;
  /** 1 after `lang xx,yy only` (migration 004). */
  languages_only: Generated<number>;
  /** When the bot left the channel and the subscription was paused (migration 010); null while it runs. */
  paused_at: Generated<string | null>;
  paused_reason: Generated<string | null>;
}

export interface DeliveriesTable {
  id: string;
  subscription_id: string | null;
  platform: string;
  channel_id: string;
  kind: string;
  /** The scheduled slot (ISO) for scheduled digests; unique with subscription_id so a slot is delivered once. */
  slot_at: string | null;
  digest_id: string;
  digest: string;
  story_ids: string;
  status: string;
  attempts: number;
  error: string | null;
  message_refs: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  /** New random token per lease acquisition: every state change must present it (fencing). */
  lease_token: string | null;
  /** JSON of a story update (kind 'update'); null for digests. */
  payload: string | null;
  created_at: string;
  updated_at: string;
  posted_at: string | null;
}

export interface DeliveredStoriesTable {
  platform: string;
  channel_id: string;
  story_id: string;
  delivery_id: string;
  delivered_at: string;
}

export interface ThreadMessagesTable {
  platform: string;
  channel_id: string;
  thread_id: string;
  message_id: string;
  digest_id: string;
  story_ids: string;
  created_at: string;
}

export interface QaTurnsTable {
  id: Generated<number>;
  platform: string;
  channel_id: string;
  thread_id: string;
  question: string;
  answer: string;
  language: string;
  created_at: string;
}

export interface ProcessedEventsTable {
  platform: string;
  event_id: string;
  created_at: string;
}

export interface LlmCallsTable {
  id: Generated<number>;
  at: string;
  purpose: string;
  model: string;
  story_id: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  ok: number;
}

/** Leases for work shared by several instances (PostgreSQL); also harmless on SQLite. */
export interface LocksTable {
  name: string;
  owner: string;
  expires_at: string;
  /** New random token per acquisition (renewals keep it). */
  token: string | null;
}

/** One posted part of a multi-message delivery, recorded as it is posted: a retry resumes after the last one. */
export interface DeliveryPartsTable {
  delivery_id: string;
  part_index: number;
  message_id: string;
  thread_id: string;
  story_ids: string;
  posted_at: string;
}

/** An edition whose title or text changed (its version went up), with both versions, for threaded updates. */
export interface StoryRevisionsTable {
  id: Generated<number>;
  story_id: string;
  edition_id: string;
  source_id: string;
  version: number;
  old_title: string;
  old_text: string;
  new_title: string;
  new_text: string;
  revised_at: string;
}

/** The last revision announced per story and channel, and when: updates go out once, at most one per 6 hours. */
export interface StoryUpdateMarksTable {
  platform: string;
  channel_id: string;
  story_id: string;
  last_revision: number;
  last_at: string;
}

export interface QuestionTranslationsTable {
  cache_key: string;
  source_language: string;
  target_language: string;
  model: string;
  translation: string;
  created_at: string;
}

/** LLM tokens spent per UTC day (YYYY-MM-DD), added atomically by every instance: the shared daily budget. */
export interface LlmTokenDaysTable {
  day: string;
  /** bigint: PostgreSQL returns it as a string. */
  tokens: number | string;
}

/**
 * What dedupe needs of pruned stories: one row per canonical URL, source guid and content hash, each stored as a
 * short digest of its kind and value. seen_at is the prune time, or the last time a feed still carried the item.
 */
export interface DedupeLedgerTable {
  key: string;
  seen_at: string;
}

/** Sources muted in one channel ("Mute this source here"): its digests leave their editions out. */
export interface ChannelMutesTable {
  platform: string;
  channel_id: string;
  source_id: string;
  created_by: string;
  created_at: string;
}
