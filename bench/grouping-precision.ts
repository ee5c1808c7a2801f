import {
  fixtureReports,
  type GroupingMeasure,
  measureGeneratedNegatives,
  measureGrouping,
  syntheticReports,
} from '../tests/helpers/grouping-sets.js';
import type { BenchRow } from './bench-row.js';

const TARGET = '0 false merges; recall reported';

function row(name: string, m: GroupingMeasure): BenchRow {
  return {
    benchmark: `grouping: false merges / recall (${name})`,
    measured: `${m.falseMerges.length} of ${m.negatives} / ${m.found} of ${m.positives}`,
    target: TARGET,
    pass: m.falseMerges.length === 0,
    notes: [
      ...m.falseMerges.map((p) => `${name}: merged ${p.a} + ${p.b}`),
      ...m.missed.map((p) => `${name}: kept apart ${p.a} + ${p.b} (a true pair)`),
    ],
  };
}

/**
 * SPEC 5.1 precision first, measured on labelled pairs with the rule ingest applies (findSameStory): every
 * cross-language pair of the fixture articles (pairs.json lists the true ones) and every cross-publisher pair of the
 * SYNTHETIC reports (tests/fixtures/synthetic, hard negatives included), same-publisher pairs across languages among
 * them. Dates ignored too, so that only anchors decide.
 */
export async function benchGrouping(): Promise<BenchRow[]> {
  const fixtures = fixtureReports();
  const synthetic = syntheticReports();
  return [
    row('fixtures, cross-language', measureGrouping(fixtures, 'language')),
    row('fixtures, cross-language, dates ignored', measureGrouping(fixtures, 'language', true)),
    row('synthetic, cross-publisher', measureGrouping(synthetic, 'publisher')),
    row('synthetic, cross-publisher, dates ignored', measureGrouping(synthetic, 'publisher', true)),
    row('generated hard negatives (figures changed, places swapped)', {
      ...measureGeneratedNegatives(synthetic),
      positives: 0,
      found: 0,
      missed: [],
    }),
    row('generated hard negatives, same publisher in another language', {
      ...measureGeneratedNegatives(synthetic, true),
      positives: 0,
      found: 0,
      missed: [],
    }),
  ];
}
