import { createHash } from 'node:crypto';
import type { LanguageCode } from '../domain/types.js';

/**
 * The key a summary is cached under (SPEC 5.2): same story content, languages, prompt version and model
 * means same summary. Languages are de-duplicated and sorted, so "en,ar" and "ar,en" share one entry.
 */
export function summaryCacheKey(
  contentHash: string,
  languages: readonly LanguageCode[],
  promptVersion: string,
  model: string,
): string {
  const langs = [...new Set(languages.map((l) => l.toLowerCase()))].sort();
  return createHash('sha256')
    .update(JSON.stringify([contentHash, langs, promptVersion, model]))
    .digest('hex');
}
