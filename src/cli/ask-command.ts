import { renderAnswerText } from './render-text.js';
import { AppError } from '../domain/errors.js';
import { detectQuestionLanguage } from '../text/detect-question-language.js';
import { canonicalUrl } from '../editions/canonical-url.js';
import { answerQuestion } from '../qa/answer-question.js';
import { openApp } from './open-app.js';

export async function askCommand(item: string, question: string, opts: { format: 'text' | 'json' }): Promise<void> {
  if (!question.trim()) throw new AppError('USAGE_QUESTION', 'ask needs a question after the story id or URL');
  // The story and its editions are in the store: no sources file is read.
  const app = await openApp({ quietLogs: true, sourcesUse: 'none' });
  const { core } = app;
  try {
    const story = /^https?:\/\//i.test(item)
      ? ((await core.store.stories.findByUrl(canonicalUrl(item) ?? item)) ?? (await core.store.stories.findByUrl(item)))
      : await core.store.stories.get(item);
    if (!story) {
      throw new AppError(
        'NOT_FOUND',
        `no stored story ${JSON.stringify(item)}: run \`migration-news ingest\` first, or use an id printed by \`migration-news digest\``,
      );
    }
    const answer = await answerQuestion(
      { llm: core.llm, detectLanguage: (t) => detectQuestionLanguage(t), translations: core.store.translations },
      { question, stories: [story], history: [] },
    );
    process.stdout.write(
      opts.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : `${renderAnswerText(answer)}\n`,
    );
  } finally {
    await app.close();
  }
}
