import { extractDates } from '../../src/text/figures/extract-dates.js';
import { readFigures } from '../../src/text/figures/read-figures.js';
import { splitSentences } from '../../src/text/split-sentences.js';
import type { FakeOpenAi, FakeOpenAiRequest, FakeReply } from './fake-openai.js';

/** The article texts of a summarise request, in article order. */
export function articlesOf(fake: FakeOpenAi, request: FakeOpenAiRequest): string[] {
  const user = fake.textOf(request, 'user');
  return [...user.matchAll(/<<<ARTICLE (\d+) id=\w+>>>\n[\s\S]*?\nText:\n([\s\S]*?)\n<<<END ARTICLE \1/g)].map(
    (m) => m[2] ?? '',
  );
}

/**
 * What a faithful model does with the text it was given: each "source" language summarised from up to three sentences
 * of its article that carry figures (verbatim), translations from the same sentences. Used to check that trimmed input
 * still yields summaries that pass the figure gate.
 */
export function figureAnswer(fake: FakeOpenAi, request: FakeOpenAiRequest): FakeReply {
  const user = fake.textOf(request, 'user');
  const articles = articlesOf(fake, request);
  const pick = (article: number) => {
    const text = articles[article - 1] ?? '';
    const figures = splitSentences(text).filter((s) => readFigures(s).length > 0 && !s.includes('[...]'));
    return figures.length > 0 ? figures.slice(0, 3) : splitSentences(text).slice(0, 2);
  };
  const items = [
    ...user.matchAll(
      /^- (\w+) \([^)]*\): (source|translation): (?:write from|translate the information of) article (\d+)/gm,
    ),
  ].map((m) => {
    const language = m[1] as string;
    const chosen = pick(Number(m[3]));
    if (m[2] === 'source') return { language, title: chosen[0] ?? 'Untitled', summary: chosen.join(' ') };
    // A "translation" that carries the same figures in the target language's script (the gate reads their values).
    const figures = chosen.flatMap(countsOf);
    const arabic = ['ar', 'fa', 'ur', 'ps'].includes(language);
    return {
      language,
      title: arabic ? 'ملخص الخبر' : 'News summary',
      summary: `${arabic ? 'يذكر المقال الأرقام التالية' : 'The article gives these figures'}: ${figures.join(', ') || '-'}.`,
    };
  });
  return fake.completion({ items });
}

/**
 * The counts of a sentence, as written: a faithful translation may list them bare. Not a date's day or year, nor money
 * or a percentage: out of their sentence those would read as other counts, which the figure gate rightly refuses.
 */
function countsOf(sentence: string): string[] {
  const dates = extractDates(sentence).map((d) => [d.index, d.index + d.text.length] as const);
  return readFigures(sentence)
    .filter((f) => !dates.some(([start, end]) => f.index >= start && f.index < end))
    .filter((f) => f.readings.length > 0 && f.readings.every((r) => r.class === 'count'))
    .map((f) => f.text);
}
