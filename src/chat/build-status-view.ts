import type { StatusView } from '../domain/interactions.js';
import type { ChannelRef, Platform, Subscription } from '../domain/types.js';
import type { LlmBudget } from '../ports/llm.js';
import type { SourceState, Store } from '../ports/store.js';
import { nextSlot } from '../schedule/cron-slots.js';
import { describeBudget, unconfirmedReason } from './describe-status.js';

export interface StatusViewDeps {
  store: Pick<Store, 'sources' | 'subscriptions' | 'deliveryLog' | 'mutes' | 'channels'>;
  sources: Array<{ id: string; name: string }>;
  /** Today's LLM token budget (issue 15): its line is on every status view. */
  budget?: LlmBudget | null;
  now?: () => Date;
}

/** Most channels a Home tab lists (it holds 100 blocks; each channel takes a few). */
export const MAX_HOME_CHANNELS = 20;

/** One channel's subscription, last delivery, muted sources and source health (the `status` card). */
export async function buildStatusView(deps: StatusViewDeps, channel: ChannelRef): Promise<StatusView> {
  const [sub, states, budgetLine] = await Promise.all([
    deps.store.subscriptions.get(channel.platform, channel.channelId),
    deps.store.sources.list(),
    describeBudgetOf(deps),
  ]);
  const shared = { sourcesLine: sourcesLine(deps.sources, states), budgetLine };
  return viewOf(deps, channel.platform, channel.channelId, sub ?? null, shared);
}

/** The budget's line, or undefined when no budget is configured (offline, or unlimited). */
async function describeBudgetOf(deps: StatusViewDeps): Promise<string | undefined> {
  const budget = await deps.budget?.status();
  return budget ? describeBudget(budget) : undefined;
}

/** What every view of one request shares: source health and the budget. */
interface SharedLines {
  sourcesLine: string;
  budgetLine: string | undefined;
}

/**
 * Every subscribed channel of one platform (the Slack Home tab), oldest subscription first; `visible` narrows it.
 * At most `limit` views (MAX_HOME_CHANNELS); `more` counts the subscribed channels left out.
 */
export async function buildStatusViews(
  deps: StatusViewDeps,
  platform: Platform,
  visible?: (channelId: string) => boolean,
  limit = MAX_HOME_CHANNELS,
): Promise<{ views: StatusView[]; more: number }> {
  const [subs, states, budgetLine] = await Promise.all([
    deps.store.subscriptions.list(),
    deps.store.sources.list(),
    describeBudgetOf(deps),
  ]);
  const shared = { sourcesLine: sourcesLine(deps.sources, states), budgetLine };
  const mine = subs.filter((s) => s.platform === platform && (!visible || visible(s.channelId)));
  const views = await Promise.all(mine.slice(0, limit).map((s) => viewOf(deps, platform, s.channelId, s, shared)));
  return { views, more: Math.max(0, mine.length - limit) };
}

async function viewOf(
  deps: StatusViewDeps,
  platform: Platform,
  channelId: string,
  sub: Subscription | null,
  shared: SharedLines,
): Promise<StatusView> {
  const now = deps.now?.() ?? new Date();
  const [recent, muted, settings] = await Promise.all([
    deps.store.deliveryLog.recent({ platform, channelId, limit: 1 }),
    deps.store.mutes.list(platform, channelId),
    deps.store.channels.get(platform, channelId),
  ]);
  const last = recent[0];
  const names = new Map(deps.sources.map((s) => [s.id, s.name]));
  return {
    platform,
    channelId,
    subscription: sub
      ? {
          schedule: describeSchedule(sub.cron),
          cron: sub.cron,
          timezone: sub.timezone,
          languages: sub.languages,
          filter: sub.filter,
          nextRunAt: nextSlot(sub.cron, sub.timezone, now)?.toISOString() ?? null,
          paused: sub.pausedAt
            ? { at: sub.pausedAt, reason: sub.pausedReason ?? 'the bot is not in this channel' }
            : null,
        }
      : null,
    muted: muted.map((id) => ({ id, name: names.get(id) ?? id })),
    lastDelivery: last
      ? {
          at: last.postedAt ?? last.updatedAt,
          kind: last.kind,
          status: last.status,
          stories: last.storyIds.length,
          error: last.error,
          waiting: last.status === 'failed' ? unconfirmedReason(last.error) : null,
        }
      : null,
    updates: settings?.updates !== false,
    ...(shared.budgetLine ? { budgetLine: shared.budgetLine } : {}),
    sourcesLine: shared.sourcesLine,
  };
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "daily at 08:00", "weekdays at 08:30", "weekly on Monday at 09:00"; any other cron as itself. */
export function describeSchedule(cron: string): string {
  const form = readSchedule(cron);
  if (!form) return `cron "${cron}"`;
  if (form.schedule === 'weekly') return `weekly on ${DAY_NAMES[form.day] ?? '?'} at ${form.time}`;
  return `${form.schedule} at ${form.time}`;
}

/** A cron the subscription form can show (daily / weekdays / weekly at one time), or null. */
export function readSchedule(
  cron: string,
): { schedule: 'daily' | 'weekdays' | 'weekly'; day: number; time: string } | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5|[0-7])$/.exec(cron.trim());
  if (!m) return null;
  const time = `${String(m[2]).padStart(2, '0')}:${String(m[1]).padStart(2, '0')}`;
  if (m[3] === '*') return { schedule: 'daily', day: 1, time };
  if (m[3] === '1-5') return { schedule: 'weekdays', day: 1, time };
  return { schedule: 'weekly', day: Number(m[3]) % 7, time };
}

/** "3 sources: 2 ok, 1 failing (UN News)". */
export function sourcesLine(sources: Array<{ id: string; name: string }>, states: SourceState[]): string {
  const byId = new Map(states.map((s) => [s.id, s]));
  const failing = sources.filter((s) => byId.get(s.id)?.lastStatus === 'failed');
  const never = sources.filter((s) => !byId.get(s.id)?.lastFetchAt).length;
  const ok = sources.length - failing.length - never;
  const parts = [`${ok} ok`];
  if (failing.length)
    parts.push(
      `${failing.length} failing (${failing
        .slice(0, 5)
        .map((s) => `${s.name} ${s.id}`)
        .join(', ')}${failing.length > 5 ? ', …' : ''})`,
    );
  if (never) parts.push(`${never} not fetched yet`);
  return `${sources.length} ${sources.length === 1 ? 'source' : 'sources'}: ${parts.join(', ')}`;
}

/** The plain-text rendering of a status view (fallback text, console). */
export function describeStatusView(view: StatusView): string {
  const lines: string[] = [];
  const s = view.subscription;
  if (s) {
    lines.push(
      `Digest ${s.schedule} (${s.timezone}), ${s.languages.join(' + ')}${s.filter.length ? `, filter: ${s.filter.join(', ')}` : ''}.`,
    );
    lines.push(
      s.paused
        ? `Paused since ${utc(s.paused.at)}: ${s.paused.reason}. Add me back here to restart the digests.`
        : `Next run: ${s.nextRunAt ? utc(s.nextRunAt) : 'unknown'}.`,
    );
  } else {
    lines.push('No scheduled digest here.');
  }
  const d = view.lastDelivery;
  lines.push(
    d
      ? `Last delivery: ${utc(d.at)}, ${d.kind === 'scheduled' ? 'scheduled' : 'on demand'}, ${d.status}${d.status === 'failed' ? ` (${d.error ?? 'unknown error'})` : `, ${d.stories} ${d.stories === 1 ? 'story' : 'stories'}`}.`
      : 'No digest delivered here yet.',
  );
  if (view.muted.length)
    lines.push(`Muted here: ${view.muted.map((m) => (m.name === m.id ? m.id : `${m.name} (${m.id})`)).join(', ')}.`);
  lines.push(`Sources: ${view.sourcesLine}.`);
  return lines.join('\n');
}

function utc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
