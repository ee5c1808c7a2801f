import { z } from 'zod';

/** A grounded answer (SPEC 3 `ask --format json`, SPEC 5.5). */
export const quoteSchema = z.object({
  text: z.string(),
  language: z.string(),
  storyId: z.string(),
  url: z.string().nullable(),
});

export const answerSchema = z.object({
  question: z.string(),
  /** Language of the question. */
  language: z.string(),
  /** null offline (passages only). */
  answer: z.string().nullable(),
  story: z.object({ id: z.string(), url: z.string().nullable(), title: z.string() }).nullable(),
  quotes: z.array(quoteSchema),
  /** false when the articles do not answer the question. */
  covered: z.boolean(),
  /** Notes on the written answer, e.g. a term the glossary marks as not preferred (SPEC 5.5); absent when none. */
  warnings: z.array(z.string()).optional(),
});

export type Answer = z.infer<typeof answerSchema>;
export type Quote = z.infer<typeof quoteSchema>;
