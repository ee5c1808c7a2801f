import type { App } from '@slack/bolt';
import type { ChatEventHandler, OutgoingMessage } from '../../src/ports/chat-adapter.js';

export interface MembershipDeps {
  bolt: App;
  emit: ChatEventHandler;
  /** The bot's own user id: only its own joins and leaves are about its subscriptions. */
  botUserId: string;
  /** Posts a message in a channel (the "digests resume" note). */
  post(channelId: string, message: OutgoingMessage): Promise<void>;
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
 * members joining or leaving are ignored.
 */
export function registerMembership(deps: MembershipDeps): void {
  const { bolt, emit, botUserId } = deps;
  const eventIdOf = (body: unknown, event: MembershipEvent) =>
    String((body as { event_id?: string }).event_id ?? `${event.type}:${event.channel ?? ''}:${Date.now()}`);

  const removed =
    (types: { self: boolean }) =>
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
          }),
      );
    };
  bolt.event('channel_left', removed({ self: false }));
  bolt.event('group_left', removed({ self: false }));
  bolt.event('member_left_channel', removed({ self: true }));

  bolt.event('member_joined_channel', async ({ event, body }) => {
    const e = event as MembershipEvent;
    if (!e.channel || e.user !== botUserId) return;
    const channelId = e.channel;
    setImmediate(
      () =>
        void emit({
          type: 'installed',
          platform: 'slack',
          eventId: eventIdOf(body, e),
          channel: { platform: 'slack', channelId },
          // Slack needs no greeting on a join; only a resumed subscription is worth a message.
          greet: async (note) => {
            if (note) await deps.post(channelId, { kind: 'notice', tone: 'info', text: note });
          },
        }),
    );
  });

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
