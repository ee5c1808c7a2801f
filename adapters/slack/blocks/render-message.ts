import type { OutgoingMessage, StoryListEntry } from '../../../src/ports/chat-adapter.js';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './escape-mrkdwn.js';
import { englishLanguageName } from '../../../src/domain/languages.js';
import { describeUpdate, updateKey } from '../../../src/domain/story-update.js';
import { renderAnswer } from './render-answer.js';
import { renderDigest } from './render-digest.js';
import { renderOriginal, renderUndoable } from './render-original.js';
import {
  packBlocks,
  type RenderedMessage,
  type SlackBlock,
  section,
  slackMessage,
  splitMrkdwn,
} from './slack-blocks.js';
import { SLACK_LIMITS } from './slack-limits.js';

/** Slack message metadata event type of a threaded story update. */
export const UPDATE_EVENT_TYPE = 'migration_news_update';

// First-strong isolation: a right-to-left title in a left-to-right list line keeps the line's order intact.
const FSI = '\u2068';
const PDI = '\u2069';

/** Renders anything the core sends (digest, answer, notice, story list) as Slack messages. */
export function renderMessage(message: OutgoingMessage): RenderedMessage[] {
  switch (message.kind) {
    case 'digest':
      return renderDigest(message.digest);
    case 'answer':
      return [renderAnswer(message.answer)];
    case 'notice':
      return renderNotice(message.text, message.tone);
    case 'stories':
      return renderStories(message.heading, message.stories);
    case 'update': {
      // Feed text inside: escaped like a digest, so nothing in it can ping anyone or form a link.
      const text = escapeWithin(describeUpdate(message.update), SLACK_LIMITS.sectionText);
      // Metadata names the update, so an attempt whose answer was lost is found in the thread instead of posted again.
      const metadata = {
        event_type: UPDATE_EVENT_TYPE,
        event_payload: {
          update_id: updateKey(message.update),
          story_id: message.update.storyId,
          revision: message.update.revision,
        },
      };
      return [
        {
          payload: slackMessage(escapeWithin(describeUpdate(message.update), 300), [section(text)], metadata),
          storyIds: [message.update.storyId],
        },
      ];
    }
    // Slack shows `status` as text; the same content with buttons is the App Home tab.
    case 'status':
      return renderNotice(message.text, 'info');
    case 'original':
      return renderOriginal(message.original);
    case 'undoable':
      return renderUndoable(message.text, message.undo, message.label);
  }
}

/**
 * A notice (help, status, errors). Its text may quote user input, so it is escaped; `code` spans stay, and
 * indented lines (the help text's columns) are shown as a preformatted block so they stay aligned.
 */
export function renderNotice(text: string, tone: 'info' | 'error'): RenderedMessage[] {
  const groups: string[] = [];
  let pre: string[] = [];
  const flush = () => {
    if (pre.length) groups.push(`\`\`\`${pre.join('\n')}\`\`\``);
    pre = [];
  };
  for (const line of escapeMrkdwn(text).split('\n')) {
    if (/^\s{2,}\S/.test(line)) pre.push(line);
    else {
      flush();
      groups.push(line);
    }
  }
  flush();
  const body = `${tone === 'error' ? ':warning: ' : ''}${groups.join('\n')}`;
  const fallback = escapeWithin(text.split('\n')[0] || 'Migration news', 300);
  return packBlocks(splitPreformatted(body).map(section)).map((blocks) => ({
    payload: slackMessage(fallback, blocks),
    storyIds: [],
  }));
}

/** Search results: a short list visible to the asker, one line per story with its link. */
export function renderStories(heading: string, stories: StoryListEntry[]): RenderedMessage[] {
  const lines = stories.map((s) => {
    const when = s.publishedAt ? s.publishedAt.slice(0, 10) : 'date unknown';
    const title = mrkdwnLink(s.url, s.title || s.id, 250);
    return `• ${FSI}${title}${PDI} · ${escapeWithin(s.sourceName, 100)} · ${escapeMrkdwn(englishLanguageName(s.language))} · ${when}`;
  });
  const blocks: SlackBlock[] = splitMrkdwn([`*${escapeWithin(heading, 200)}*`, ...lines].join('\n')).map(section);
  const fallback = `${escapeWithin(heading, 200)}: ${stories.length} ${stories.length === 1 ? 'story' : 'stories'}`;
  return packBlocks(blocks).map((part) => ({
    payload: slackMessage(fallback, part),
    storyIds: stories.map((s) => s.id),
  }));
}

/** Splits into section-sized chunks; a chunk that cuts a ``` block closes it and the next one reopens it. */
function splitPreformatted(text: string): string[] {
  const chunks = splitMrkdwn(text, SLACK_LIMITS.sectionText - 6);
  let open = false;
  return chunks.map((chunk) => {
    let out = open ? `\`\`\`${chunk}` : chunk;
    const fences = (chunk.match(/```/g) ?? []).length;
    if (fences % 2 === 1) open = !open;
    if (open) out = `${out}\`\`\``;
    return out;
  });
}
