import type { Platform, Subscription } from '../domain/types.js';

/** How to reach a channel, and its own settings (languages, threaded updates). */
export interface ChannelStore {
  /** Remembers how to reach a channel (Teams conversation reference); keeps its languages. */
  save(platform: Platform, channelId: string, conversationRef: unknown): Promise<void>;
  /** `only`: leave out stories with no text in these languages (`lang xx,yy only`). */
  setLanguages(platform: Platform, channelId: string, languages: string[], only?: boolean): Promise<void>;
  /** `updates on|off`: threaded updates of revised stories in this channel (on when never set). */
  setUpdates(platform: Platform, channelId: string, on: boolean): Promise<void>;
  get(
    platform: Platform,
    channelId: string,
  ): Promise<
    { conversationRef: unknown; languages: string[] | null; languagesOnly?: boolean; updates: boolean } | undefined
  >;
}

/** Channels' digest schedules. */
export interface SubscriptionStore {
  upsert(subscription: Subscription): Promise<Subscription>;
  get(platform: Platform, channelId: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;
  remove(platform: Platform, channelId: string): Promise<boolean>;
  /** Records the latest slot run; never moves backwards (several instances may record the same slot). */
  setLastSlot(id: string, slotAt: string): Promise<void>;
  /**
   * Pauses the channel's subscription (the bot is out of the channel): settings kept, conversation reference dropped.
   * The subscription when this call paused it; undefined when there is none, or it was paused already (the first
   * reason and time are kept, so a repeated removal changes nothing).
   */
  pause(platform: Platform, channelId: string, reason: string): Promise<Subscription | undefined>;
  /** Pauses every running subscription of a platform (the app was uninstalled); those this call paused. */
  pauseAll(platform: Platform, reason: string): Promise<Subscription[]>;
  /**
   * Resumes a paused subscription, with the conversation reference to post with from now on (Teams; null keeps none).
   * The subscription when this call resumed it; undefined when there is none or it was not paused.
   */
  resume(platform: Platform, channelId: string, conversationRef: unknown | null): Promise<Subscription | undefined>;
}

/** Sources muted per channel ("Mute this source here"). */
export interface MuteStore {
  /** false when it was already muted there. */
  add(platform: Platform, channelId: string, sourceId: string, by: string): Promise<boolean>;
  /** false when it was not muted there. */
  remove(platform: Platform, channelId: string, sourceId: string): Promise<boolean>;
  list(platform: Platform, channelId: string): Promise<string[]>;
}
