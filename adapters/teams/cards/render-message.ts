import type { OutgoingMessage } from '../../../src/ports/chat-adapter.js';
import { describeUpdate } from '../../../src/domain/story-update.js';
import { adaptiveCard, cardActivity, type RenderedActivity, textBlock } from './adaptive-card.js';
import { cardText } from './card-text.js';
import { renderAnswerActivity } from './render-answer-card.js';
import { renderDigestActivities } from './render-digest-card.js';
import { renderNoticeActivity } from './render-notice-card.js';
import { renderStoriesActivities } from './render-stories-card.js';
import { renderOriginalActivity } from './render-original-card.js';
import { renderStatusActivity } from './render-status-card.js';

/** Every message kind of the port as Teams activities (Adaptive Cards 1.5), each under the message size limit. */
export function renderMessage(message: OutgoingMessage): RenderedActivity[] {
  switch (message.kind) {
    case 'digest':
      return renderDigestActivities(message.digest);
    case 'answer':
      return [renderAnswerActivity(message.answer)];
    case 'notice':
      return [renderNoticeActivity(message.text, message.tone)];
    case 'stories':
      return renderStoriesActivities(message.heading, message.stories);
    case 'update': {
      // Feed text inside: escaped like a digest (cardText), so no markup, mention or card function can form.
      const line = describeUpdate(message.update);
      return [
        {
          activity: cardActivity(adaptiveCard([textBlock(cardText(line, 1000), { wrap: true })]), cardText(line, 120)),
          storyIds: [message.update.storyId],
        },
      ];
    }
    case 'status':
      return [renderStatusActivity(message.view)];
    case 'original':
      return [renderOriginalActivity(message.original)];
    case 'undoable':
      return [renderNoticeActivity(message.text, 'info')];
  }
}
