import type { OutgoingMessage } from '../../src/ports/chat-adapter.js';
import type { RenderedActivity } from './adaptive-card.js';
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
    case 'status':
      return [renderStatusActivity(message.view)];
    case 'original':
      return [renderOriginalActivity(message.original)];
    case 'undoable':
      return [renderNoticeActivity(message.text, 'info')];
  }
}
