import type { KnownBlock } from '@slack/types';
import { englishLanguageName } from '../../../src/domain/languages.js';
import { describeLastDelivery, type StatusView } from '../../../src/domain/interactions.js';
import { escapeWithin } from './escape-mrkdwn.js';
import { ACTION, slackChannelId } from './slack-ids.js';

/** `<#C123>` for a valid channel id (Slack shows its name); anything else escaped as text. */
export function channelMention(channelId: string): string {
  return slackChannelId.safeParse(channelId).success ? `<#${channelId}>` : escapeWithin(channelId, 80);
}

/**
 * One channel's state as blocks (the Home tab and `status`): schedule, zone, languages, filter, next run, last
 * delivery and its outcome; with `buttons`, Edit / Post latest now / Unsubscribe (confirmed). 2-3 blocks.
 */
export function statusBlocks(view: StatusView, options: { buttons: boolean; title?: boolean }): KnownBlock[] {
  const s = view.subscription;
  const lines: string[] = [];
  if (options.title !== false) lines.push(`*${channelMention(view.channelId)}*`);
  if (s) {
    lines.push(
      `:calendar: ${escapeWithin(s.schedule, 120)} · ${escapeWithin(s.timezone, 60)} · ${s.languages.map((l) => escapeWithin(englishLanguageName(l), 40)).join(' + ')}`,
    );
    lines.push(
      `:mag: ${s.filter.length ? `filter: ${escapeWithin(s.filter.join(', '), 400)}` : 'no filter (every story)'}`,
    );
    lines.push(
      s.paused
        ? `:double_vertical_bar: *paused* since ${utc(s.paused.at)}: ${escapeWithin(s.paused.reason, 300)}. Invite me back to resume.`
        : `:alarm_clock: next run ${s.nextRunAt ? utc(s.nextRunAt) : 'unknown'}`,
    );
  } else {
    lines.push('No scheduled digest here.');
  }
  const d = view.lastDelivery ? describeLastDelivery(view.lastDelivery) : null;
  const last =
    d && view.lastDelivery
      ? `Last delivery ${utc(view.lastDelivery.at)} (${d.kind}): ${d.failed ? ':warning: failed: ' : ''}${escapeWithin(d.outcome, 400)}`
      : 'No digest delivered here yet.';
  const context = [last, `Threaded updates: ${view.updates ? 'on' : 'off'}`];
  if (view.budgetLine) context.push(escapeWithin(view.budgetLine, 300));
  if (view.muted.length)
    context.push(
      `Muted here: ${escapeWithin(view.muted.map((m) => (m.name === m.id ? m.id : `${m.name} (${m.id})`)).join(', '), 500)}`,
    );
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn' as const, text })) },
  ];
  if (options.buttons && s) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.homeEdit,
          text: { type: 'plain_text', text: 'Edit' },
          value: view.channelId,
        },
        {
          type: 'button',
          action_id: ACTION.homePost,
          text: { type: 'plain_text', text: 'Post latest now' },
          value: view.channelId,
        },
        {
          type: 'button',
          action_id: ACTION.homeUnsubscribe,
          style: 'danger',
          text: { type: 'plain_text', text: 'Unsubscribe' },
          value: view.channelId,
          confirm: {
            title: { type: 'plain_text', text: 'Stop the digests?' },
            text: {
              type: 'mrkdwn',
              text: `No more scheduled digests in ${channelMention(view.channelId)}. You can subscribe again at any time.`,
            },
            confirm: { type: 'plain_text', text: 'Unsubscribe' },
            deny: { type: 'plain_text', text: 'Keep it' },
            style: 'danger',
          },
        },
      ],
    });
  }
  return blocks;
}

export function utc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
