import type { ChatAction, FormResult, OriginalText, SubscriptionFormModel } from '../domain/interactions.js';
import type { ChannelRef, Platform } from '../domain/types.js';
import type { ChatEvent } from '../ports/chat-adapter.js';
import type { Store } from '../ports/store.js';
import {
  MAX_HOME_CHANNELS,
  buildStatusViews,
  describeSchedule,
  readSchedule,
  sourcesLine,
} from './build-status-view.js';
import { type SubscriptionDefaults, subscribeChannel } from './change-subscription.js';
import type { BotDeps } from './handle-chat-event.js';
import { validateSubscriptionForm } from './validate-subscription-form.js';

type ActionEvent = Extract<ChatEvent, { type: 'action' }>;
type FormEvent = Extract<ChatEvent, { type: 'form' }>;
type HomeEvent = Extract<ChatEvent, { type: 'home' }>;

/** Runs a command of the grammar for a button (post latest, unsubscribe, status): one code path for both. */
export type RunGrammar = (event: Extract<ChatEvent, { type: 'command' }>) => Promise<void>;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const COMMON_LANGUAGES = ['en', 'ar', 'fr', 'es', 'fa', 'ur', 'ps', 'ti', 'so', 'uk', 'ru', 'tr', 'de', 'it', 'pt'];
const EXTRACT_CHARS = 700;

export const NOT_A_MEMBER =
  'Only members of that channel can change its digests. Ask someone in the channel, or join it first.';

/** The form for a channel: its subscription when it has one, else the defaults (SPEC 4). */
export async function buildFormModel(
  deps: {
    store: Pick<Store, 'subscriptions' | 'channels'>;
    defaults: SubscriptionDefaults;
    sources: BotDeps['sources'];
  },
  platform: Platform,
  channelId: string | null,
): Promise<SubscriptionFormModel> {
  const sub = channelId ? await deps.store.subscriptions.get(platform, channelId) : undefined;
  const channel = channelId ? await deps.store.channels.get(platform, channelId) : undefined;
  const cron = sub?.cron ?? deps.defaults.cron;
  const schedule = readSchedule(cron);
  const timezone = sub?.timezone ?? deps.defaults.timezone;
  const languages = sub?.languages ?? channel?.languages ?? deps.defaults.languages;
  const sourceLanguages = deps.sources.map((s) => s.language).filter((l): l is string => Boolean(l));
  return {
    platform,
    channelId,
    schedule: schedule?.schedule ?? null,
    day: DAYS[schedule?.day ?? 1] ?? 'mon',
    time: schedule?.time ?? '08:00',
    timezone,
    languages,
    filter: (sub?.filter ?? []).join(', '),
    languageOptions: [...new Set([...languages, ...deps.defaults.languages, ...sourceLanguages, ...COMMON_LANGUAGES])],
    zones: zonesStartingWith(timezone),
    existing: Boolean(sub),
    customCron: schedule ? null : cron,
  };
}

/** Every IANA zone the runtime knows, `first` (the form's zone) at the top and UTC next. */
export function zonesStartingWith(...first: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...first.filter(Boolean), 'UTC', ...all])];
}

/** The subscription form was submitted: validated with the grammar's rules, then the same `subscribe` handler. */
export async function handleForm(deps: BotDeps, event: FormEvent): Promise<void> {
  const checked = validateSubscriptionForm(event.fields);
  const channelId = event.channel?.channelId ?? (checked.ok ? checked.channelId : null);
  if (!checked.ok)
    return event.done({
      ok: false,
      errors: { ...checked.errors, ...(channelId ? {} : { channel: 'Pick a channel.' }) },
    });
  if (!channelId) return event.done({ ok: false, errors: { channel: 'Pick a channel.' } });
  const channel: ChannelRef = event.channel ?? { platform: event.platform, channelId };
  if (!(await isMember(deps, channel, event.userId)))
    return event.done({ ok: false, errors: { channel: NOT_A_MEMBER } });
  const existed = Boolean(await deps.store.subscriptions.get(channel.platform, channel.channelId));
  const sub = await subscribeChannel(deps.store, deps.defaults, channel, checked.command, event.userId);
  deps.scheduler?.refresh(sub);
  deps.log.info(
    { platform: event.platform, channel: channelId, user: event.userId, existed },
    'subscription saved from a form',
  );
  const result: FormResult = {
    ok: true,
    channelId,
    text: `${existed ? 'Subscription updated' : 'Subscribed'}: ${describe(sub.cron, sub.timezone, sub.languages, sub.filter)}.`,
  };
  return event.done(result);
}

/** Slack App Home: the subscribed channels the user is in, and the form defaults for "New subscription". */
export async function handleHome(deps: BotDeps, event: HomeEvent): Promise<void> {
  // Only the channels this user is in: a channel's schedule and filter words are its members' business.
  const adapter = deps.adapters.get(event.platform);
  const listed = adapter?.channelsOf ? await adapter.channelsOf(event.userId) : undefined;
  // The user's channels could not be listed: ask channel by channel whether they are in it (a bounded number).
  const mine = listed === null ? await subscribedChannelsWith(deps, event.platform, event.userId) : listed;
  const visible = mine === undefined ? undefined : (id: string) => mine.has(id);
  const [{ views, more }, form, states] = await Promise.all([
    buildStatusViews(deps, event.platform, visible),
    buildFormModel(deps, event.platform, null),
    deps.store.sources.list(),
  ]);
  await event.show({ views, sourcesLine: sourcesLine(deps.sources, states), form, partial: listed === null, more });
}

/** Most subscribed channels checked one by one when the user's channels cannot be listed at once. */
const MEMBERSHIP_CHECKS = MAX_HOME_CHANNELS * 2;

/** The platform's subscribed channels the user is in, asked channel by channel (oldest subscriptions first). */
async function subscribedChannelsWith(deps: BotDeps, platform: Platform, userId: string): Promise<Set<string>> {
  const adapter = deps.adapters.get(platform);
  const subs = (await deps.store.subscriptions.list()).filter((s) => s.platform === platform);
  const found = new Set<string>();
  if (!adapter?.isMember) return found;
  for (const sub of subs.slice(0, MEMBERSHIP_CHECKS)) {
    if (await adapter.isMember({ platform, channelId: sub.channelId }, userId)) found.add(sub.channelId);
  }
  return found;
}

/** A button, menu or card action. Values were validated by the adapter; here they are checked against the store. */
export async function handleAction(deps: BotDeps, event: ActionEvent, runGrammar: RunGrammar): Promise<void> {
  const { action, channel } = event;
  const notice = (text: string, tone: 'info' | 'error' = 'info') => event.respond({ kind: 'notice', tone, text });
  if (changesChannel(action)) {
    if (!channel && action.name !== 'open_form') return notice('That button no longer names a channel.', 'error');
    if (channel && !(await isMember(deps, channel, event.userId))) return notice(NOT_A_MEMBER, 'error');
  }
  switch (action.name) {
    case 'open_form': {
      const form = await buildFormModel(deps, event.platform, channel?.channelId ?? null);
      if (event.openForm) return event.openForm(form);
      return notice('Use `subscribe daily 08:00 tz Europe/Paris lang en,ar` here.');
    }
    case 'post_latest':
    case 'unsubscribe':
    case 'status': {
      if (!channel) return;
      const text = action.name === 'post_latest' ? 'latest' : action.name;
      return runGrammar({
        type: 'command',
        platform: event.platform,
        eventId: `${event.eventId}:${text}`,
        channel,
        userId: event.userId,
        text,
        respond: event.respond,
        viaButton: true,
      });
    }
    case 'mute':
    case 'unmute': {
      if (!channel) return;
      const source = deps.sources.find((s) => s.id === action.sourceId);
      if (!source) return notice('That source is not configured any more.', 'error');
      const label = `${source.name} (${source.id})`;
      if (action.name === 'unmute') {
        await deps.store.mutes.remove(channel.platform, channel.channelId, source.id);
        return notice(`${label} is no longer muted here: its stories appear in this channel's digests again.`);
      }
      await deps.store.mutes.add(channel.platform, channel.channelId, source.id, event.userId);
      return event.respond({
        kind: 'undoable',
        text: `${label} is muted in this channel: its stories no longer appear in digests here.`,
        undo: { name: 'unmute', sourceId: source.id },
        label: 'Undo',
      });
    }
    case 'original': {
      const original = await originalText(deps, action.storyId);
      if (!original) return notice('That story is no longer stored.', 'error');
      return event.respond({ kind: 'original', original });
    }
    case 'ask':
      return askAboutStory(deps, event, action);
  }
}

async function askAboutStory(
  deps: BotDeps,
  event: ActionEvent,
  action: Extract<ChatAction, { name: 'ask' }>,
): Promise<void> {
  const story = await deps.store.stories.get(action.storyId);
  if (!story) return event.respond({ kind: 'notice', tone: 'error', text: 'That story is no longer stored.' });
  const question = action.question?.trim();
  if (!question || !action.thread) {
    const primary = story.editions.find((e) => e.id === story.primaryEditionId) ?? story.editions[0];
    if (event.openQuestion) return event.openQuestion(story.id, primary?.title ?? story.id);
    return event.respond({ kind: 'notice', tone: 'info', text: 'Ask your question in the thread of the digest.' });
  }
  const mapping = await deps.store.threads.stories(
    action.thread.platform,
    action.thread.channelId,
    action.thread.threadId,
  );
  const position = mapping?.storyIds.indexOf(story.id) ?? -1;
  if (!mapping || position < 0)
    return event.respond({
      kind: 'notice',
      tone: 'error',
      text: 'I no longer know the digest this story was in; ask in its thread instead.',
    });
  // Shown in the thread first, so the answer below reads as if the question had been asked there.
  const primary = story.editions.find((e) => e.id === story.primaryEditionId) ?? story.editions[0];
  await deps.adapters.get(event.platform)?.reply(action.thread, {
    kind: 'notice',
    tone: 'info',
    text: `Question about "${primary?.title ?? story.id}": ${question}`,
  });
  // "#N" is how the thread Q&A names one story of the message (find-story-reference.ts): the answer is about this one.
  await deps.answerQuestion?.({
    type: 'question',
    platform: event.platform,
    eventId: `${event.eventId}:ask`,
    thread: action.thread,
    userId: event.userId,
    text: `#${position + 1} ${question}`,
  });
}

async function originalText(deps: BotDeps, storyId: string): Promise<OriginalText | null> {
  const story = await deps.store.stories.get(storyId);
  if (!story) return null;
  const names = new Map(deps.sources.map((s) => [s.id, s.name]));
  const primaryFirst = [...story.editions].sort(
    (a, b) => Number(b.id === story.primaryEditionId) - Number(a.id === story.primaryEditionId),
  );
  return {
    storyId,
    editions: primaryFirst.map((e) => ({
      language: e.language,
      sourceName: names.get(e.sourceId) ?? e.sourceId,
      title: e.title,
      url: e.url,
      extract: extract(e.text),
    })),
  };
}

/** The first paragraphs of an article, cut at a word within EXTRACT_CHARS. */
function extract(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, '\n').trim();
  if (flat.length <= EXTRACT_CHARS) return flat;
  const cut = flat.slice(0, EXTRACT_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > EXTRACT_CHARS / 2 ? space : EXTRACT_CHARS)}…`;
}

function changesChannel(action: ChatAction): boolean {
  return (
    action.name === 'open_form' ||
    action.name === 'post_latest' ||
    action.name === 'unsubscribe' ||
    action.name === 'mute' ||
    action.name === 'unmute'
  );
}

async function isMember(deps: BotDeps, channel: ChannelRef, userId: string): Promise<boolean> {
  const adapter = deps.adapters.get(channel.platform);
  if (!adapter?.isMember) return true;
  return adapter.isMember(channel, userId);
}

function describe(cron: string, timezone: string, languages: string[], filter: string[]): string {
  return `${describeSchedule(cron)} (${timezone}), ${languages.join(' + ')}${filter.length ? `, filter: ${filter.join(', ')}` : ''}`;
}
