import { LlmError } from '../domain/errors.js';
import type { LanguageCode, LanguageText, Story, StorySummary } from '../domain/types.js';
import { loadPrompt, type Prompt } from '../llm/load-prompt.js';
import type { LlmClient } from '../ports/llm.js';
import { buildSummariseRequest, type SummariseRequestOptions } from './build-summarise-request.js';
import type { UnsupportedToken } from './check-faithfulness.js';
import { flagUnsafeOutput } from './flag-unsafe-output.js';
import { checkTerminology } from '../glossary/check-terminology.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { gateSummaries } from './gate-summaries.js';
import { MISSING_BUDGET_SPENT, MISSING_LLM_FAILED, offlineSummary } from './offline-summary.js';
import { storyContentHash } from './story-content-hash.js';
import { summaryCacheKey } from './summary-cache-key.js';
import { summarySchema } from './summary-schema.js';

export interface SummariseStoryDeps {
  /** null = offline mode (no OPENAI_API_KEY). */
  llm: LlmClient | null;
  /** Default: prompts/summarise/v2.md. */
  prompt?: Prompt;
  /** LLM_INPUT_TOKEN_CAP: article text per request, in estimated tokens (default DEFAULT_INPUT_TOKEN_CAP). */
  inputTokenCap?: number;
}

type Texts = Record<LanguageCode, LanguageText | null>;
type Gate = Record<LanguageCode, UnsupportedToken[]>;

/** The story's warning when the daily token budget (LLM_DAILY_TOKEN_BUDGET) made it fall back; the digest then says so once. */
export const BUDGET_SPENT_SUMMARY_WARNING = 'LLM budget for today spent: offline summary';

const KIND_LABEL = { number: 'figure', date: 'date', name: 'name' } as const;

/** Names the figure and says what the source says: `"62,000" is not in the source (the source says 62)`. */
export function describeUnsupported(token: UnsupportedToken): string {
  const label = token.kind === 'number' ? '' : `${KIND_LABEL[token.kind]} `;
  const says = token.sourceSays ? ` (the source says ${token.sourceSays})` : '';
  return `${label}"${token.text}" is not in the source${says}`;
}
function unsupportedCount(gate: Gate): number {
  return Object.values(gate).reduce((n, tokens) => n + tokens.length, 0);
}

/** What the model is told when its first answer failed the gate. */
function regenerationFeedback(gate: Gate): string {
  const lines = Object.entries(gate)
    .filter(([, tokens]) => tokens.length > 0)
    .map(
      ([language, tokens]) =>
        `- ${language}: ${tokens.map((t) => `${KIND_LABEL[t.kind]} "${t.text}"${t.sourceSays ? ` (the source says ${t.sourceSays})` : ''}`).join(', ')}`,
    );
  return [
    'Your previous answer contained figures, dates or names that do not appear in the article:',
    ...lines,
    'Write the summaries again. Use only figures, dates and names that appear in the article text, exactly as written there; leave out anything you cannot find in it.',
  ].join('\n');
}

async function askModel(
  llm: LlmClient,
  prompt: Prompt,
  story: Story,
  languages: LanguageCode[],
  feedback: string | null,
  tokens: { prompt: number; completion: number },
  options: SummariseRequestOptions,
): Promise<Texts> {
  const request = buildSummariseRequest(prompt, story, languages, feedback, options);
  // The regeneration keeps the first call's delimiter id: same prompt prefix, so providers' prefix cache applies.
  options.delimiterId = request.delimiterId;
  const result = await llm.completeJson({
    purpose: 'summarise',
    system: request.system,
    user: request.user,
    schema: summarySchema(languages),
    schemaName: 'story_summary',
  });
  tokens.prompt += result.usage.promptTokens;
  tokens.completion += result.usage.completionTokens;
  const text: Texts = {};
  for (const { language, edition } of request.plan) {
    const item = result.value.items.find((i) => i.language === language);
    text[language] = item
      ? { title: item.title.trim(), summary: item.summary.trim(), origin: edition ? 'source' : 'translation' }
      : null;
  }
  return text;
}

/**
 * Summarises a story into every requested language with ONE LLM call (SPEC 5.2): languages with an edition
 * are written from it, the others translated. The faithfulness gate checks figures, dates and names; a
 * failing answer is regenerated once. Offline (llm null) or when the LLM fails, the extractive summary is used.
 */
export async function summariseStory(
  deps: SummariseStoryDeps,
  input: { story: Story; languages: LanguageCode[] },
): Promise<StorySummary> {
  const { story } = input;
  const languages = [...new Set(input.languages)];
  if (!deps.llm) return offlineSummary(story, languages);
  const { llm } = deps;
  const prompt = deps.prompt ?? loadPrompt('summarise', 'v2');
  const tokens = { prompt: 0, completion: 0 };
  const warnings: string[] = [];
  const requestOptions: SummariseRequestOptions = deps.inputTokenCap ? { inputTokenCap: deps.inputTokenCap } : {};

  let text: Texts;
  try {
    text = await askModel(llm, prompt, story, languages, null, tokens, requestOptions);
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    const spent = err.code === 'LLM_BUDGET_EXCEEDED';
    const offline = offlineSummary(story, languages, spent ? MISSING_BUDGET_SPENT : MISSING_LLM_FAILED);
    const reason = spent ? BUDGET_SPENT_SUMMARY_WARNING : 'LLM unavailable: offline summary';
    return { ...offline, warnings: [reason, ...offline.warnings] };
  }

  let gate = gateSummaries(story, text);
  if (unsupportedCount(gate) > 0) {
    try {
      const retried = await askModel(llm, prompt, story, languages, regenerationFeedback(gate), tokens, requestOptions);
      const retriedGate = gateSummaries(story, retried);
      // Keep the regenerated answer unless it is worse than the first one.
      if (unsupportedCount(retriedGate) <= unsupportedCount(gate)) {
        text = retried;
        gate = retriedGate;
      }
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      warnings.push(`regeneration after the faithfulness check failed (${err.code})`);
    }
  }

  // Still failing after one regeneration. A wrong figure is the worst bug a migration digest can have
  // (casualty and arrival counts), so a language whose summary carries an unsupported NUMBER is replaced
  // by the extractive summary of its own edition when there is one; otherwise (translations, or only a
  // date/name failing) the text is kept and every unsupported token is shown as a warning.
  for (const language of languages) {
    const bad = gate[language] ?? [];
    if (bad.length === 0) continue;
    const extract = bad.some((t) => t.kind === 'number') ? offlineSummary(story, [language]).text[language] : null;
    if (extract) {
      text[language] = extract;
      warnings.push(
        `${language}: LLM summary replaced by an extract of the article: ${bad.map(describeUnsupported).join('; ')}`,
      );
    } else {
      for (const token of bad) warnings.push(`${language}: ${describeUnsupported(token)}`);
    }
  }

  const sources = story.editions.flatMap((e) => [e.title, e.text, e.url ?? '']);
  for (const language of languages) {
    const t = text[language];
    if (t) for (const w of flagUnsafeOutput(`${t.title}\n${t.summary}`, sources)) warnings.push(`${language}: ${w}`);
    // SPEC 5.5: wording the glossary marks as not preferred ("illegal migrants") is shown, not silently posted.
    if (t)
      for (const w of checkTerminology(loadGlossary(), `${t.title}\n${t.summary}`, language))
        warnings.push(`${language}: ${w.message}`);
  }

  return {
    storyId: story.id,
    cacheKey: summaryCacheKey(storyContentHash(story), languages, prompt.version, llm.model),
    languages,
    text,
    warnings,
    mode: 'llm',
    promptVersion: prompt.version,
    model: llm.model,
    promptTokens: tokens.prompt,
    completionTokens: tokens.completion,
  };
}
