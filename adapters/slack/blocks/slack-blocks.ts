import { markRightToLeft } from './language-names.js';
import { SLACK_LIMITS, truncate } from './slack-limits.js';

/** The subset of Block Kit this adapter renders (kept here so rendering needs no SDK). */
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link URLs, channel names or mentions found in the text. */
  verbatim?: boolean;
}
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export type SlackBlock =
  | { type: 'header'; block_id?: string; text: PlainText }
  | { type: 'section'; block_id?: string; text: MrkdwnText; accessory?: SlackElement }
  | { type: 'context'; block_id?: string; elements: MrkdwnText[] }
  | { type: 'divider'; block_id?: string }
  | { type: 'actions'; block_id?: string; elements: SlackElement[] };

/** An interactive element (button, overflow menu): its values carry ids only, never text to trust. */
export type SlackElement = { type: 'button' | 'overflow'; action_id: string } & Record<string, unknown>;

export interface SlackMessageMetadata {
  event_type: string;
  /** Flat values only: Slack's metadata schema has no plain arrays, so lists are comma-separated strings. */
  event_payload: Record<string, string | number | boolean>;
}

/** A chat.postMessage payload without its channel (the adapter adds channel and thread_ts). */
export interface SlackMessage {
  /** Notification and accessibility fallback: Slack shows it where blocks cannot be shown. */
  text: string;
  blocks: SlackBlock[];
  metadata?: SlackMessageMetadata;
  unfurl_links: false;
  unfurl_media: false;
  /** Spelled out although they are the defaults for bot messages: nothing in our text is parsed into a mention. */
  parse: 'none';
  link_names: false;
}

/** A payload and the stories it shows (for the thread mapping; not sent to Slack). */
export interface RenderedMessage {
  payload: SlackMessage;
  storyIds: string[];
}

/** A section of already-safe mrkdwn; callers escape untrusted parts and keep within SLACK_LIMITS.sectionText. */
export function section(mrkdwn: string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.sectionText), verbatim: true },
  };
}

/** A context block of already-safe mrkdwn elements (at most ten), each led by RLM when it reads right to left. */
export function context(...elements: string[]): SlackBlock {
  return {
    type: 'context',
    elements: elements
      .filter(Boolean)
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({
        type: 'mrkdwn' as const,
        text: truncate(markRightToLeft(text), SLACK_LIMITS.contextText),
        verbatim: true,
      })),
  };
}

/** A header (led by RLM when it reads right to left); plain_text is never parsed for mentions, so any text is safe here. */
export function header(text: string): SlackBlock {
  return {
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(markRightToLeft(text.replace(/\s+/g, ' ').trim()), SLACK_LIMITS.headerText),
      emoji: true,
    },
  };
}

export function divider(): SlackBlock {
  return { type: 'divider' };
}

/** Characters of text a block carries (for the per-message budget). */
export function blockTextLength(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'divider':
    case 'actions':
      return 0;
  }
}

/** Wraps blocks into a payload with the flags every message of this bot carries. */
export function slackMessage(text: string, blocks: SlackBlock[], metadata?: SlackMessageMetadata): SlackMessage {
  return {
    text: truncate(text, SLACK_LIMITS.fallbackText),
    blocks,
    ...(metadata ? { metadata } : {}),
    unfurl_links: false,
    unfurl_media: false,
    parse: 'none',
    link_names: false,
  };
}

/** The flags of a payload (no unfurling, nothing parsed into a mention), for the ways a reply goes out other than chat.postMessage. */
export function messageFlags(
  payload: SlackMessage,
): Pick<SlackMessage, 'unfurl_links' | 'unfurl_media' | 'parse' | 'link_names'> {
  return {
    unfurl_links: payload.unfurl_links,
    unfurl_media: payload.unfurl_media,
    parse: payload.parse,
    link_names: payload.link_names,
  };
}

/** A payload as an ephemeral reply through a response_url, with the flags of every message, replacing nothing. */
export function ephemeralResponse(payload: SlackMessage) {
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text: payload.text,
    blocks: payload.blocks,
    ...messageFlags(payload),
  };
}

/** Groups blocks into messages that stay within the block and text limits (long notices, long answers). */
export function packBlocks(blocks: SlackBlock[], maxMessages = 5): SlackBlock[][] {
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let chars = 0;
  for (const block of blocks) {
    const length = blockTextLength(block);
    if (
      current.length &&
      (current.length >= SLACK_LIMITS.blocksPerMessage || chars + length > SLACK_LIMITS.messageText)
    ) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += length;
  }
  if (current.length) messages.push(current);
  return messages.slice(0, maxMessages);
}

/** Splits safe mrkdwn into chunks of at most `max` characters, at line breaks where possible. */
export function splitMrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) chunks.push(current);
    let rest = line;
    while (rest.length > max) {
      // Cut at a space, never inside an entity or a <link>.
      let cut = rest.lastIndexOf(' ', max);
      if (cut < max / 2) cut = max;
      const open = rest.lastIndexOf('<', cut);
      if (open > rest.lastIndexOf('>', cut) && open > 0) cut = open;
      const amp = rest.lastIndexOf('&', cut);
      if (amp > cut - 6 && amp > 0 && rest.indexOf(';', amp) >= cut) cut = amp;
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  if (current) chunks.push(current);
  return chunks.length ? chunks : [''];
}
