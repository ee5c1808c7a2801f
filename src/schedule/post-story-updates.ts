import { randomUUID } from 'node:crypto';
import type { StoryUpdate } from '../domain/story-update.js';
import type { SourceConfig } from '../domain/types.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import type { StoryRevision } from '../ports/store.js';
import { compareRevision } from '../summarise/compare-revision.js';
import {
  DEFAULT_LEASE_MS,
  type DeliverDeps,
  type DeliverOutcome,
  defaultWorkerId,
  postDelivery,
} from './deliver-digest.js';
import { deliveryChannel } from './delivery-channel.js';

/** At most one threaded update per story per channel in this time (SPEC 7.4). */
export const UPDATE_COOLDOWN_MS = 6 * 3_600_000;
/** Revisions older than this are not announced any more. */
const REVISION_WINDOW_MS = 7 * 24 * 3_600_000;

/** Revisions and where each story was delivered, and the outbox that posts the updates (DeliverDeps). */
export interface StoryUpdateDeps {
  store: DeliverDeps['store'] & Pick<Store, 'updates' | 'stories'>;
  adapters: ReadonlyMap<string, ChatAdapter>;
  log: Logger;
  workerId?: string;
  leaseMs?: number;
  metrics?: DeliverDeps['metrics'];
  isReady?: DeliverDeps['isReady'];
  sources: SourceConfig[];
}

/**
 * After an ingest: each delivered story that was revised since it was delivered (a changed figure or title, the
 * figures passing the gate) gets one short threaded update under its digest message in each channel that received
 * it and did not turn `updates off`. Reserved and recorded through the outbox (exactly once across instances),
 * at most one per story per channel every 6 hours; a revision inside the cooldown waits and is announced after it.
 */
export async function postStoryUpdates(
  deps: StoryUpdateDeps,
  options: { now?: Date; cooldownMs?: number } = {},
): Promise<DeliverOutcome[]> {
  const { store, log } = deps;
  const now = options.now ?? new Date();
  const cooldownMs = options.cooldownMs ?? UPDATE_COOLDOWN_MS;
  const sourceNames = new Map(deps.sources.map((s) => [s.id, s.name]));
  const byStory = new Map<string, StoryRevision[]>();
  for (const revision of await store.updates.revisions(new Date(now.getTime() - REVISION_WINDOW_MS).toISOString())) {
    byStory.set(revision.storyId, [...(byStory.get(revision.storyId) ?? []), revision]);
  }
  const outcomes: DeliverOutcome[] = [];
  for (const [storyId, revisions] of byStory) {
    const recipients = await store.updates.recipients(storyId);
    if (recipients.length === 0) continue;
    const story = await store.stories.get(storyId);
    for (const recipient of recipients) {
      if ((await store.channels.get(recipient.platform, recipient.channelId))?.updates === false) continue;
      // The bot is out of that channel (its subscription is paused): no update is made for it at all.
      if ((await store.subscriptions.get(recipient.platform, recipient.channelId))?.pausedAt) continue;
      const mark = await store.updates.mark(recipient.platform, recipient.channelId, storyId);
      if (mark && now.getTime() - Date.parse(mark.lastAt) < cooldownMs) continue;
      // Only what changed after this channel got the story, and after its last update.
      const fresh = revisions.filter((r) => r.id > (mark?.lastRevision ?? 0) && r.revisedAt > recipient.at);
      const newest = fresh.at(-1);
      if (!newest) continue;
      const first = fresh.find((r) => r.editionId === newest.editionId) ?? newest;
      const change = compareRevision(
        { title: first.oldTitle, text: first.oldText },
        { title: newest.newTitle, text: newest.newText },
      );
      if (!change) continue;
      const update: StoryUpdate = {
        storyId,
        revision: newest.id,
        sourceName: sourceNames.get(newest.sourceId) ?? newest.sourceId,
        revisedAt: newest.revisedAt,
        language: story?.editions.find((e) => e.id === newest.editionId)?.language ?? 'en',
        figures: change.figures,
        title: change.title,
        thread: { threadId: recipient.threadId, messageId: recipient.messageId },
      };
      const reserved = await store.updates.reserve(
        { platform: recipient.platform, channelId: recipient.channelId, deliveryId: randomUUID() },
        update,
        {
          cooldownMs,
          owner: deps.workerId ?? defaultWorkerId,
          leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
        },
      );
      if (!reserved) continue;
      log.info(
        { story: storyId, revision: newest.id, platform: recipient.platform, channel: recipient.channelId },
        'posting a threaded story update',
      );
      outcomes.push(
        await postDelivery(deps, reserved.delivery, await deliveryChannel(store, recipient), {
          fresh: true,
          lease: reserved.lease,
        }),
      );
    }
  }
  return outcomes;
}
