import type { ChatAction, OriginalText } from '../../../src/domain/interactions.js';
import { englishLanguageName, isRightToLeft } from '../../../src/domain/languages.js';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './escape-mrkdwn.js';
import { RLM } from './language-names.js';
import { context, packBlocks, type RenderedMessage, type SlackBlock, section, slackMessage } from './slack-blocks.js';
import { ACTION } from './slack-ids.js';

/** "Show the original text": each edition's title and opening, in its own language (right-to-left marked). */
export function renderOriginal(original: OriginalText): RenderedMessage[] {
  const blocks: SlackBlock[] = [];
  for (const e of original.editions.slice(0, 10)) {
    const mark = isRightToLeft(e.language) ? RLM : '';
    blocks.push(
      section(`${mark}*${mrkdwnLink(e.url, e.title || e.sourceName, 300)}*\n${mark}${escapeWithin(e.extract, 2_400)}`),
    );
    blocks.push(
      context(
        `${escapeWithin(e.sourceName, 100)} · ${escapeMrkdwn(englishLanguageName(e.language))} · original text, shortened`,
      ),
    );
  }
  if (blocks.length === 0) blocks.push(section('This story has no stored text.'));
  const fallback = `Original text: ${escapeWithin(original.editions[0]?.title ?? original.storyId, 200)}`;
  return packBlocks(blocks, 1).map((part) => ({ payload: slackMessage(fallback, part), storyIds: [original.storyId] }));
}

/** A confirmation with an Undo button (its value names the inverse action by ids only). */
export function renderUndoable(text: string, undo: ChatAction, label: string): RenderedMessage[] {
  const value = undo.name === 'unmute' ? `unmute:${undo.sourceId}` : '';
  const blocks: SlackBlock[] = [section(escapeWithin(text, 2_900))];
  if (value)
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION.undo, text: { type: 'plain_text', text: label.slice(0, 75) }, value },
      ],
    });
  return [{ payload: slackMessage(escapeWithin(text, 300), blocks), storyIds: [] }];
}
