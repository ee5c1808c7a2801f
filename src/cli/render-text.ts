import type { Answer } from '../domain/answer.js';
import { nativeLanguageName } from '../domain/languages.js';
import { notCoveredSentence, offlinePassagesSentence } from '../domain/not-covered-sentence.js';
import { originalLabel } from '../domain/original-label.js';
import { alsoReportedBy } from '../digest/also-reported-by.js';
import { visibleWarnings } from '../digest/visible-warnings.js';
import type { Digest } from '../domain/digest.js';

/** Plain-text rendering of a digest for the terminal: every language of every story, labelled. */
export function renderDigestText(digest: Digest, options: { color?: boolean } = {}): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[22m` : s);
  const lines: string[] = [
    bold(
      `Migration news digest (${digest.languages.join(' + ')}), ${digest.items.length} stories, ${digest.generatedAt}`,
    ),
    '',
  ];
  for (const w of digest.warnings ?? []) lines.push(`! ${safe(w)}`, '');
  // Digest-level notices (translations need an LLM, sources failed), said once.
  for (const notice of digest.notices ?? []) lines.push(dim(`Note: ${safe(notice)}`));
  if (digest.notices?.length) lines.push('');
  if (digest.items.length === 0) lines.push('No new stories.');
  digest.items.forEach((item, index) => {
    const when = item.publishedAt ? item.publishedAt.slice(0, 16).replace('T', ' ') : 'date unknown';
    lines.push(bold(`${index + 1}. [${safe(item.sourceName)}] ${when} · original: ${item.language}`));
    if (item.original) {
      const o = item.original;
      lines.push(
        `   ${o.language.toUpperCase()} ${nativeLanguageName(o.language, { capitalise: true })} · original: ${bold(safe(o.title))}`,
      );
      lines.push(...wrap(safe(o.summary), 96).map((l) => `      ${l}`));
    }
    for (const lang of item.original ? [] : digest.languages) {
      const text = item.text[lang];
      const label = `${lang.toUpperCase()} ${nativeLanguageName(lang, { capitalise: true })}`;
      // A language without text has no line: the digest's notice says once why (SPEC 5.3).
      if (!text) continue;
      const origin = text.origin === 'translation' ? ' (machine-translated)' : '';
      lines.push(`   ${label}${origin}: ${bold(safe(text.title))}`);
      lines.push(...wrap(safe(text.summary), 96).map((l) => `      ${l}`));
    }
    const others = alsoReportedBy(item);
    if (others) lines.push(`   ${safe(others)}`);
    for (const e of item.editions)
      lines.push(
        dim(
          `   ${e.language}${e.sourceName && e.sourceName !== item.sourceName ? ` (${safe(e.sourceName)})` : ''}: ${e.url ? safe(e.url) : '(no link)'}`,
        ),
      );
    for (const w of visibleWarnings(item, digest.languages)) lines.push(`   ! ${safe(w)}`);
    lines.push(`   id: ${item.id}`, '');
  });
  return lines.join('\n');
}

export function renderAnswerText(answer: Answer): string {
  const lines = [`Q (${answer.language}): ${safe(answer.question)}`];
  if (answer.answer) lines.push(`A: ${safe(answer.answer)}`, '(AI-generated answer, grounded in the quoted passages)');
  else if (offlinePassagesSentence(answer.language) === offlinePassagesSentence('en')) {
    if (!answer.covered)
      lines.push(
        'No passage clearly answers this question; the closest passages are below (a written answer needs an LLM: set OPENAI_API_KEY).',
      );
    else lines.push('Passages that bear on the question (a full answer needs an LLM: set OPENAI_API_KEY):');
  } else {
    // SPEC 5.5: the reply speaks the asker's language (as in Slack and Teams); the operator's hint stays in English.
    lines.push(
      answer.covered ? offlinePassagesSentence(answer.language) : notCoveredSentence(answer.language),
      '(a written answer needs an LLM: set OPENAI_API_KEY)',
    );
  }
  if (answer.story)
    lines.push(
      `Story: ${safe(answer.story.title)} ${answer.story.url ? `<${safe(answer.story.url)}>` : ''} [${answer.story.id}]`,
    );
  for (const q of answer.quotes) lines.push(`  > ${safe(q.text)}  (${originalLabel(q.language)}, ${q.storyId})`);
  for (const w of answer.warnings ?? []) lines.push(`! ${safe(w)}`);
  return lines.join('\n');
}

/** Feed text must not drive the terminal: strip escape sequences, control characters and bidi overrides. */
export function safe(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*(\x07|\x1b\\)/g, '')
      // Embeddings, overrides and isolates make a line read differently from what it is (RLM/LRM stay: Arabic needs them).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
