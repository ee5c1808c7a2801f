import { z } from 'zod';
import type { LanguageCode } from '../domain/types.js';
import { dominantScript } from '../text/dominant-script.js';
import { languageScript } from '../text/language-script.js';

/**
 * The LLM's answer for one story: one item per requested language. The JSON schema sent to the model
 * has the language enum; the refinements (one item per language, non-empty, right script) are checked
 * with zod afterwards, and a failure goes back to the model in the client's repair turn.
 */
export function summarySchema(languages: readonly LanguageCode[]) {
  const [first, ...rest] = languages;
  if (first === undefined) throw new RangeError('summarySchema needs at least one language');
  return z
    .object({
      items: z.array(
        z.object({
          language: z.enum([first, ...rest]),
          title: z.string(),
          summary: z.string(),
        }),
      ),
    })
    .superRefine((value, ctx) => {
      for (const language of languages) {
        const count = value.items.filter((i) => i.language === language).length;
        if (count !== 1) {
          ctx.addIssue({
            code: 'custom',
            path: ['items'],
            message: `expected exactly one item with language "${language}", got ${count}`,
          });
        }
      }
      value.items.forEach((item, i) => {
        if (!item.title.trim())
          ctx.addIssue({ code: 'custom', path: ['items', i, 'title'], message: 'title is empty' });
        if (!item.summary.trim())
          ctx.addIssue({ code: 'custom', path: ['items', i, 'summary'], message: 'summary is empty' });
        const script = languageScript(item.language);
        const written = dominantScript(`${item.title} ${item.summary}`);
        if (script && written && written !== script) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i],
            message: `the "${item.language}" item is not written in ${item.language} (${script} script expected)`,
          });
        }
      });
    });
}
