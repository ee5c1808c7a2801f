import { buildDigest, type BuildDigestDeps } from '../digest/build-digest.js';
import { ChatError, CommandError } from '../domain/errors.js';
import type { ChannelRef } from '../domain/types.js';
import { commandLabel } from './command-label.js';
import type { LlmBudget } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { ChatEvent, OutgoingMessage } from '../ports/chat-adapter.js';
import type { FirstFetch, SchedulerControl } from '../ports/scheduler.js';
import { type DeliverDeps, deliverDigest } from '../schedule/deliver-digest.js';
import type { DigestDeliveryDeps } from '../schedule/run-subscription.js';
import { describeStatus, describeSources } from './describe-status.js';
import { setChannelLanguages, type SubscriptionDefaults, subscribeChannel } from './change-subscription.js';
import { describeSubscriptionChange } from './describe-subscription-change.js';
import { HELP_TEXT, parseCommand } from './parse-command.js';
import { searchStories } from './search-stories.js';
import { buildStatusView } from './build-status-view.js';
import { buildFormModel, handleAction, handleForm, handleHome } from './handle-interaction.js';
import { followInstall, followRemoval, resumeOnCommand } from './follow-membership.js';

/**
 * What a chat event can touch: commands build digests (BuildDigestDeps) and deliver them (DeliverDeps), change
 * subscriptions and channel settings, and answer the interactive surfaces (status, forms, story menus).
 */
export interface BotDeps extends DigestDeliveryDeps {
  store: BuildDigestDeps['store'] & DeliverDeps['store'] & Pick<Store, 'mutes' | 'events' | 'threads' | 'llmCalls'>;
  defaults: SubscriptionDefaults;
  scheduler?: SchedulerControl;
  /** Thread Q&A entry point (SPEC 5.5). */
  answerQuestion?: (event: Extract<ChatEvent, { type: 'question' }>) => Promise<void>;
  /** Command latency and delivery outcomes (GET /metrics). */
  metrics?: Metrics;
  /** LLM_DAILY_TOKEN_BUDGET, shown by `status`. */
  budget?: LlmBudget | null;
  /** The start-up fetch of `serve` (SPEC 7 "First start"): `latest` waits for it. */
  firstFetch?: () => Promise<FirstFetch>;
  /** Each platform's connection, e.g. {slack: "reconnecting (last error: ...)"}, for `status`. */
  platformStates?: () => Record<string, string>;
}

const LATEST_WINDOW_MS = 24 * 3_600_000;

/** Entry point for every chat event from every adapter. Never throws: bad input gets help, faults get a short error. */
export async function handleChatEvent(deps: BotDeps, event: ChatEvent): Promise<void> {
  // Forms and the Home tab are idempotent and wait for their answer (Slack's ack): never dropped as duplicates.
  if (event.type === 'form') {
    return handleForm(deps, event).catch(async (error: unknown) => {
      deps.log.error({ err: error, event: event.eventId, platform: event.platform }, 'subscription form failed');
      await event.done({
        ok: false,
        errors: { channel: 'Sorry, the subscription could not be saved right now. Please try again in a minute.' },
      });
    });
  }
  if (event.type === 'home') return handleHome(deps, event);
  // Platforms retry slow or failed deliveries of the same event; act on each event once.
  if (!(await deps.store.events.firstSeen(event.platform, event.eventId))) {
    deps.log.debug({ event: event.eventId }, 'duplicate event ignored');
    return;
  }
  if (event.type === 'installed') return followInstall(deps, event);
  if (event.type === 'removed') return followRemoval(deps, event);
  const started = performance.now();
  const done = (command: string, channel: string, outcome: 'ok' | 'usage_error' | 'error') => {
    const seconds = (performance.now() - started) / 1000;
    deps.metrics?.commandHandled({ platform: event.platform, command, outcome }, seconds);
    deps.log.info(
      { event: event.eventId, platform: event.platform, channel, command, outcome, ms: Math.round(seconds * 1000) },
      'command handled',
    );
  };
  if (event.type === 'action') {
    await handleAction(deps, event, (command) => handleChatEvent(deps, command)).catch(async (error: unknown) => {
      deps.log.error({ err: error, event: event.eventId, action: event.action.name }, 'action failed');
      await event
        .respond({ kind: 'notice', tone: 'error', text: 'Sorry, something went wrong. Please try again in a minute.' })
        .catch(() => undefined);
    });
    return;
  }
  if (event.type === 'question') {
    try {
      await deps.answerQuestion?.(event);
      done('question', event.thread.channelId, 'ok');
    } catch (error) {
      done('question', event.thread.channelId, 'error');
      throw error;
    }
    return;
  }
  if (event.channel.conversationRef)
    await deps.store.channels.save(event.platform, event.channel.channelId, event.channel.conversationRef);
  const command = commandLabel(event.text);
  try {
    // The bot is back in a channel it was removed from (a command came from there): its digests resume.
    const resumed = command === 'unsubscribe' ? null : await resumeOnCommand(deps, event);
    if (resumed) await event.respond({ kind: 'notice', tone: 'info', text: resumed });
    await runCommand(deps, event);
    done(command, event.channel.channelId, 'ok');
  } catch (error) {
    done(command, event.channel.channelId, error instanceof CommandError ? 'usage_error' : 'error');
    const reply: OutgoingMessage =
      error instanceof CommandError
        ? { kind: 'notice', tone: 'error', text: `${error.message}\n\n${HELP_TEXT}` }
        : {
            kind: 'notice',
            tone: 'error',
            text: 'Sorry, something went wrong while handling that command. Please try again in a minute.',
          };
    if (!(error instanceof CommandError))
      deps.log.error(
        { err: error, event: event.eventId, platform: event.platform, channel: event.channel.channelId, command },
        'command failed',
      );
    await event.respond(reply).catch((err: unknown) => deps.log.warn({ err }, 'could not send the error reply'));
  }
}

async function runCommand(deps: BotDeps, event: Extract<ChatEvent, { type: 'command' }>): Promise<void> {
  const command = parseCommand(event.text);
  const channel: ChannelRef = event.channel;
  const notice = (text: string) => event.respond({ kind: 'notice', tone: 'info', text });
  switch (command.name) {
    case 'help':
      return notice(HELP_TEXT);
    case 'latest': {
      // Asked right after start-up: wait for the first fetch instead of answering from an empty store.
      const first = await deps.firstFetch?.();
      const { languages, only } = await channelLanguages(deps, channel);
      const digest = await buildDigest(deps, {
        languages,
        languagesOnly: only,
        since: new Date(Date.now() - LATEST_WINDOW_MS).toISOString(),
        limit: command.limit ?? deps.maxItems,
        mutedSources: await deps.store.mutes.list(channel.platform, channel.channelId),
      });
      if (digest.items.length === 0)
        return notice(
          `No migration stories in the last 24 hours.${first ? describeFetchFailures(first, deps.sources) : ''}`,
        );
      const outcome = await deliverDigest(deps, { channel, digest, kind: 'on_demand' });
      if (outcome.status === 'waiting')
        return notice(
          `${channel.platform} cannot be reached right now: the digest waits in the outbox and is posted as soon as it is back.`,
        );
      if (outcome.status === 'failed') {
        const hint = outcome.error instanceof ChatError ? outcome.error.userHint : null;
        return event.respond({
          kind: 'notice',
          tone: 'error',
          text: hint ?? 'I could not post the digest here right now; it will be retried. Try `status` for details.',
        });
      }
      return;
    }
    case 'search': {
      const stories = await searchStories(deps.store, new Map(deps.sources.map((s) => [s.id, s.name])), command.words);
      if (stories.length === 0) return notice(`No stories of the last 30 days match "${command.words}".`);
      return event.respond({ kind: 'stories', heading: `Stories matching "${command.words}"`, stories });
    }
    case 'subscribe': {
      // `subscribe` alone: the form (Slack modal, Teams card) where the platform has one.
      if (event.openForm && !command.cron && !command.timezone && !command.languages && !command.filter) {
        return event.openForm(await buildFormModel(deps, channel.platform, channel.channelId));
      }
      const before = await deps.store.subscriptions.get(channel.platform, channel.channelId);
      const sub = await subscribeChannel(deps.store, deps.defaults, channel, command, event.userId);
      deps.scheduler?.refresh(sub);
      const text = `${describeSubscriptionChange(before, sub)} ${await describeStatus(deps, channel)}`;
      return notice(await withPostingProblem(event, text));
    }
    case 'unsubscribe': {
      const existing = await deps.store.subscriptions.get(channel.platform, channel.channelId);
      if (!existing) return notice('This channel has no subscription.');
      await deps.store.subscriptions.remove(channel.platform, channel.channelId);
      deps.scheduler?.remove(existing.id);
      return notice('Unsubscribed: no more scheduled digests here. `subscribe` starts them again.');
    }
    case 'lang': {
      const sub = await setChannelLanguages(deps.store, channel, command.languages, command.only ?? false);
      if (sub) deps.scheduler?.refresh(sub);
      const text = `Languages for this channel: ${command.languages.join(' + ')}${command.only ? ' only (stories with no text in them are left out)' : ''}.`;
      return notice(sub ? await withPostingProblem(event, text) : text);
    }
    case 'status': {
      // The Slack Home tab and the Teams status card render the view; the text adds each platform's connection.
      const platforms = Object.entries(deps.platformStates?.() ?? {}).map(([p, state]) => `${p}: ${state}`);
      const text = `${await describeStatus(deps, channel)}${platforms.length ? `\nPlatforms: ${platforms.join('; ')}` : ''}`;
      const view = await buildStatusView(deps, channel);
      return event.respond({
        kind: 'status',
        view: platforms.length ? { ...view, platformsLine: platforms.join('; ') } : view,
        text,
      });
    }
    case 'updates':
      await deps.store.channels.setUpdates(channel.platform, channel.channelId, command.on);
      return notice(
        command.on
          ? 'Updates on: when a story delivered here is revised (a figure or its title), a short update is posted in its digest thread.'
          : 'Updates off: revised stories get no threaded update here. `updates on` turns them back on.',
      );
    case 'sources':
      return notice(await describeSources(deps));
  }
}

/**
 * A setting's confirmation, with a warning when the bot cannot post in the channel (Slack: not invited): the
 * subscription is kept, but its digests would fail until the bot is invited, so the user is told now, not at 08:00.
 */
async function withPostingProblem(event: Extract<ChatEvent, { type: 'command' }>, text: string): Promise<string> {
  const problem = await event.cannotPostHere?.().catch(() => null);
  return problem ? `${text}\n${problem}` : text;
}

/** " The start-up fetch failed for IOM (iom-en): timeout; next try 10:30 UTC." or "" when it went fine. */
function describeFetchFailures(first: FirstFetch, sources: ReadonlyArray<{ id: string; name: string }>): string {
  if (!first.ran || (!first.error && first.failed.length === 0)) return '';
  const next = first.nextTryAt ? `; next try ${first.nextTryAt.replace('T', ' ').slice(0, 16)} UTC` : '';
  if (first.error) return ` The start-up fetch failed (${first.error})${next}.`;
  const names = first.failed.map(
    (f) => `${sources.find((s) => s.id === f.sourceId)?.name ?? f.sourceId} (${f.sourceId}): ${f.error}`,
  );
  return ` The start-up fetch failed for ${first.failed.length} of ${sources.length} source(s): ${names.join('; ')}${next}.`;
}

async function channelLanguages(deps: BotDeps, channel: ChannelRef): Promise<{ languages: string[]; only: boolean }> {
  const sub = await deps.store.subscriptions.get(channel.platform, channel.channelId);
  if (sub) return { languages: sub.languages, only: sub.languagesOnly ?? false };
  const prefs = await deps.store.channels.get(channel.platform, channel.channelId);
  return {
    languages: prefs?.languages ?? deps.defaults.languages,
    only: (prefs?.languages && prefs.languagesOnly) ?? false,
  };
}
