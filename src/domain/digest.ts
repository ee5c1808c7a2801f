import { z } from 'zod';

/** The platform-neutral digest (SPEC section 6). Exported as a zod schema so every edge can validate it. */
export const languageTextSchema = z.object({
  title: z.string(),
  summary: z.string(),
  origin: z.enum(['source', 'translation']),
});

export const digestItemSchema = z.object({
  id: z.string(),
  url: z.string().nullable(),
  source: z.string(),
  sourceName: z.string(),
  /** Original language of the primary edition. */
  language: z.string(),
  publishedAt: z.string().nullable(),
  /** One key per digest language; null when that language has no text. */
  text: z.record(z.string(), languageTextSchema.nullable()),
  /** Every edition, primary first; `sourceName` names its publisher (editions of other publishers: "also reported by"). */
  editions: z.array(
    z.object({
      url: z.string().nullable(),
      source: z.string(),
      language: z.string(),
      sourceName: z.string().optional(),
    }),
  ),
  warnings: z.array(z.string()),
  /**
   * Offline, when no digest language has text: a short extract in the story's own language (labelled "original"
   * by renderers); null or absent otherwise. The `text` languages stay null: nothing is translated.
   */
  original: z.object({ language: z.string(), title: z.string(), summary: z.string() }).nullable().optional(),
});

export const digestSchema = z.object({
  id: z.string(),
  generatedAt: z.string(),
  languages: z.array(z.string()).min(1),
  items: z.array(digestItemSchema),
  /** Digest-level notices, e.g. the day's LLM budget spent (summaries are extracts); absent when there are none. */
  warnings: z.array(z.string()).optional(),
  /** Digest-level notices, said once: "translations need an LLM", "all 7 sources failed to fetch". */
  notices: z.array(z.string()).optional(),
});

export type Digest = z.infer<typeof digestSchema>;
export type DigestItem = z.infer<typeof digestItemSchema>;
