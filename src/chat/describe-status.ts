import { deliveryKindLabel } from '../domain/interactions.js';
import type { ChannelRef } from '../domain/types.js';
import type { LlmBudgetStatus } from '../ports/llm.js';
import { collectStatus, type DeliverySummary, type SourceHealth, type StatusDeps } from './collect-status.js';

const RECENT_DELIVERIES = 3;

/**
 * `status`: this channel's subscription and next run, its last deliveries and failures, source health, and the
 * bot's LLM usage over the last day, as plain text (adapters escape it).
 */
export async function describeStatus(deps: StatusDeps, channel: ChannelRef): Promise<string> {
  const report = await collectStatus(deps, { channel, recent: RECENT_DELIVERIES });
  const lines: string[] = [];
  const [sub] = report.subscriptions;
  if (sub) {
    lines.push(
      `Subscription: cron "${sub.cron}" (${sub.timezone}), languages ${sub.languages.join(' + ')}${sub.filter.length ? `, filter: ${sub.filter.join(', ')}` : ''}.`,
      sub.pausedAt
        ? `Paused since ${utc(sub.pausedAt)}: ${sub.pausedReason ?? 'the bot is not in this channel'}. Add me back here to restart the digests (slots missed meanwhile are not caught up).`
        : `Next run: ${sub.nextRunAt ? utc(sub.nextRunAt) : 'unknown'}.`,
    );
  } else {
    lines.push('No subscription in this channel (`subscribe` starts scheduled digests).');
  }
  if (report.deliveries.recent.length === 0) {
    lines.push('No digest delivered here yet.');
  } else {
    lines.push('Last deliveries here:', ...report.deliveries.recent.map((d) => `• ${describeDelivery(d)}`));
  }
  const updatesOn = (await deps.store.channels.get(channel.platform, channel.channelId))?.updates !== false;
  lines.push(
    `Threaded updates of revised stories: ${updatesOn ? 'on' : 'off'} (\`updates ${updatesOn ? 'off' : 'on'}\` to change).`,
  );
  const { posted, failed } = report.deliveries.last24h;
  if (posted || failed) lines.push(`Last 24 h here: ${posted} posted, ${failed} failed.`);
  lines.push(
    `LLM usage, last 24 h (all channels): ${report.llm.calls} call(s), ${report.llm.tokens.toLocaleString('en-US')} tokens.`,
  );
  if (report.llm.budget) lines.push(describeBudget(report.llm.budget));
  lines.push(describeSourceList(report.sources.list));
  return lines.join('\n');
}

/** `sources`: every configured source and its last fetch result. */
export async function describeSources(deps: StatusDeps): Promise<string> {
  const report = await collectStatus(deps, { recent: 0 });
  return describeSourceList(report.sources.list);
}

function describeSourceList(sources: SourceHealth[]): string {
  const failing = sources.filter((s) => s.health === 'failing').length;
  const lines = [`Sources (${sources.length}${failing ? `, ${failing} failing` : ''}):`];
  for (const s of sources) {
    if (s.health === 'never') lines.push(`• ${s.name} (${s.id}): not fetched yet`);
    else if (s.health === 'failing') {
      lines.push(
        `• ${s.name} (${s.id}): FAILING for ${s.consecutiveFailures} fetch(es)${s.lastSuccessAt ? `, last success ${utc(s.lastSuccessAt)}` : ''}: ${s.error ?? 'unknown error'}`,
      );
    } else lines.push(`• ${s.name} (${s.id}): ok, last fetch ${utc(s.lastFetchAt ?? '')}, ${s.itemsNew} new`);
  }
  return lines.join('\n');
}

/**
 * Why a failed delivery was not posted on purpose: the platform could not confirm whether an earlier attempt went
 * through (SPEC 7.4), so it waits and is retried, never posted blindly. null for any other failure.
 */
export function unconfirmedReason(error: string | null): string | null {
  return /^UNCONFIRMED: cannot confirm an earlier post \((.*)\)$/s.exec(error ?? '')?.[1] ?? null;
}

function describeDelivery(d: DeliverySummary): string {
  // "story update: digest posted" reads as a sentence; the other kinds qualify "digest" directly.
  const kind = `${deliveryKindLabel(d.kind)}${d.kind === 'update' ? ':' : ''}`;
  const unconfirmed = d.status === 'failed' ? unconfirmedReason(d.error) : null;
  if (unconfirmed !== null)
    return `${utc(d.at)}: ${kind} digest waiting: cannot confirm an earlier post (${unconfirmed}); it is retried with back-off, never posted blindly.`;
  if (d.status === 'failed') {
    return `${utc(d.at)}: ${kind} digest FAILED after ${d.attempts} attempt(s): ${d.error ?? 'unknown error'}; it will be retried on the next run.`;
  }
  return `${utc(d.at)}: ${kind} digest ${d.status}, ${d.stories} ${d.stories === 1 ? 'story' : 'stories'}.`;
}

/** Today's LLM budget in one line; when spent, what users get instead and until when. */
export function describeBudget(b: LlmBudgetStatus): string {
  const used = `${b.used.toLocaleString('en-US')} of ${b.limit ? b.limit.toLocaleString('en-US') : 'unlimited'} tokens`;
  return b.spent
    ? `LLM budget for today (UTC) SPENT: ${used}; summaries and answers are offline extracts until ${utc(b.resetsAt)}.`
    : `LLM budget for today (UTC): ${used} used.`;
}

function utc(iso: string): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'unknown';
}
