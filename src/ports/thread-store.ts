import type { Platform } from '../domain/types.js';

export interface ThreadStories {
  digestId: string;
  storyIds: string[];
  /**
   * The number the digest shows its first story of this message with: 1, or 11 in the second message of a digest
   * split after 10 stories (messages number the stories across the whole digest, so "#12" is this message's second).
   */
  firstNumber: number;
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
