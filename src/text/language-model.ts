import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { eld as Eld } from 'eld/small';
import { createNgramDetector, type EldParts, readNgramTable } from './ngram-scores.js';

type Detector = Pick<typeof Eld, 'detect'>;

const require = createRequire(import.meta.url);
let model: Detector | null = null;
let loads = 0;

/**
 * eld's 'small' n-gram model, loaded on first use: `serve` idles without it, and ingest of sources that declare
 * their language never needs it. eld ships the model as one huge JavaScript object literal, which costs ~150 MB of
 * RSS to compile and keeps ~45 MB of heap. It is read instead into one flat table (ngram-scores.ts: ~15 MB of heap,
 * ~0.2 s) and scored exactly as eld scores it, ~2.5x faster. Should the file ever stop looking like that, it is parsed
 * as JSON for eld's own detect (~25 MB of heap), and failing that imported as eld ships it.
 */
export function languageModel(): Detector {
  if (!model) {
    model = load();
    loads++;
  }
  return model;
}

/**
 * Drops the model (after a poll): ~15 MB of heap that an idle `serve` should not keep. The next detection loads
 * it again (about 200 ms), with the same results.
 */
export function releaseLanguageModel(): void {
  model = null;
}

/** Whether the model is loaded in this thread now, and how many times it was loaded (tests: a release really reloads). */
export function languageModelState(): { loaded: boolean; loads: number } {
  return { loaded: model !== null, loads };
}

function load(): Detector {
  const root = eldRoot();
  try {
    const source = readFileSync(join(root, 'src', 'ngrams', 'small.js'), 'utf8');
    // The model read straight into one table, and scored by ngram-scores.ts exactly as eld scores it.
    const table = readNgramTable(source);
    if (table) return { detect: createNgramDetector<ReturnType<Detector['detect']>>(table, eldParts(root)) };
    const data = JSON.parse(literalToJson(source)) as NgramsData;
    if (typeof data.type !== 'string' || !data.languages || !data.ngrams || Object.keys(data.languages).length < 10)
      throw new Error('unexpected shape');
    // eld's "exports" name only its entry files; a path inside the package is required directly (require(esm), Node >= 20.19).
    const { createEld } = require(join(root, 'src', 'languageDetector.js')) as {
      createEld(): { instance: Detector; loadData(data: unknown): string };
    };
    const { instance, loadData } = createEld();
    if (!loadData(data)) throw new Error('eld refused the data');
    return instance;
  } catch {
    return (require(join(root, 'src', 'entries', 'static.small.js')) as { eld: Detector }).eld;
  }
}

interface NgramsData {
  type: unknown;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** The pieces of eld that ngram-scores.ts reuses, from eld's own modules. */
function eldParts(root: string): EldParts {
  const { separators } = require(join(root, 'src', 'regexPatterns.js')) as Pick<EldParts, 'separators'>;
  const { dictionary } = require(join(root, 'src', 'dictionary.js')) as Pick<EldParts, 'dictionary'>;
  const { LanguageResult } = require(join(root, 'src', 'LanguageResult.js')) as Pick<EldParts, 'LanguageResult'>;
  return { separators, dictionary, LanguageResult };
}

function eldRoot(): string {
  for (const dir of require.resolve.paths('eld') ?? []) {
    if (existsSync(join(dir, 'eld', 'src', 'languageDetector.js'))) return join(dir, 'eld');
  }
  throw new Error('eld is not installed (language detection needs it)');
}

// A quoted string (single quotes, \' and \\ escapes), or a bare key (an identifier or a number before ":").
const TOKEN = /'((?:[^'\\]|\\.)*)'|([A-Za-z0-9_$]+)(?=:)/g;

/**
 * The object literal of `export const ngramsData = {...}` as JSON: single-quoted strings re-quoted, bare keys quoted;
 * numbers and booleans are already JSON. Anything else makes JSON.parse (or this) throw, and the caller falls back.
 */
export function literalToJson(source: string): string {
  const start = source.indexOf('{', source.indexOf('ngramsData'));
  const end = source.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no object literal');
  return source.slice(start, end + 1).replace(TOKEN, (_match, text: string | undefined, key: string | undefined) => {
    if (text === undefined) return `"${key}"`;
    if (/\\[^'\\]/.test(text)) throw new Error('unsupported escape');
    return JSON.stringify(text.replace(/\\(.)/g, '$1'));
  });
}
