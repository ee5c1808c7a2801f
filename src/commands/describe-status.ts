import type { ChannelRef } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import { nextSlot } from '../schedule/cron-slots.js';

interface StatusDeps {
  store: Store;
  sources: Array<{ id: string; name: string }>;
}

/** `status`: this channel's subscription, next run, last delivery, and source health, as plain text. */
export async function describeStatus(deps: StatusDeps, channel: ChannelRef): Promise<string> {
  const sub = await deps.store.subscriptions.get(channel.platform, channel.channelId);
  const lines: string[] = [];
  if (sub) {
    const next = nextSlot(sub.cron, sub.timezone);
    lines.push(
      `Subscription: cron "${sub.cron}" (${sub.timezone}), languages ${sub.languages.join(' + ')}${sub.filter.length ? `, filter: ${sub.filter.join(', ')}` : ''}.`,
      `Next run: ${next ? next.toISOString().replace('T', ' ').slice(0, 16) : 'unknown'} UTC.`,
    );
  } else {
    lines.push('No subscription in this channel (`subscribe` starts scheduled digests).');
  }
  const [last] = await deps.store.deliveries.recent({ platform: channel.platform, channelId: channel.channelId, limit: 1 });
  if (last) {
    const when = (last.postedAt ?? last.updatedAt).replace('T', ' ').slice(0, 16);
    lines.push(
      last.status === 'failed'
        ? `Last delivery FAILED at ${when} UTC (${last.attempts} attempt(s)): ${last.error ?? 'unknown error'}; it will be retried on the next run.`
        : `Last delivery: ${last.status} at ${when} UTC, ${last.storyIds.length} stories.`,
    );
  } else {
    lines.push('No digest delivered here yet.');
  }
  lines.push(await describeSources(deps));
  return lines.join('\n');
}

/** `sources`: every configured source and its last fetch result. */
export async function describeSources(deps: StatusDeps): Promise<string> {
  const states = new Map((await deps.store.sources.list()).map((s) => [s.id, s]));
  const lines = [`Sources (${deps.sources.length}):`];
  for (const source of deps.sources) {
    const s = states.get(source.id);
    if (!s?.lastFetchAt) lines.push(`• ${source.name} (${source.id}): not fetched yet`);
    else if (s.lastStatus === 'failed') lines.push(`• ${source.name} (${source.id}): FAILING since ${s.consecutiveFailures} fetch(es): ${s.lastError ?? ''}`);
    else lines.push(`• ${source.name} (${source.id}): ok, last fetch ${s.lastFetchAt.replace('T', ' ').slice(0, 16)} UTC, ${s.itemsNew} new`);
  }
  return lines.join('\n');
}
