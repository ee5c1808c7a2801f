import type { Story } from '../domain/types.js';
import { loadPrompt } from '../llm/load-prompt.js';
import { renderPrompt } from '../llm/render-prompt.js';
import { glossaryForPrompt } from '../glossary/glossary-for-prompt.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { editionForLanguage } from './edition-for-language.js';
import { englishLanguageName } from '../domain/languages.js';
import type { RetrievedPassage } from './retrieve-passages.js';

const ANSWER_PROMPT = { name: 'answer', version: 'v2' } as const;

export interface AnswerRequestInput {
  question: string;
  /** Language code of the question. */
  language: string;
  /** Every story of the thread, in digest order (their numbers in the prompt). */
  stories: readonly Story[];
  /** The passages offered to the model, numbered from 1 in this order. */
  passages: readonly RetrievedPassage[];
  sourceNames: Readonly<Record<string, string>>;
  /** Random id of the data fence; article text cannot guess it, so cannot close the fence. */
  fence: string;
}

/** Longest question sent to the model; a chat message longer than this is not a question. */
const MAX_QUESTION_CHARS = 2000;

/** The system and user messages for one question, from prompts/answer/v2.md (glossary terms in the user message). */
export function buildAnswerRequest(input: AnswerRequestInput): { system: string; user: string; promptVersion: string } {
  const prompt = loadPrompt(ANSWER_PROMPT.name, ANSWER_PROMPT.version);
  const storyNumber = new Map(input.stories.map((story, i) => [story.id, i + 1]));
  const articles = input.stories
    .map((story, i) => {
      const edition = editionForLanguage(story, input.language);
      const languages = [...new Set(story.editions.map((e) => englishLanguageName(e.language)))].join(', ');
      const sources = [...new Set(story.editions.map((e) => input.sourceNames[e.sourceId] ?? e.sourceId))].join(', ');
      return `${i + 1}. "${oneLine(edition?.title ?? '')}" (${sources}; ${languages})`;
    })
    .join('\n');
  const passages = input.passages
    .map((p, i) => {
      const title = input.stories.flatMap((s) => s.editions).find((e) => e.id === p.editionId)?.title ?? '';
      const header = `[passage ${i + 1}] article ${storyNumber.get(p.storyId) ?? '?'}, ${englishLanguageName(p.language)}, "${oneLine(title)}"`;
      return `${header}\n${defang(p.text)}`;
    })
    .join('\n\n');
  const values = {
    languageName: englishLanguageName(input.language),
    articles,
    passages: passages || '(no passage of these articles matches the question)',
    fence: input.fence,
    glossary:
      glossaryForPrompt(
        loadGlossary(),
        input.passages.map((p) => ({ text: p.text, language: p.language })),
        [input.language],
      ) || '(none)',
    question: input.question.slice(0, MAX_QUESTION_CHARS),
  };
  return {
    system: renderPrompt(prompt.system, values),
    user: renderPrompt(prompt.user, values),
    promptVersion: prompt.version,
  };
}

function oneLine(text: string): string {
  return defang(text).replace(/\s+/g, ' ').trim();
}

/** Article text cannot forge a passage header or a fence line, even one with the wrong id. */
function defang(text: string): string {
  return text.replace(/<<<|>>>/g, (m) => (m === '<<<' ? '‹‹‹' : '›››')).replace(/\[(passage)/gi, '($1');
}
