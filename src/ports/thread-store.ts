import type { Platform } from '../domain/types.js';

export interface ThreadStories {
  digestId: string;
  storyIds: string[];
}

export interface QaTurn {
  question: string;
  answer: string;
  language: string;
  createdAt: string;
}

/** Which stories a posted message carries, and the Q&A turns of its thread (SPEC 5.5). */
export interface ThreadStore {
  /** Maps a posted message to its stories (also done by deliveries.markPosted). */
  saveMessage(
    platform: Platform,
    channelId: string,
    message: { messageId: string; threadId: string; storyIds: string[] },
    digestId: string,
  ): Promise<void>;
  /** The stories of the digest/article message(s) this thread hangs under, in digest order. */
  stories(platform: Platform, channelId: string, threadId: string): Promise<ThreadStories | undefined>;
  addTurn(platform: Platform, channelId: string, threadId: string, turn: QaTurn): Promise<void>;
  turns(platform: Platform, channelId: string, threadId: string): Promise<QaTurn[]>;
}

/** Platform event ids already handled (Slack and Teams retry deliveries). */
export interface EventLog {
  /** Records a platform event id; false when it was already seen (retried delivery of the same event). */
  firstSeen(platform: Platform, eventId: string): Promise<boolean>;
}
