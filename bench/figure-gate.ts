import { checkFaithfulness } from '../src/summarise/check-faithfulness.js';
import { checkNames } from '../src/summarise/check-names.js';
import { NameReferences } from '../src/summarise/name-references.js';
import { buildFigureCorpus, namesFigure } from '../tests/helpers/figure-corpus.js';
import { buildNameCorpus, flagsName } from '../tests/helpers/name-corpus.js';
import type { BenchRow } from './bench-row.js';

const BENCHMARK = 'figure gate: corruption caught / faithful flagged';
const TARGET = '100% / <= 2%';
const NAMES_BENCHMARK = 'name gate, Arabic script: swapped person or organisation caught / faithful flagged';
const NAMES_TARGET = { caught: 0.95, flagged: 0.02 };

const pct = (r: number) => `${(r * 100).toFixed(r === 1 || r === 0 ? 0 : 2)}%`;

/** Issue 11: the generated corruption corpus through the faithfulness gate (tests/helpers/figure-corpus.ts). */
export async function benchFigureGate(): Promise<BenchRow[]> {
  const corpus = buildFigureCorpus();
  const started = performance.now();
  const missed = corpus.corrupted.filter(
    (c) => !namesFigure(checkFaithfulness(c.summary, c.references, { language: c.summaryLanguage }), c.written),
  );
  const flagged = corpus.faithful.filter(
    (c) => checkFaithfulness(c.summary, c.references, { language: c.summaryLanguage }).length > 0,
  );
  const ms = performance.now() - started;
  const caughtRate = (corpus.corrupted.length - missed.length) / corpus.corrupted.length;
  const flaggedRate = flagged.length / corpus.faithful.length;
  return [
    {
      benchmark: BENCHMARK,
      measured: `${pct(caughtRate)} / ${pct(flaggedRate)}`,
      target: TARGET,
      pass: missed.length === 0 && flaggedRate <= 0.02 && corpus.corrupted.length > 0,
      notes: [
        `figure gate: ${corpus.figures} figures of ${corpus.articles} fixture articles; ${corpus.corrupted.length - missed.length}/${corpus.corrupted.length} corruptions caught, ${flagged.length}/${corpus.faithful.length} faithful restatements flagged; ${corpus.coincidences} changed values left out because the source has them too; ${((corpus.corrupted.length + corpus.faithful.length) / (ms / 1000)).toFixed(0)} checks/s`,
        ...missed.slice(0, 3).map((c) => `figure gate missed: ${c.article} ${c.variant} "${c.written}"`),
        ...flagged.slice(0, 3).map((c) => `figure gate flagged: ${c.article} ${c.variant} "${c.written}"`),
      ],
    },
    benchNameGate(),
  ];
}

/**
 * SPEC 5.2 "people and organisations are checked in Latin and Arabic script": Arabic summaries naming people and
 * organisations against en/fr/es/ar sources (tests/helpers/name-corpus.ts), through the gate's name check.
 */
function benchNameGate(): BenchRow {
  const corpus = buildNameCorpus();
  const unsupported = (c: { summary: string; references: string[] }) =>
    checkNames(c.summary, new NameReferences(c.references));
  const missed = corpus.corrupted.filter((c) => !flagsName(unsupported(c), c.name));
  const flagged = corpus.faithful.filter((c) => unsupported(c).length > 0);
  const caughtRate = (corpus.corrupted.length - missed.length) / corpus.corrupted.length;
  const flaggedRate = flagged.length / corpus.faithful.length;
  return {
    benchmark: NAMES_BENCHMARK,
    measured: `${pct(caughtRate)} / ${pct(flaggedRate)}`,
    target: `>= ${pct(NAMES_TARGET.caught)} / <= ${pct(NAMES_TARGET.flagged)}`,
    pass: caughtRate >= NAMES_TARGET.caught && flaggedRate <= NAMES_TARGET.flagged,
    notes: [
      `name gate: ${corpus.corrupted.length - missed.length}/${corpus.corrupted.length} swapped names caught, ${flagged.length}/${corpus.faithful.length} faithful names flagged (Arabic summaries; sources in en, fr, es, ar)`,
      ...missed.slice(0, 3).map((c) => `name gate missed: ${c.variant} "${c.name}"`),
      ...flagged.slice(0, 3).map((c) => `name gate flagged: ${c.variant} "${c.name}"`),
    ],
  };
}
