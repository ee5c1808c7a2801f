import type { Answer } from '../../../src/domain/answer.js';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './escape-mrkdwn.js';
import { isRightToLeft } from '../../../src/domain/languages.js';
import { notCoveredSentence, offlinePassagesSentence } from '../../../src/domain/not-covered-sentence.js';
import { originalLabel } from '../../../src/domain/original-label.js';
import { RLM } from './language-names.js';
import { markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { context, type RenderedMessage, type SlackBlock, section, slackMessage, splitMrkdwn } from './slack-blocks.js';

export const ANSWER_LABEL = 'AI-generated answer, grounded in the quoted passages';
/** The English note above offline passages (questions in other languages get it in theirs). */
export const PASSAGES_LABEL = offlinePassagesSentence('en');

const MAX_QUOTES = 5;
const MAX_QUOTE = 1_200;
const MAX_ANSWER_SECTIONS = 4;

/** A thread reply answering a question: the answer (Markdown from the LLM, made safe), its quotes, the story. */
export function renderAnswer(answer: Answer): RenderedMessage {
  const rtl = isRightToLeft(answer.language);
  const blocks: SlackBlock[] = [];
  const notCovered = notCoveredSentence(answer.language);
  const notCoveredMrkdwn = `${rtl ? RLM : ''}${escapeMrkdwn(notCovered)}`;
  if (answer.answer) {
    const mrkdwn = markdownToMrkdwn(answer.answer);
    const text = rtl
      ? mrkdwn
          .split('\n')
          .map((l) => (l && !l.startsWith('>') ? `${RLM}${l}` : l))
          .join('\n')
      : mrkdwn;
    blocks.push(...splitMrkdwn(text).slice(0, MAX_ANSWER_SECTIONS).map(section));
  } else if (!answer.covered) {
    blocks.push(section(notCoveredMrkdwn));
  }
  for (const quote of answer.quotes.slice(0, MAX_QUOTES)) {
    const mark = isRightToLeft(quote.language) ? RLM : '';
    const lines = escapeWithin(quote.text.trim(), MAX_QUOTE)
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `>${mark}${l}`);
    const source = quote.url ? ` · ${mrkdwnLink(quote.url, 'article', 20)}` : '';
    blocks.push(section(`${lines.join('\n')}\n_${escapeMrkdwn(originalLabel(quote.language))}_${source}`));
  }
  // Visible, as a digest's warnings are: e.g. a term the glossary marks as not preferred.
  for (const warning of (answer.warnings ?? []).slice(0, 3))
    blocks.push(context(`:warning: ${escapeWithin(warning, 300)}`));
  if (answer.story)
    blocks.push(context(`Story: ${mrkdwnLink(answer.story.url, answer.story.title || answer.story.id, 300)}`));
  const passagesLabel = `${rtl ? RLM : ''}${escapeMrkdwn(offlinePassagesSentence(answer.language))}`;
  const label = answer.answer ? ANSWER_LABEL : answer.quotes.length > 0 ? passagesLabel : '';
  if (label) blocks.push(context(label));
  if (blocks.length === 0) blocks.push(section(notCoveredMrkdwn));

  const fallback = answer.answer ?? answer.quotes[0]?.text ?? notCovered;
  return {
    payload: slackMessage(escapeWithin(fallback.replace(/\s+/g, ' '), 500), blocks),
    storyIds: answer.story ? [answer.story.id] : [],
  };
}
