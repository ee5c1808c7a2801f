import type { DigestItem } from '../domain/digest.js';

/**
 * The warnings a renderer should show: a language with no text is explained once for the whole digest (its notice,
 * SPEC 5.3), so each story's "translation needs an LLM" note is not repeated. The Digest JSON keeps every warning.
 */
export function visibleWarnings(item: DigestItem, languages: readonly string[]): string[] {
  const missing = languages.filter((l) => !item.text[l]);
  return item.warnings.filter((w) => !missing.some((l) => w.startsWith(`${l}: translation needs`)));
}

/** Wraps text in a Unicode first-strong isolate, so an Arabic word inside an English line keeps the line's order. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
