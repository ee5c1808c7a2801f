import type { ModalView } from '@slack/types';
import { truncate } from './slack-limits.js';
import { VIEW } from './slack-ids.js';

export const QUESTION_BLOCK = 'question';

/** Where the answer goes: carried in private_metadata (ids only, checked again on submit). */
export interface AskModalMeta {
  storyId: string;
  channelId: string;
  threadTs: string;
}

/** "Ask about this story": one question field; the answer is posted in the digest's thread. */
export function renderAskModal(title: string, meta: AskModalMeta): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.ask,
    title: { type: 'plain_text', text: 'Ask about this story' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(meta),
    blocks: [
      // plain_text is never parsed for mentions: the feed's title is shown as is.
      {
        type: 'section',
        text: { type: 'plain_text', text: truncate(title.replace(/\s+/g, ' ').trim() || 'This story', 2_900) },
      },
      {
        type: 'input',
        block_id: QUESTION_BLOCK,
        label: { type: 'plain_text', text: 'Your question' },
        element: {
          type: 'plain_text_input',
          action_id: `mn_${QUESTION_BLOCK}`,
          multiline: true,
          max_length: 2_000,
          placeholder: { type: 'plain_text', text: 'How many people were rescued?' },
        },
        hint: { type: 'plain_text', text: 'The answer is posted in the digest’s thread, quoting the article.' },
      },
    ],
  };
}
