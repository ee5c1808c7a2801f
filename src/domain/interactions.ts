import type { Platform, ThreadRef } from './types.js';

/** The fields of the subscription form (Slack modal, Teams card), named the same on both platforms. */
export type FormField = 'channel' | 'schedule' | 'day' | 'time' | 'timezone' | 'languages' | 'filter';

export type ScheduleKind = 'daily' | 'weekdays' | 'weekly';

/** The schedules a subscription form offers, with their labels: the same on every platform. */
export const SCHEDULE_CHOICES: ReadonlyArray<readonly [ScheduleKind, string]> = [
  ['daily', 'Every day'],
  ['weekdays', 'Weekdays (Mon–Fri)'],
  ['weekly', 'Once a week'],
];

/** The days of a weekly schedule: the form's values (the words of `weekly DAY`) and their labels. */
export const WEEKDAY_CHOICES: ReadonlyArray<readonly [string, string]> = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

/** What the subscription form shows: the channel's current subscription, or the defaults for a new one. */
export interface SubscriptionFormModel {
  platform: Platform;
  /** Channel preset on the form (the current one, or the one being edited); null: the form asks for one. */
  channelId: string | null;
  /** null when the stored schedule is a cron the form cannot show (set with the grammar): the form asks for one. */
  schedule: ScheduleKind | null;
  /** mon..sun, for weekly. */
  day: string;
  /** HH:MM. */
  time: string;
  timezone: string;
  languages: string[];
  filter: string;
  /** Languages the selects offer (codes). */
  languageOptions: string[];
  /** IANA zones offered; the form's zone first. */
  zones: string[];
  /** True when the channel already has a subscription (the form edits it). */
  existing: boolean;
  /** The stored cron when the form cannot show it, so the form can say it will be replaced. */
  customCron: string | null;
}

export type FormResult =
  | { ok: false; errors: Partial<Record<FormField, string>> }
  | { ok: true; channelId: string; text: string };

/** An action from a button, menu or card: ids only, validated by the adapter before it gets here. */
export type ChatAction =
  | { name: 'open_form' }
  | { name: 'post_latest' }
  | { name: 'unsubscribe' }
  | { name: 'status' }
  /** Without a question: ask for one (a form). With one: answer it in `thread`, the digest's thread. */
  | { name: 'ask'; storyId: string; question?: string; thread?: ThreadRef }
  | { name: 'original'; storyId: string }
  | { name: 'mute'; sourceId: string }
  | { name: 'unmute'; sourceId: string };

/** One channel's state, as the Slack Home tab and the `status` card show it. */
export interface StatusView {
  platform: Platform;
  channelId: string;
  subscription: {
    /** "weekdays at 08:00", "weekly on Monday at 09:00", or the cron expression. */
    schedule: string;
    cron: string;
    timezone: string;
    languages: string[];
    filter: string[];
    nextRunAt: string | null;
    /** Paused while the bot is out of the channel: since when and why (absent or null while it runs). */
    paused?: { at: string; reason: string } | null;
  } | null;
  /** Names of sources muted in this channel. */
  muted: Array<{ id: string; name: string }>;
  lastDelivery: {
    at: string;
    kind: 'scheduled' | 'on_demand' | 'update';
    status: string;
    stories: number;
    error: string | null;
    /**
     * Not posted on purpose: the platform could not confirm whether an earlier attempt went through; the reason.
     * Retried with back-off, never posted blindly (SPEC 7.4). null otherwise.
     */
    waiting: string | null;
  } | null;
  /** Threaded updates of revised stories in this channel (`updates on|off`). */
  updates: boolean;
  /** Today's LLM budget in one line ("... SPENT ...: offline extracts until ..."); absent without a budget. */
  budgetLine?: string;
  /** Source health in one line ("5 sources: 4 ok, 1 failing (UN News ar)"). */
  sourcesLine: string;
  /** Each chat platform's connection when one is not plainly connected ("slack: reconnecting (last error: ...)"). */
  platformsLine?: string;
}

/** A delivery's kind as users read it: "scheduled", "on demand" or "story update" (status text and views alike). */
export function deliveryKindLabel(kind: 'scheduled' | 'on_demand' | 'update'): string {
  return kind === 'scheduled' ? 'scheduled' : kind === 'update' ? 'story update' : 'on demand';
}

/**
 * A status view's last delivery in words, shared by the Slack Home tab and the Teams status card: its kind, and its
 * outcome (posted, waiting for confirmation, or failed). Plain text: each adapter escapes it and cuts the error.
 */
export function describeLastDelivery(d: NonNullable<StatusView['lastDelivery']>): {
  kind: string;
  outcome: string;
  failed: boolean;
} {
  const kind = deliveryKindLabel(d.kind);
  if (d.waiting !== null)
    return {
      kind,
      outcome: `waiting: cannot confirm an earlier post (${d.waiting}); retried with back-off, never posted blindly`,
      failed: false,
    };
  if (d.status === 'failed') return { kind, outcome: d.error ?? 'unknown error', failed: true };
  return { kind, outcome: `${d.status}, ${d.stories} ${d.stories === 1 ? 'story' : 'stories'}`, failed: false };
}

/** "Show the original text": each edition of a story, as published, shortened. */
export interface OriginalText {
  storyId: string;
  editions: Array<{ language: string; sourceName: string; title: string; url: string | null; extract: string }>;
}
