import type { Selectable } from 'kysely';
import type { Edition, Platform, Story, StorySummary, Subscription } from '../domain/types.js';
import type { Delivery, DeliveryStatus, SourceState } from '../ports/store.js';
import type { DeliveriesTable, EditionsTable, SourcesTable, SubscriptionsTable, SummariesTable } from './schema.js';

/** Row <-> domain mapping, in one place so both dialects share it. */

export const toEdition = (r: EditionsTable): Edition => ({
  id: r.id,
  storyId: r.story_id,
  sourceId: r.source_id,
  url: r.url,
  guid: r.guid,
  language: r.language,
  title: r.title,
  text: r.text,
  publishedAt: r.published_at,
  contentHash: r.content_hash,
  firstSeenAt: r.first_seen_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const fromEdition = (e: Edition): EditionsTable => ({
  id: e.id,
  story_id: e.storyId,
  source_id: e.sourceId,
  url: e.url,
  guid: e.guid,
  language: e.language,
  title: e.title,
  text: e.text,
  published_at: e.publishedAt,
  content_hash: e.contentHash,
  first_seen_at: e.firstSeenAt,
  updated_at: e.updatedAt,
  version: e.version,
});

/** Stories sort by publication time, but a date in the future (bad feed clock) is clamped to first sight. */
export const storySortAt = (s: Pick<Story, 'publishedAt' | 'firstSeenAt'>): string =>
  s.publishedAt && s.publishedAt < s.firstSeenAt ? s.publishedAt : s.firstSeenAt;

export const toSourceState = (r: SourcesTable): SourceState => ({
  id: r.id,
  name: r.name,
  url: r.url,
  etag: r.etag,
  lastModified: r.last_modified,
  lastFetchAt: r.last_fetch_at,
  lastSuccessAt: r.last_success_at,
  firstSuccessAt: r.first_success_at,
  lastStatus: r.last_status as SourceState['lastStatus'],
  lastError: r.last_error,
  itemsNew: Number(r.items_new),
  itemsDuplicate: Number(r.items_duplicate),
  itemsUpdated: Number(r.items_updated),
  consecutiveFailures: Number(r.consecutive_failures),
});

export const fromSourceState = (s: SourceState): SourcesTable => ({
  id: s.id,
  name: s.name,
  url: s.url,
  etag: s.etag,
  last_modified: s.lastModified,
  last_fetch_at: s.lastFetchAt,
  last_success_at: s.lastSuccessAt,
  first_success_at: s.firstSuccessAt ?? null,
  last_status: s.lastStatus,
  last_error: s.lastError,
  items_new: s.itemsNew,
  items_duplicate: s.itemsDuplicate,
  items_updated: s.itemsUpdated,
  consecutive_failures: s.consecutiveFailures,
});

export const toSummary = (r: SummariesTable): StorySummary => {
  const payload = JSON.parse(r.payload) as Pick<StorySummary, 'text'>;
  return {
    storyId: r.story_id,
    cacheKey: r.cache_key,
    languages: r.languages.split(','),
    text: payload.text,
    warnings: JSON.parse(r.warnings) as string[],
    mode: r.mode as StorySummary['mode'],
    promptVersion: r.prompt_version,
    model: r.model,
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
  };
};

export const toSubscription = (r: Selectable<SubscriptionsTable>): Subscription => ({
  id: r.id,
  platform: r.platform as Platform,
  channelId: r.channel_id,
  conversationRef: r.conversation_ref ? (JSON.parse(r.conversation_ref) as unknown) : null,
  cron: r.cron,
  timezone: r.timezone,
  languages: r.languages.split(','),
  filter: r.filter ? (JSON.parse(r.filter) as string[]) : [],
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastSlotAt: r.last_slot_at,
  languagesOnly: Number(r.languages_only ?? 0) === 1,
  pausedAt: r.paused_at ?? null,
  pausedReason: r.paused_reason ?? null,
});

export const fromSubscription = (
  s: Subscription,
): Omit<SubscriptionsTable, 'languages_only' | 'paused_at' | 'paused_reason'> & {
  languages_only: number;
  paused_at: string | null;
  paused_reason: string | null;
} => ({
  id: s.id,
  platform: s.platform,
  channel_id: s.channelId,
  conversation_ref: s.conversationRef == null ? null : JSON.stringify(s.conversationRef),
  cron: s.cron,
  timezone: s.timezone,
  languages: s.languages.join(','),
  filter: JSON.stringify(s.filter),
  created_by: s.createdBy,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  last_slot_at: s.lastSlotAt,
  languages_only: s.languagesOnly ? 1 : 0,
  paused_at: s.pausedAt ?? null,
  paused_reason: s.pausedReason ?? null,
});

export const toDelivery = (r: DeliveriesTable): Delivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  platform: r.platform as Platform,
  channelId: r.channel_id,
  kind: r.kind as Delivery['kind'],
  slotAt: r.slot_at,
  digestId: r.digest_id,
  digest: JSON.parse(r.digest) as Delivery['digest'],
  storyIds: JSON.parse(r.story_ids) as string[],
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
  error: r.error,
  messageRefs: r.message_refs ? (JSON.parse(r.message_refs) as Delivery['messageRefs']) : null,
  update: r.payload ? (JSON.parse(r.payload) as Delivery['update']) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  postedAt: r.posted_at,
});

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
