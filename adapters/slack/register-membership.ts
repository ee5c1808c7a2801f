import type { App } from '@slack/bolt';
import type { ChatEventHandler, OutgoingMessage } from '../../src/ports/chat-adapter.js';

export interface MembershipDeps {
  bolt: App;
  emit: ChatEventHandler;
  /** The bot's own user id: only its own joins and leaves are about its subscriptions. */
  botUserId: string;
  /** Posts a message in a channel (the "digests resume" note). */
  post(channelId: string, message: OutgoingMessage): Promise<void>;
  /** Whether the bot is a member of the channel (conversations.info); null when Slack cannot say. */
  isBotInChannel(channelId: string): Promise<boolean | null>;
}

/** What the Events API sends about the bot's own membership (the fields read here). */
interface MembershipEvent {
  type: string;
  channel?: string;
  user?: string;
  tokens?: { bot?: string[]; oauth?: string[] };
}

/**
 * The bot's membership of channels (SPEC 7.1): removed from a public or private channel (`channel_left`, `group_left`,
 * or `member_left_channel` naming the bot), or from the whole workspace (`app_uninstalled`, `tokens_revoked` of a bot
 * token) becomes a `removed` event; invited again (`member_joined_channel` naming the bot) an `installed` event. Other
 * members joining or leaving are ignored. A channel archived or deleted (`channel_archive`, `group_archive`,
 * `channel_deleted`, `group_deleted`) takes the bot out of it too; unarchived (`channel_unarchive`,
 * `group_unarchive`), it is back only if Slack says it is still a member.
 */
export function registerMembership(deps: MembershipDeps): void {
  const { bolt, emit, botUserId } = deps;
  const eventIdOf = (body: unknown, event: MembershipEvent) =>
    String((body as { event_id?: string }).event_id ?? `${event.type}:${event.channel ?? ''}:${Date.now()}`);

  const removed =
    (types: { self: boolean; gone?: 'archived' | 'deleted' }) =>
    async ({ event, body }: { event: unknown; body: unknown }) => {
      const e = event as MembershipEvent;
      if (!e.channel || (types.self && e.user !== botUserId)) return;
      const channelId = e.channel;
      setImmediate(
        () =>
          void emit({
            type: 'removed',
            platform: 'slack',
            eventId: eventIdOf(body, e),
            channel: { platform: 'slack', channelId },
            cause: e.type,
            ...(types.gone ? { gone: types.gone } : {}),
          }),
      );
    };
  bolt.event('channel_left', removed({ self: false }));
  bolt.event('group_left', removed({ self: false }));
  bolt.event('member_left_channel', removed({ self: true }));
  bolt.event('channel_archive', removed({ self: false, gone: 'archived' }));
  bolt.event('group_archive', removed({ self: false, gone: 'archived' }));
  bolt.event('channel_deleted', removed({ self: false, gone: 'deleted' }));
  bolt.event('group_deleted', removed({ self: false, gone: 'deleted' }));

  const installed = (channelId: string, eventId: string) =>
    emit({
      type: 'installed',
      platform: 'slack',
      eventId,
      channel: { platform: 'slack', channelId },
      // Slack needs no greeting on a join; only a resumed subscription is worth a message.
      greet: async (note) => {
        if (note) await deps.post(channelId, { kind: 'notice', tone: 'info', text: note });
      },
    });

  bolt.event('member_joined_channel', async ({ event, body }) => {
    const e = event as MembershipEvent;
    if (!e.channel || e.user !== botUserId) return;
    const channelId = e.channel;
    setImmediate(() => void installed(channelId, eventIdOf(body, e)));
  });

  // Unarchived: Slack restores the members the channel had, so the bot may be back without a join event.
  const unarchived = async ({ event, body }: { event: unknown; body: unknown }) => {
    const e = event as MembershipEvent;
    if (!e.channel) return;
    const channelId = e.channel;
    setImmediate(async () => {
      if (await deps.isBotInChannel(channelId).catch(() => null)) await installed(channelId, eventIdOf(body, e));
    });
  };
  bolt.event('channel_unarchive', unarchived);
  bolt.event('group_unarchive', unarchived);

  const uninstalled = async ({ event, body }: { event: unknown; body: unknown }) => {
    const e = event as MembershipEvent;
    // tokens_revoked also reports users' own tokens; only a revoked bot token takes the bot out.
    if (e.type === 'tokens_revoked' && !(e.tokens?.bot ?? []).length) return;
    setImmediate(
      () =>
        void emit({ type: 'removed', platform: 'slack', eventId: eventIdOf(body, e), channel: null, cause: e.type }),
    );
  };
  bolt.event('app_uninstalled', uninstalled);
  bolt.event('tokens_revoked', uninstalled);
}
