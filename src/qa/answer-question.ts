import { randomBytes } from 'node:crypto';
import type { Answer, Quote } from '../domain/answer.js';
import { LlmError } from '../domain/errors.js';
import type { Story } from '../domain/types.js';
import type { LlmClient } from '../ports/llm.js';
import { analyseText } from './analyse-text.js';
import { answerOutputSchema } from './answer-output-schema.js';
import { boundHistory, type ThreadTurn } from './bound-history.js';
import { buildAnswerRequest } from './build-answer-request.js';
import { editionForLanguage } from './edition-for-language.js';
import { findStoryReference } from './find-story-reference.js';
import { checkTerminology } from '../glossary/check-terminology.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { englishLanguageName } from '../domain/languages.js';
import { leadPassages } from './lead-passages.js';
import { type RetrievedPassage, retrievePassages } from './retrieve-passages.js';
import { memoryTranslationCache, type TranslationCache, translateQuestion } from './translate-question.js';

export interface AnswerDeps {
  /** null = offline: passages only. */
  llm: LlmClient | null;
  /** Language code of a text, or null when unsure. */
  detectLanguage(text: string): string | null;
  /** Where questions translated for retrieval are kept (the store's `translations`); default: this process only. */
  translations?: TranslationCache;
}

export interface AnswerInput {
  question: string;
  /** The stories of the thread's message, in digest order ("#2" is the second). */
  stories: Story[];
  /** Earlier turns of the thread, oldest first. */
  history: ThreadTurn[];
  /** Budget for the history sent to the model, in estimated tokens (default 1,500). */
  historyTokenBudget?: number;
  /** Source id -> display name, so "what does IOM say" can name a story. */
  sourceNames?: Record<string, string>;
  /** The number the message shows its first story with (11 in a digest's second message): "#12" is then the second. */
  firstNumber?: number;
}

/** Passages offered to the model; each is at most ~600 characters. */
const LLM_PASSAGES = 8;
const OFFLINE_QUOTES = 3;
const MAX_QUOTES = 3;
const DEFAULT_HISTORY_BUDGET = 1500;
/**
 * Offline, a passage answers the question when it holds this share of its (rarity-weighted) words. Measured (bench,
 * tests/unit/qa): at 0.5, 28/40 answerable held-out questions are "covered" and 1/130 off-topic ones; 0.4 would give
 * 32/40, but a near miss ("how many refugees reached Cyprus last week?" in Arabic, 0.40) would be called answered:
 * a hedged "closest passages" is kept over a wrong "this answers it".
 */
export const COVERED_THRESHOLD = 0.5;
/** Languages a question is translated into for retrieval, at most (one short model call each, cached). */
const MAX_TRANSLATIONS = 3;
const processTranslations = memoryTranslationCache();

/**
 * Answers a question asked in a thread from the articles of that thread's message (SPEC 5.5): retrieves
 * passages across every edition, then lets the model answer in the question's language, quoting
 * passages by number. Offline, or when the model fails, the best passages are the answer.
 */
export async function answerQuestion(deps: AnswerDeps, input: AnswerInput): Promise<Answer> {
  const question = input.question.trim();
  const language = deps.detectLanguage(question) ?? scriptLanguage(question);
  const sourceNames = input.sourceNames ?? {};
  const { story: referenced, rest: searchText } = storyNamedIn(question, input.stories, sourceNames, input.firstNumber);
  const hasContent = analyseText(searchText, language, 'query').length > 0;
  const scope = referenced ? [referenced] : input.stories;
  let retrieved = retrievePassages(scope, searchText, { limit: LLM_PASSAGES, language });
  const previous = input.history.at(-1);
  if (previous) {
    // A follow-up ("and how many were children?") is about what the previous question was about.
    const before = storyNamedIn(previous.question, input.stories, sourceNames, input.firstNumber);
    const followScope = referenced ?? before.story;
    const followUp = retrievePassages(followScope ? [followScope] : input.stories, `${before.rest} ${searchText}`, {
      limit: LLM_PASSAGES,
      language,
    });
    retrieved = interleave(retrieved, followUp, LLM_PASSAGES);
  }
  if (deps.llm && hasContent) {
    // SPEC 5.5: a question in a language an edition lacks is also searched for in that edition's language; those
    // rankings lead, since they read the passages in their own words.
    for (const found of await retrieveTranslated(deps, deps.llm, scope, searchText, language))
      retrieved = interleave(found, retrieved, LLM_PASSAGES);
  }
  let passages = referenced ? withLead(retrieved, referenced, language) : retrieved;
  // Never an empty reply: at worst the opening passages of the edition that exists, labelled with its language.
  if (passages.length === 0)
    passages = scope.flatMap((story) => leadPassages(story, language, OFFLINE_QUOTES)).slice(0, OFFLINE_QUOTES);
  const base = { question, language };

  if (!deps.llm) return offlineAnswer(base, passages, input.stories, referenced, hasContent);
  try {
    return await modelAnswer(deps, deps.llm, { ...base, passages, input, sourceNames, referenced });
  } catch (err) {
    // Spec 8: a failing model degrades to the offline answer rather than to silence.
    if (err instanceof LlmError) return offlineAnswer(base, passages, input.stories, referenced, hasContent);
    throw err;
  }
}

interface ModelCall {
  question: string;
  language: string;
  passages: RetrievedPassage[];
  input: AnswerInput;
  sourceNames: Record<string, string>;
  referenced: Story | undefined;
}

async function modelAnswer(deps: AnswerDeps, llm: LlmClient, call: ModelCall): Promise<Answer> {
  const { question, language, passages, input } = call;
  const fence = randomBytes(6).toString('hex');
  const request = buildAnswerRequest({
    question,
    language,
    stories: input.stories,
    passages,
    sourceNames: call.sourceNames,
    fence,
  });
  const history = boundHistory(input.history, input.historyTokenBudget ?? DEFAULT_HISTORY_BUDGET);
  const ask = (user: string) =>
    llm.completeJson({
      purpose: 'answer',
      system: request.system,
      user,
      history,
      schema: answerOutputSchema,
      schemaName: 'answer',
    });
  let { value } = await ask(request.user);
  let stillWrong = false;
  if (isWrongLanguage(deps, value.answer, language)) {
    // One reminder: models drift to the passages' language when they are all in another one.
    ({ value } = await ask(
      `${request.user}\n\nReminder: write the answer in ${englishLanguageName(language)}, not in another language.`,
    ));
    stillWrong = isWrongLanguage(deps, value.answer, language);
  }
  const quoted = [...new Set(value.quotes)]
    .map((n) => passages[n - 1])
    .filter((p): p is RetrievedPassage => p !== undefined)
    .slice(0, MAX_QUOTES);
  const byIndex = value.storyIndex !== null ? input.stories[value.storyIndex - 1] : undefined;
  // The quoted passage is checkable, the model's article number is not: the passage wins.
  const story =
    storyOf(quoted[0], input.stories) ??
    byIndex ??
    call.referenced ??
    (input.stories.length === 1 ? input.stories[0] : undefined);
  const answer = value.answer.trim();
  // The glossary goes to the answer prompt too; a not-preferred term in the answer is flagged as in summaries.
  const warnings = checkTerminology(loadGlossary(), answer, language).map((w) => w.message);
  // Never silent (SPEC 5.5, answers in the question's language): the model ignored the reminder too.
  if (stillWrong)
    warnings.unshift(
      `The model answered in another language than the question's (${englishLanguageName(language)}), even when reminded.`,
    );
  return {
    question,
    language,
    answer,
    story: story ? storyRef(story, language) : null,
    quotes: quoted.map(toQuote),
    covered: value.covered && quoted.length > 0,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function offlineAnswer(
  base: { question: string; language: string },
  passages: RetrievedPassage[],
  stories: readonly Story[],
  referenced: Story | undefined,
  hasContent: boolean,
): Answer {
  const quotes = passages.slice(0, OFFLINE_QUOTES);
  const best = passages[0];
  // "What is #2 about?" asks for the story itself: its lead answers it.
  const covered = referenced && !hasContent ? quotes.length > 0 : (best?.coverage ?? 0) >= COVERED_THRESHOLD;
  const story = referenced ?? storyOf(best, stories) ?? (stories.length === 1 ? stories[0] : undefined);
  return {
    ...base,
    answer: null,
    story: story ? storyRef(story, base.language) : null,
    quotes: quotes.map(toQuote),
    covered,
  };
}

/** The story a question names ("#2", "الخبر الثاني", a source), and the question without those words, which would otherwise be searched for. */
function storyNamedIn(
  question: string,
  stories: readonly Story[],
  sourceNames: Readonly<Record<string, string>>,
  firstNumber = 1,
): { story: Story | undefined; rest: string } {
  const reference = findStoryReference(question, stories, sourceNames, firstNumber);
  if (!reference) return { story: undefined, rest: question };
  return {
    story: stories[reference.index],
    rest: `${question.slice(0, reference.start)} ${question.slice(reference.end)}`,
  };
}

/** Both rankings in turns, the first one leading, without repeats. */
function interleave(first: RetrievedPassage[], second: RetrievedPassage[], limit: number): RetrievedPassage[] {
  const out: RetrievedPassage[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < limit && (i < first.length || i < second.length); i++) {
    for (const p of [first[i], second[i]]) {
      const key = p && `${p.editionId}:${p.index}`;
      if (p && key && !seen.has(key) && out.length < limit) {
        seen.add(key);
        out.push(p);
      }
    }
  }
  return out;
}

/** A story asked about by number gets its opening passages too, for questions no word of which matches. */
function withLead(retrieved: RetrievedPassage[], story: Story, language: string): RetrievedPassage[] {
  if (retrieved.length >= OFFLINE_QUOTES) return retrieved;
  const have = new Set(retrieved.map((p) => `${p.editionId}:${p.index}`));
  return [...retrieved, ...leadPassages(story, language, OFFLINE_QUOTES - retrieved.length, have)];
}

/**
 * Retrieval on the question translated into each edition language, when no edition in scope is in the question's
 * language (SPEC 5.5): one (cached) translation per language. English and Arabic questions in an English and Arabic
 * thread keep to the passages' own words. A failed translation leaves that language to the glossary-based
 * retrieval; a real outage shows in the answer call that follows.
 */
async function retrieveTranslated(
  deps: AnswerDeps,
  llm: LlmClient,
  scope: readonly Story[],
  question: string,
  language: string,
): Promise<RetrievedPassage[][]> {
  const editions = scope.flatMap((story) => story.editions);
  if (editions.some((e) => e.language === language)) return [];
  const targets = [...new Set(editions.map((e) => e.language))].slice(0, MAX_TRANSLATIONS);
  const out: RetrievedPassage[][] = [];
  for (const target of targets) {
    try {
      const translated = await translateQuestion(llm, deps.translations ?? processTranslations, {
        question,
        from: language,
        to: target,
      });
      out.push(retrievePassages(scope, translated, { limit: LLM_PASSAGES, language: target }));
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
    }
  }
  return out;
}

function isWrongLanguage(deps: AnswerDeps, answer: string, language: string): boolean {
  // Too short to tell ("Non.", a figure): trust the model.
  if (answer.trim().length < 40) return false;
  const detected = deps.detectLanguage(answer);
  return detected !== null && detected !== language;
}

function storyOf(passage: RetrievedPassage | undefined, stories: readonly Story[]): Story | undefined {
  return passage ? stories.find((s) => s.id === passage.storyId) : undefined;
}

function storyRef(story: Story, language: string): NonNullable<Answer['story']> {
  const edition = editionForLanguage(story, language);
  return { id: story.id, url: edition?.url ?? null, title: edition?.title ?? '' };
}

function toQuote(passage: RetrievedPassage): Quote {
  return { text: passage.text, language: passage.language, storyId: passage.storyId, url: passage.url };
}

/** Used only when language detection gives up: Arabic script reads as Arabic (Persian by its letters), else English. */
function scriptLanguage(text: string): string {
  if (/[پچژگ]/.test(text)) return 'fa';
  if (/[\u0600-\u06FF]/.test(text)) return 'ar';
  return 'en';
}
