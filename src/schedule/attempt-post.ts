import { ChatError } from '../domain/errors.js';
import type { ChannelRef } from '../domain/types.js';
import type { ChatAdapter, PostedMessage, PostOptions } from '../ports/chat-adapter.js';
import type { Delivery } from '../ports/store.js';
import type { DeliverDeps, DeliverOutcome } from './deliver-digest.js';
import { type HeldLease, LeaseLostError } from './hold-lease.js';
import { NOT_THERE_CODES, pauseChannel } from './pause-channel.js';

/** Error code of a delivery that waits because the platform could not say whether an earlier attempt posted. */
export const UNCONFIRMED = 'UNCONFIRMED';

/**
 * One attempt at a leased delivery: confirm with the platform what an earlier attempt may have posted (never post
 * blindly), then post the parts not recorded yet, each recorded durably as it is accepted, each preceded by a
 * lease check; finally record it posted. Every store write is fenced by the lease.
 */
export async function attemptPost(
  deps: DeliverDeps,
  delivery: Delivery,
  channel: ChannelRef,
  fresh: boolean,
  held: HeldLease,
): Promise<DeliverOutcome> {
  const { store, log } = deps;
  const { lease } = held;
  const fields = logFields(delivery);
  const adapter = deps.adapters.get(delivery.platform);
  if (!adapter) {
    const error = new ChatError('PLATFORM_DISABLED', `the ${delivery.platform} adapter is not configured`);
    await fail(deps, delivery, held, `${error.code}: ${error.message}`);
    return { status: 'failed', delivery, error };
  }
  const recorded = fresh ? new Map<number, PostedMessage>() : await store.deliveries.parts(delivery.id);
  // A previous attempt may have posted and lost the answer (or crashed before recording): ask the platform first.
  const lookUp = fresh ? null : findPosted(adapter, delivery, channel);
  if (lookUp) {
    let found: PostedMessage[] | null;
    try {
      found = await lookUp();
    } catch (error) {
      // Posting now could double a digest whose answer was lost: a late digest is better than a doubled one.
      const reason = error instanceof Error ? error.message : String(error);
      await fail(deps, delivery, held, `${UNCONFIRMED}: cannot confirm an earlier post (${reason})`);
      log.warn(
        { ...fields, reason },
        'cannot confirm whether an earlier attempt posted this digest; not posting, retrying later',
      );
      return { status: 'waiting', delivery, reason };
    }
    if (found && found.length > 0)
      return finish(deps, delivery, held, found, 'delivery found already posted; recorded it');
  }
  const options: PostOptions = {
    posted: recorded,
    since: new Date(Date.parse(delivery.createdAt)),
    beforePart: () => held.ensure(),
    onPosted: async (index, message) => {
      if (!(await store.deliveries.recordPart(delivery.id, lease, index, message)))
        throw new LeaseLostError(delivery.id);
    },
  };
  let messages: PostedMessage[];
  try {
    await held.ensure();
    messages = await send(adapter, delivery, channel, options);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log.warn(fields, 'delivery lease lost; stopped before posting more (another worker finishes it)');
      return { status: 'lost', delivery };
    }
    const err = error instanceof Error ? error : new Error(String(error));
    const code = (err as ChatError).code ?? 'ERROR';
    await fail(deps, delivery, held, `${code}: ${err.message}`);
    // The bot is not in a subscribed channel (the removal event was missed): every slot would fail again, so it pauses.
    // Without a subscription the delivery stays failed and is retried, as any other (the bot may be invited).
    const subscribed = NOT_THERE_CODES.has(code)
      ? await deps.store.subscriptions.get(delivery.platform, delivery.channelId).catch(() => undefined)
      : undefined;
    if (subscribed) {
      log.warn({ ...fields, err: err.message }, 'delivery refused: the bot is not in the channel; pausing it there');
      await pauseChannel(deps, delivery, `a post was refused: ${code}: ${err.message}`).catch((e: unknown) =>
        log.warn({ ...fields, err: e }, 'could not pause the subscription'),
      );
    } else log.warn({ ...fields, err: err.message }, 'delivery failed; will retry on the next run');
    return { status: 'failed', delivery, error: err };
  }
  return finish(
    deps,
    delivery,
    held,
    messages,
    delivery.kind === 'update' ? 'story update delivered' : 'digest delivered',
  );
}

/** How the platform can tell whether an earlier attempt posted this delivery (null: it cannot). */
function findPosted(
  adapter: ChatAdapter,
  delivery: Delivery,
  channel: ChannelRef,
): (() => Promise<PostedMessage[] | null>) | null {
  if (delivery.kind === 'update') {
    const update = delivery.update;
    if (!update || !adapter.findPostedReply) return null;
    const thread = {
      platform: delivery.platform,
      channelId: delivery.channelId,
      threadId: update.thread.threadId,
      conversationRef: channel.conversationRef ?? null,
    };
    return () => adapter.findPostedReply?.(thread, delivery.digestId) ?? Promise.resolve(null);
  }
  if (!adapter.findPostedDigest) return null;
  return () =>
    adapter.findPostedDigest?.(channel, delivery.digestId, new Date(Date.parse(delivery.createdAt) - 60_000)) ??
    Promise.resolve(null);
}

async function send(
  adapter: ChatAdapter,
  delivery: Delivery,
  channel: ChannelRef,
  options: PostOptions,
): Promise<PostedMessage[]> {
  if (delivery.kind !== 'update') return adapter.post(channel, { kind: 'digest', digest: delivery.digest }, options);
  const update = delivery.update;
  if (!update) throw new ChatError('INVALID_UPDATE', 'an update delivery without its update');
  const thread = {
    platform: delivery.platform,
    channelId: delivery.channelId,
    threadId: update.thread.threadId,
    conversationRef: channel.conversationRef ?? null,
  };
  // A one-part message: recorded like a digest part, so a retry after a lost record does not post it again.
  const done = options.posted?.get(0);
  if (done) return [done];
  await options.beforePart?.(0);
  // The lease is checked again before any new try of a post that failed (Slack confirms it in the thread first).
  const posted =
    (await adapter.reply(
      thread,
      { kind: 'update', update },
      {
        ...(options.beforePart ? { beforePart: options.beforePart } : {}),
        ...(options.since ? { since: options.since } : {}),
      },
    )) ?? [];
  const message = posted[0] ?? { messageId: '', threadId: update.thread.threadId, storyIds: [update.storyId] };
  await options.onPosted?.(0, message);
  return [message];
}

async function finish(
  deps: DeliverDeps,
  delivery: Delivery,
  held: HeldLease,
  messages: PostedMessage[],
  what: string,
): Promise<DeliverOutcome> {
  const fields = logFields(delivery);
  // Fenced: a worker that stalled past its lease and woke up after another took over changes nothing here.
  if (!(await deps.store.deliveries.markPosted(delivery.id, held.lease, messages))) {
    deps.log.warn(
      { ...fields, owner: held.lease.owner },
      'late markPosted refused: this worker lost the delivery lease; nothing recorded',
    );
    return { status: 'lost', delivery };
  }
  deps.log.info({ ...fields, stories: delivery.storyIds, messages: messages.length }, what);
  return { status: 'posted', delivery, messages };
}

async function fail(deps: DeliverDeps, delivery: Delivery, held: HeldLease, error: string): Promise<void> {
  const recorded = await deps.store.deliveries.markFailed(delivery.id, held.lease, error).catch((err: unknown) => {
    deps.log.warn({ err, delivery: delivery.id }, 'could not record the delivery failure');
    return true;
  });
  if (!recorded)
    deps.log.warn(
      { delivery: delivery.id, owner: held.lease.owner },
      'late markFailed refused: this worker lost the delivery lease',
    );
}

/** What every log line about a delivery carries. */
function logFields(delivery: Delivery) {
  return {
    delivery: delivery.id,
    kind: delivery.kind,
    subscription: delivery.subscriptionId,
    digest: delivery.digestId,
    platform: delivery.platform,
    channel: delivery.channelId,
  };
}
