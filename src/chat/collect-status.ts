import type { ChannelRef, Platform } from '../domain/types.js';
import type { LlmBudget, LlmBudgetStatus } from '../ports/llm.js';
import type { Delivery, SourceState, Store } from '../ports/store.js';
import { nextSlot } from '../schedule/cron-slots.js';

export interface StatusDeps {
  store: Pick<Store, 'sources' | 'subscriptions' | 'deliveryLog' | 'llmCalls' | 'channels'>;
  /** The configured sources; null when no sources file was read: those the store has fetched, by their stored names. */
  sources: Array<{ id: string; name: string }> | null;
  now?: () => Date;
  /** LLM_DAILY_TOKEN_BUDGET (null offline). */
  budget?: LlmBudget | null;
}

export interface SourceHealth {
  id: string;
  name: string;
  /** `failing` when the last fetch failed; `never` when it was not fetched yet. */
  health: 'ok' | 'failing' | 'never';
  lastStatus: SourceState['lastStatus'];
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  itemsNew: number;
  itemsDuplicate: number;
  itemsUpdated: number;
  consecutiveFailures: number;
  error: string | null;
}

export interface SubscriptionStatus {
  id: string;
  platform: Platform;
  channelId: string;
  cron: string;
  timezone: string;
  languages: string[];
  filter: string[];
  nextRunAt: string | null;
  lastSlotAt: string | null;
  /** Set while the bot is out of the channel: no digest is delivered there until it is added back. */
  pausedAt: string | null;
  pausedReason: string | null;
}

export interface DeliverySummary {
  id: string;
  subscriptionId: string | null;
  platform: Platform;
  channelId: string;
  kind: Delivery['kind'];
  status: Delivery['status'];
  attempts: number;
  error: string | null;
  stories: number;
  /** When it was posted, else when it last changed. */
  at: string;
}

/** Everything `status` (chat, CLI), /healthz and the preview page show about the bot's state. */
export interface StatusReport {
  generatedAt: string;
  /** The latest fetch of any configured source. */
  lastIngestAt: string | null;
  sources: { ok: number; failing: number; neverFetched: number; list: SourceHealth[] };
  subscriptions: SubscriptionStatus[];
  deliveries: {
    last24h: { posted: number; failed: number; pending: number };
    /** Newest first. */
    recent: DeliverySummary[];
  };
  llm: {
    since: string;
    calls: number;
    promptTokens: number;
    completionTokens: number;
    tokens: number;
    /** Today's (UTC) token budget, shared by every instance; null offline. */
    budget: LlmBudgetStatus | null;
  };
}

const DAY_MS = 24 * 3_600_000;
/** Reads the bot's state from the store; with `channel`, subscriptions and deliveries of that channel only. */
export async function collectStatus(
  deps: StatusDeps,
  options: { channel?: ChannelRef; recent?: number } = {},
): Promise<StatusReport> {
  const now = deps.now?.() ?? new Date();
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const channel = options.channel;
  const scope = channel ? { platform: channel.platform, channelId: channel.channelId } : {};
  const [states, subscriptions, deliveries, counts, usage, budget] = await Promise.all([
    deps.store.sources.list(),
    channel
      ? deps.store.subscriptions.get(channel.platform, channel.channelId).then((s) => (s ? [s] : []))
      : deps.store.subscriptions.list(),
    deps.store.deliveryLog.recent({ ...scope, limit: options.recent ?? 10 }),
    deps.store.deliveryLog.countSince({ ...scope, since }),
    deps.store.llmCalls.usageSince(since),
    deps.budget?.status() ?? null,
  ]);

  const byId = new Map(states.map((s) => [s.id, s]));
  const sources = deps.sources ?? states.map((s) => ({ id: s.id, name: s.name || s.id }));
  const list = sources.map((source) => sourceHealth(source, byId.get(source.id)));
  const lastIngestAt = list.reduce<string | null>(
    (latest, s) => (s.lastFetchAt && (!latest || s.lastFetchAt > latest) ? s.lastFetchAt : latest),
    null,
  );

  const summaries = deliveries.map(summariseDelivery).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const last24h = { posted: counts.posted ?? 0, failed: counts.failed ?? 0, pending: counts.pending ?? 0 };

  return {
    generatedAt: now.toISOString(),
    lastIngestAt,
    sources: {
      ok: list.filter((s) => s.health === 'ok').length,
      failing: list.filter((s) => s.health === 'failing').length,
      neverFetched: list.filter((s) => s.health === 'never').length,
      list,
    },
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      platform: s.platform,
      channelId: s.channelId,
      cron: s.cron,
      timezone: s.timezone,
      languages: s.languages,
      filter: s.filter,
      nextRunAt: nextSlot(s.cron, s.timezone, now)?.toISOString() ?? null,
      lastSlotAt: s.lastSlotAt,
      pausedAt: s.pausedAt ?? null,
      pausedReason: s.pausedReason ?? null,
    })),
    deliveries: { last24h, recent: summaries },
    llm: {
      since,
      calls: usage.calls,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      tokens: usage.promptTokens + usage.completionTokens,
      budget,
    },
  };
}

function sourceHealth(source: { id: string; name: string }, state: SourceState | undefined): SourceHealth {
  const fetched = Boolean(state?.lastFetchAt);
  return {
    id: source.id,
    name: source.name,
    health: !fetched ? 'never' : state?.lastStatus === 'failed' ? 'failing' : 'ok',
    lastStatus: state?.lastStatus ?? null,
    lastFetchAt: state?.lastFetchAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    itemsNew: state?.itemsNew ?? 0,
    itemsDuplicate: state?.itemsDuplicate ?? 0,
    itemsUpdated: state?.itemsUpdated ?? 0,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    error: state?.lastError ?? null,
  };
}

function summariseDelivery(d: Delivery): DeliverySummary {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    platform: d.platform,
    channelId: d.channelId,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    error: d.error,
    stories: d.storyIds.length,
    at: d.postedAt ?? d.updatedAt,
  };
}
