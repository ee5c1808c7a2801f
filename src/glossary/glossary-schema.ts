import { z } from 'zod';

const terms = z.array(z.string().trim().min(1).max(120)).min(1);

/** One concept: preferred term first in each language, then accepted inflections and synonyms. */
export const glossaryConceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    en: terms,
    ar: terms,
    fr: terms,
    es: terms,
    fa: terms.optional(),
    /** Terms usage guidance marks as not preferred, per language. */
    avoid: z
      .object({
        en: terms.optional(),
        ar: terms.optional(),
        fr: terms.optional(),
        es: terms.optional(),
        fa: terms.optional(),
      })
      .strict()
      .optional(),
    /** Places, organisations and everyday news words: retrieval only, never listed in prompts. */
    general: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();

export const glossaryFileSchema = z
  .object({
    about: z.string(),
    version: z.number().int().positive(),
    concepts: z.array(glossaryConceptSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.concepts.forEach((concept, i) => {
      if (seen.has(concept.id))
        ctx.addIssue({ code: 'custom', path: ['concepts', i, 'id'], message: `duplicate concept id ${concept.id}` });
      seen.add(concept.id);
    });
  });

export type GlossaryConcept = z.infer<typeof glossaryConceptSchema>;
export type GlossaryFile = z.infer<typeof glossaryFileSchema>;
/** The languages the glossary carries terms in. */
export const GLOSSARY_LANGUAGES = ['en', 'ar', 'fr', 'es', 'fa'] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];
