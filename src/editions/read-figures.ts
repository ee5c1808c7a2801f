import { valueKey } from '../text/figures/figure.js';
import { readFigures as readTextFigures } from '../text/figures/read-figures.js';

/**
 * The figures of a text as canonical values ("1,200" and "١٬٢٠٠" -> "1200"), one per figure written in digits. The one
 * place dedupe and grouping read numbers; it reads them with the figure gate's reader (src/text), multipliers applied.
 * Number words are left out: "one" or "two" in running text would make weak anchors.
 */
export function readFigures(text: string): string[] {
  return readFigureSpans(text).map((f) => f.value);
}

/** readFigures with where each figure is written in the text (offsets of its digits and multiplier). */
export function readFigureSpans(text: string): Array<{ value: string; index: number; end: number }> {
  // Number words are dropped here, so they are not read at all (most of the reader's cost on long texts).
  return readTextFigures(text, undefined, { words: false })
    .filter((f) => f.kind === 'digits')
    .map((f) => {
      const reading = f.readings.find((r) => r.form !== 'decimal') ?? f.readings[0];
      return { value: reading ? valueKey(reading.value) : f.text, index: f.index, end: f.end };
    });
}
