import { extractNumbers } from '../summarise/extract-numbers.js';

/**
 * The figures of a text as canonical values ("1,200" and "١٬٢٠٠" -> "1200"), one per figure written. The one place
 * dedupe and grouping read numbers: pointing it at another number reader changes them all.
 */
export function readFigures(text: string): string[] {
  return extractNumbers(text).map((n) => n.values[0] ?? n.text);
}
