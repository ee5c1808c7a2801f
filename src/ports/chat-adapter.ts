import type { Digest } from '../domain/digest.js';
import type { ChannelRef, Platform, ThreadRef } from '../domain/types.js';
import type { Answer } from '../domain/answer.js';
import type { StoryUpdate } from '../domain/story-update.js';
import type {
  ChatAction,
  FormResult,
  OriginalText,
  StatusView,
  SubscriptionFormModel,
} from '../domain/interactions.js';

/** A story in a short list (search results). Untrusted text: adapters escape it. */
export interface StoryListEntry {
  id: string;
  title: string;
  url: string | null;
  sourceName: string;
  language: string;
  publishedAt: string | null;
}

/** What the core asks an adapter to show. Adapters own the rendering (Block Kit, Adaptive Cards, terminal). */
export type OutgoingMessage =
  | { kind: 'digest'; digest: Digest }
  | { kind: 'answer'; answer: Answer }
  | { kind: 'notice'; text: string; tone: 'info' | 'error' }
  | { kind: 'stories'; heading: string; stories: StoryListEntry[] }
  /** A short threaded update of a revised story (sent with reply() under the digest message). */
  | { kind: 'update'; update: StoryUpdate }
  /** `status` and the Slack Home tab: the same content (`text` is the plain-text rendering of `view`). */
  | { kind: 'status'; view: StatusView; text: string }
  /** "Show the original text": an extract of each edition of one story, in its own language. */
  | { kind: 'original'; original: OriginalText }
  /** A notice that can be undone with one button (e.g. a source muted in a channel). */
  | { kind: 'undoable'; text: string; undo: ChatAction; label: string };

/** One platform message that was posted; a long digest may become several. */
export interface PostedMessage {
  /** Slack message ts; Teams activity id (or new conversation id for a channel thread). */
  messageId: string;
  /** The thread that replies to this message belong to (Slack: ts; Teams: conversation id). */
  threadId: string;
  storyIds: string[];
}

export type ChatEvent =
  | {
      type: 'command';
      platform: Platform;
      /** Platform event id used to drop retried deliveries of the same event. */
      eventId: string;
      channel: ChannelRef;
      userId: string;
      text: string;
      /** Answer only the asker (Slack: ephemeral via response_url; Teams: reply in the conversation). */
      respond(message: OutgoingMessage): Promise<void>;
      /** Shows the subscription form (Slack modal, Teams card) instead of parsing `subscribe` with no arguments. */
      openForm?(form: SubscriptionFormModel): Promise<void>;
      /**
       * Why the bot could not post in this channel (Slack: not a member, with how to invite it), or null when it can
       * or the platform cannot tell. Where a command arrives only from a conversation the bot is in (Teams), absent.
       */
      cannotPostHere?(): Promise<string | null>;
      /**
       * Run for a button (Slack Home tab, a card) rather than typed in the channel: it says nothing about whether the
       * bot is in the channel, so a paused subscription does not resume on it.
       */
      viaButton?: boolean;
    }
  | {
      /** A button, menu or card action (Slack block_actions, Teams card actions); values carry ids only. */
      type: 'action';
      platform: Platform;
      eventId: string;
      /** The channel the action is about (validated ids); null for a new subscription from the Slack Home tab. */
      channel: ChannelRef | null;
      userId: string;
      action: ChatAction;
      respond(message: OutgoingMessage): Promise<void>;
      openForm?(form: SubscriptionFormModel): Promise<void>;
      /** Opens a question form for one story (Slack: a modal); Teams asks on the card itself. */
      openQuestion?(storyId: string, title: string): Promise<void>;
    }
  | {
      /** The subscription form was submitted: raw field values, validated by the core. */
      type: 'form';
      platform: Platform;
      eventId: string;
      userId: string;
      /** Raw values by field (see SubscriptionFormFields); untrusted. */
      fields: Record<string, unknown>;
      /** The channel the form belongs to when the platform fixes it (Teams: the card's conversation). */
      channel: ChannelRef | null;
      /** Field errors to show on the form, or the stored subscription's confirmation. */
      done(result: FormResult): Promise<void>;
    }
  | {
      /** Slack App Home opened (or refreshed): show the subscriptions of the platform's channels. */
      type: 'home';
      platform: Platform;
      eventId: string;
      userId: string;
      /**
       * `partial`: the user's channels could not be read, so the list may be incomplete (shown as a note). `more`:
       * subscribed channels left out of `views` (a Home tab holds 100 blocks), said in a line.
       */
      show(home: {
        views: StatusView[];
        sourcesLine: string;
        form: SubscriptionFormModel;
        partial?: boolean;
        more?: number;
      }): Promise<void>;
    }
  | {
      type: 'question';
      platform: Platform;
      eventId: string;
      thread: ThreadRef;
      userId: string;
      text: string;
      /** The bot was @mentioned outside any thread: if this is not one of its messages, it says how to ask. */
      topLevelMention?: boolean;
    }
  | {
      /** The bot was added to a channel or chat (Slack: it joined the channel; Teams: membersAdded, installationUpdate). */
      type: 'installed';
      platform: Platform;
      eventId: string;
      channel: ChannelRef;
      /**
       * Greets the conversation, with `note` from the core when it has one (a paused subscription resumes: "Digests
       * resume: ..."). Absent where the platform greets nobody.
       */
      greet?(note: string | null): Promise<void>;
    }
  | {
      /**
       * The bot left: removed from `channel` (Slack channel_left, group_left; Teams membersRemoved, installationUpdate
       * remove), or from every conversation of the platform when `channel` is null (Slack app_uninstalled,
       * tokens_revoked). `cause` names the platform event, for the operator.
       */
      type: 'removed';
      platform: Platform;
      eventId: string;
      channel: ChannelRef | null;
      cause: string;
      /** Why the bot is out: it was removed (default), or the channel (Teams: the team) was archived or deleted. */
      gone?: 'archived' | 'deleted';
      /**
       * The other conversations this removal takes the bot out of (Teams: every channel of a team it was removed from),
       * told by their stored conversation reference; the core pauses their subscriptions too.
       */
      alsoCovers?(conversationRef: unknown, channelId: string): boolean;
    };

/** How the outbox drives a multi-part post: resume after recorded parts, stop when the lease is lost. */
export interface PostOptions {
  /** Parts (0-based index) already posted and recorded by an earlier attempt: not posted again. */
  posted?: ReadonlyMap<number, PostedMessage>;
  /** Awaited before each part is sent; throws to stop before posting (the delivery's lease was lost). */
  beforePart?: (index: number) => Promise<void>;
  /** Awaited after each part was accepted, before the next one: records it durably; throws to stop. */
  onPosted?: (index: number, message: PostedMessage) => Promise<void>;
  /**
   * When the delivery was recorded, by the database's clock: nothing of it can be older. A check of the platform's
   * history after a failed post reads from before it too, in case this host's clock runs ahead of the platform's.
   */
  since?: Date;
}

export type ChatEventHandler = (event: ChatEvent) => Promise<void>;

/** The port every chat platform implements (adapters/slack, adapters/teams; see adapters/README.md). */
export interface ChatAdapter {
  readonly platform: Platform;
  start(onEvent: ChatEventHandler): Promise<void>;
  stop(): Promise<void>;
  /** Post a new top-level message (a digest starts a thread); returns every platform message posted. */
  post(to: ChannelRef, message: OutgoingMessage, options?: PostOptions): Promise<PostedMessage[]>;
  /** Reply inside an existing thread; adapters that can tell return the messages they posted. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an adapter that cannot tell which messages it posted resolves nothing
  reply(thread: ThreadRef, message: OutgoingMessage, options?: PostOptions): Promise<PostedMessage[] | void>;
  /**
   * Outbox recovery: was this digest already posted (e.g. found through Slack message metadata)?
   * Returns the posted messages, or null when it was not found. Throws when the platform cannot answer now
   * (rate limited, unavailable, missing scope): the outbox then waits and retries instead of posting blindly.
   */
  findPostedDigest?(to: ChannelRef, digestId: string, since: Date): Promise<PostedMessage[] | null>;
  /**
   * Outbox recovery of a threaded reply (a story update): was the reply with this key already posted in the
   * thread? Null when not found; throws when the platform cannot answer now (the outbox waits, as for digests).
   */
  findPostedReply?(thread: ThreadRef, key: string): Promise<PostedMessage[] | null>;
  /**
   * Is this user a member of the channel? Asked before a form or button changes a channel's subscription
   * (Slack: conversations.members). Absent: the platform only lets members act there (Teams cards).
   */
  isMember?(channel: ChannelRef, userId: string): Promise<boolean>;
  /**
   * The channels this user is a member of (Slack: users.conversations), so that the Home tab shows only those;
   * null when the platform could not tell right now.
   */
  channelsOf?(userId: string): Promise<Set<string> | null>;
}
