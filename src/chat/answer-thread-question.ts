import type { ChatEvent } from '../ports/chat-adapter.js';
import type { LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import { detectQuestionLanguage } from '../text/detect-question-language.js';
import { answerQuestion } from '../qa/answer-question.js';
import type { Logger } from '../util/create-logger.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';

export interface ThreadQaDeps {
  store: Pick<Store, 'stories' | 'threads' | 'translations'>;
  llm: LlmClient | null;
  log: Logger;
  adapters: ReadonlyMap<string, ChatAdapter>;
  /** Source id -> display name, so a question can name a story by its source. */
  sourceNames: Record<string, string>;
}

export const MAX_QUESTION_LENGTH = 2000;

/**
 * A question in the thread of a digest or article message (SPEC 5.5): answered from that message's stories
 * (found in the store, never by re-reading the chat), with the thread's earlier turns as memory.
 */
export async function answerThreadQuestion(
  deps: ThreadQaDeps,
  event: Extract<ChatEvent, { type: 'question' }>,
): Promise<void> {
  const { platform, channelId, threadId } = event.thread;
  const mapping = await deps.store.threads.stories(platform, channelId, threadId);
  const adapter = deps.adapters.get(platform);
  if (!adapter) return;
  if (!mapping) {
    // Not a thread of one of our messages: stay silent, unless someone addressed the bot directly.
    if (event.topLevelMention) {
      await adapter.reply(event.thread, {
        kind: 'notice',
        tone: 'info',
        text: 'I answer questions in the thread of a digest, from its articles. Post one with `/migration-news latest`, then ask in its thread. `/migration-news help` lists the commands.',
      });
    }
    return;
  }
  const question = event.text.trim();
  if (!question) return;
  if (question.length > MAX_QUESTION_LENGTH) {
    await adapter.reply(event.thread, {
      kind: 'notice',
      tone: 'error',
      text: `That question is too long (at most ${MAX_QUESTION_LENGTH} characters).`,
    });
    return;
  }
  const stories = await deps.store.stories.getMany(mapping.storyIds);
  const history = await deps.store.threads.turns(platform, channelId, threadId);
  const answer = await answerQuestion(
    { llm: deps.llm, detectLanguage: (t) => detectQuestionLanguage(t), translations: deps.store.translations },
    {
      question,
      stories,
      history: history.map((t) => ({ question: t.question, answer: t.answer })),
      sourceNames: deps.sourceNames,
      firstNumber: mapping.firstNumber,
    },
  );
  await adapter.reply(event.thread, { kind: 'answer', answer });
  await deps.store.threads.addTurn(platform, channelId, threadId, {
    question,
    answer: answer.answer ?? answer.quotes.map((q) => q.text).join('\n'),
    language: answer.language,
    createdAt: new Date().toISOString(),
  });
  deps.log.info({ thread: threadId, covered: answer.covered, story: answer.story?.id }, 'question answered');
}
