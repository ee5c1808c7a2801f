import { z } from 'zod';

/**
 * What the model returns for a question. Every field is required (nullable, never optional) and there
 * is no record type, as OpenAI's strict JSON-schema mode demands. Quotes are passage numbers, not
 * text: the quoted text is taken from the article, so it is verbatim whatever the model copies.
 */
export const answerOutputSchema = z.object({
  answer: z.string(),
  covered: z.boolean(),
  storyIndex: z.number().int().nullable(),
  quotes: z.array(z.number().int()),
});

export type AnswerOutput = z.infer<typeof answerOutputSchema>;
