import { englishLanguageName } from '../domain/languages.js';
import { randomBytes } from 'node:crypto';
import type { Edition, LanguageCode, Story } from '../domain/types.js';
import type { Prompt } from '../llm/load-prompt.js';
import { renderPrompt } from '../llm/render-prompt.js';
import { glossaryForPrompt } from '../glossary/glossary-for-prompt.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { estimateTokens } from '../qa/estimate-tokens.js';
import { pickEdition } from './pick-edition.js';
import { trimEditionText } from './trim-edition-text.js';

export interface LanguagePlan {
  language: LanguageCode;
  /** The edition this language is written from; null = translated from the primary edition. */
  edition: Edition | null;
}

/** Default of LLM_INPUT_TOKEN_CAP: estimated tokens of article text per request, shared by its editions. */
export const DEFAULT_INPUT_TOKEN_CAP = 850;

export interface SummariseRequestOptions {
  /** LLM_INPUT_TOKEN_CAP; each edition gets an equal share of it (see trimEditionText). */
  inputTokenCap?: number;
  /** The delimiter id; a regeneration reuses the first call's, so the prompt prefix (and the provider's cache) is the same. */
  delimiterId?: string;
}
/** Feed text cannot close or fake our delimiters: runs of < or > are broken up. */
function neutralise(text: string): string {
  return text.replace(/<{3,}|>{3,}/g, (run) => run.split('').join(' '));
}

/** The cap split across editions: equal shares, a short edition's unused share going to the longer ones. */
function shareCap(sizes: number[], cap: number): number[] {
  const shares = sizes.map(() => 0);
  let left = cap;
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  order.forEach(({ size, i }, n) => {
    shares[i] = Math.min(size, Math.floor(left / (order.length - n)));
    left -= shares[i] ?? 0;
  });
  return shares;
}

// The glossary concepts are looked for in the whole edition (not only its trimmed passages), up to this length.
const GLOSSARY_SCAN_CHARS = 20_000;

/**
 * The system and user messages for one story: which edition each language is written from, and the
 * article text wrapped in delimiters carrying a random id, so nothing inside can pass for an instruction.
 */
export function buildSummariseRequest(
  prompt: Prompt,
  story: Story,
  languages: readonly LanguageCode[],
  feedback: string | null,
  options: SummariseRequestOptions = {},
): { system: string; user: string; plan: LanguagePlan[]; delimiterId: string } {
  const plan = languages.map((language) => ({ language, edition: pickEdition(story, language) }));
  const primary = story.editions.find((e) => e.id === story.primaryEditionId) ?? story.editions[0];
  const used: Edition[] = [];
  const articleNumber = (edition: Edition): number => {
    if (!used.includes(edition)) used.push(edition);
    return used.indexOf(edition) + 1;
  };
  const tasks = plan.map(({ language, edition }) => {
    const label = `${language} (${englishLanguageName(language)})`;
    if (edition)
      return `- ${label}: source: write from article ${articleNumber(edition)}, which is in ${englishLanguageName(language)}.`;
    if (!primary) throw new RangeError(`story ${story.id} has no editions`);
    return `- ${label}: translation: translate the information of article ${articleNumber(primary)} (${englishLanguageName(primary.language)}) into ${englishLanguageName(language)}.`;
  });
  const id = options.delimiterId ?? randomBytes(6).toString('hex');
  const shares = shareCap(
    used.map((e) => estimateTokens(e.text)),
    options.inputTokenCap ?? DEFAULT_INPUT_TOKEN_CAP,
  );
  const articles = used.map((edition, i) => {
    const body = trimEditionText(edition.text, shares[i] ?? 0).text;
    return [
      `<<<ARTICLE ${i + 1} id=${id}>>>`,
      `Language: ${edition.language}`,
      `Published: ${edition.publishedAt ?? 'unknown'}`,
      `Title: ${neutralise(edition.title)}`,
      'Text:',
      neutralise(body),
      `<<<END ARTICLE ${i + 1} id=${id}>>>`,
    ].join('\n');
  });
  const user = renderPrompt(prompt.user, {
    languages: languages.join(', '),
    tasks: tasks.join('\n'),
    // The glossary entries the articles use go in the user message: the system prompt stays one cacheable prefix.
    glossary:
      glossaryForPrompt(
        loadGlossary(),
        used.map((e) => ({ text: `${e.title}\n${e.text.slice(0, GLOSSARY_SCAN_CHARS)}`, language: e.language })),
        languages,
      ) || '(none)',
    articles: articles.join('\n\n'),
    feedback: feedback ? `\n${feedback}` : '',
  });
  return { system: prompt.system, user, plan, delimiterId: id };
}
