import type { HomeView, KnownBlock } from '@slack/types';
import type { StatusView } from '../../../src/domain/interactions.js';
import { escapeWithin } from './escape-mrkdwn.js';
import { statusBlocks } from './render-status-blocks.js';
import { ACTION } from './slack-ids.js';

/** Slack's limit for a Home tab or a modal. */
export const MAX_VIEW_BLOCKS = 100;

/**
 * The App Home tab (`views.publish`): the subscribed channels the user is in, with their state and buttons, a "New subscription"
 * button, source health in one line; with no subscription, how to start. Never more than 100 blocks.
 */
export function renderHome(
  views: StatusView[],
  sourcesLine: string,
  options: { partial?: boolean; more?: number } = {},
): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Migration news digests' } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.homeNew,
          style: 'primary',
          text: { type: 'plain_text', text: 'New subscription' },
          value: 'new',
        },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:satellite_antenna: ${escapeWithin(sourcesLine, 1_000)}` }],
    },
  ];
  if (options.partial) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            views.length > 0
              ? ':warning: I could not list the channels you are in just now, so I asked channel by channel: this list may be incomplete. Reopen this tab in a minute.'
              : ':warning: I could not read which channels you are in just now, so your subscriptions are not listed. Reopen this tab in a minute.',
        },
      ],
    });
  }
  if (views.length === 0 && !options.partial) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          '*None of your channels gets scheduled digests yet.*',
          '1. Invite me to a channel: `/invite @Migration News`.',
          '2. Press *New subscription* above and pick the channel, the time, your time zone and two languages.',
          '   Or type `/migration-news subscribe weekdays 08:00 tz Africa/Cairo lang en,ar` in the channel.',
          '3. `/migration-news latest` posts the latest stories right away; ask questions in the thread of a digest.',
        ].join('\n'),
      },
    });
  }
  // Channels the core left out (beyond MAX_HOME_CHANNELS), and any that would not fit here.
  let more = options.more ?? 0;
  for (const [i, view] of views.entries()) {
    const channel = [{ type: 'divider' } as KnownBlock, ...statusBlocks(view, { buttons: true })];
    if (blocks.length + channel.length + 1 > MAX_VIEW_BLOCKS) {
      more += views.length - i;
      break;
    }
    blocks.push(...channel);
  }
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${more} more subscribed ${more === 1 ? 'channel is' : 'channels are'} not listed here: use \`/migration-news status\` in each of them.`,
        },
      ],
    });
  }
  return { type: 'home', blocks };
}
