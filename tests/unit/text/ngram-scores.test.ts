import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { eld } from 'eld/small';
import { describe, expect, it } from 'vitest';
import { languageModel } from '../../../src/text/language-model.js';
import { readNgramTable } from '../../../src/text/ngram-scores.js';
import { articles } from '../../helpers/ingest-fixtures.js';
import { prng } from '../../helpers/prng.js';

const eldFile = (path: string) =>
  createRequire(import.meta.url)
    .resolve.paths('eld')
    ?.map((dir) => `${dir}/eld/${path}`)
    .find((file) => existsSync(file)) as string;

/**
 * Texts that reach every branch of eld's reading: real articles cut anywhere, and random runs of the characters that
 * change what eld reads (1-4 UTF-8 bytes, a lone surrogate, separators, digits, words past 70 bytes, a length that
 * crosses the 350- and 380-byte cuts).
 */
function texts(): string[] {
  const random = prng(16);
  const pieces = [
    'a',
    'é',
    'ß',
    'İ',
    ' ',
    '  ',
    '\n',
    '\t',
    '1',
    '2024',
    'ل',
    'ا',
    'ی',
    'ء',
    '😀',
    '\ud800',
    '中',
    'Ω',
    'ж',
  ];
  pieces.push('-', '.', '«', '__proto__', ' constructor ', 'x'.repeat(90), 'the ', 'de la ', 'los ', 'und ', 'في ');
  const out: string[] = ['', ' ', 'a', 'ab', 'abc', 'abcd', 'abcde', 'UN says', 'Réfugiés soudanais au Tchad'];
  for (const a of articles) {
    const text = `${a.title}\n${a.text}`;
    for (let i = 0; i < Math.min(text.length, 6000); i += 250)
      out.push(text.slice(i, i + 40 + Math.floor(random() * 900)));
  }
  for (let n = 0; n < 4000; n++) {
    let s = '';
    const length = Math.floor(random() * 160);
    for (let k = 0; k < length; k++) s += pieces[Math.floor(random() * pieces.length)];
    out.push(s);
  }
  return out;
}

describe('eld scores summed from one table (ngram-scores)', () => {
  it('reads every n-gram of eld/small with its scores (plus eld base 53)', async () => {
    const file = eldFile('src/ngrams/small.js');
    const { ngramsData } = (await import(file)) as {
      ngramsData: { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> };
    };
    const table = readNgramTable(readFileSync(file, 'utf8'));
    expect(table).not.toBeNull();
    if (!table) return;
    expect(table.languages).toEqual(ngramsData.languages);
    expect(table.offsets.size).toBe(Object.keys(ngramsData.ngrams).length);
    for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
      const at = table.offsets.get(ngram) as number;
      const read: Record<string, number> = {};
      for (let i = 0; i < (table.table[at] as number); i++)
        read[String(table.table[at + 1 + 2 * i])] = (table.table[at + 2 + 2 * i] as number) - 53;
      expect(read, ngram).toEqual(scores);
    }
  });

  it('detects exactly what eld/small detects: language, every score and reliability, on 4,000+ texts', () => {
    const model = languageModel();
    expect(model).not.toBe(eld); // the table is in use, not eld's own detect
    const all = texts();
    expect(all.length).toBeGreaterThan(4000);
    for (const text of all) {
      const ours = model.detect(text);
      const theirs = eld.detect(text);
      expect(ours.language, JSON.stringify(text)).toBe(theirs.language);
      expect(ours.getScores(), JSON.stringify(text)).toEqual(theirs.getScores());
      expect(ours.isReliable()).toBe(theirs.isReliable());
      // eld's typings omit the threshold its isReliable takes; the lower one still gives the same answer.
      const lenient = (r: unknown) => (r as { isReliable(threshold: number): boolean }).isReliable(0.5);
      expect(lenient(ours)).toBe(lenient(theirs));
    }
  });

  it('refuses a model it cannot read exactly, so that eld reads it instead', () => {
    const languages = `languages:{${Array.from({ length: 12 }, (_, i) => `${i}:'l${String.fromCharCode(97 + i)}'`).join(',')}}`;
    const module = (ngrams: string) => `export const ngramsData = {type:'S60',${languages},ngrams:{${ngrams}}};`;
    expect(readNgramTable(module("' de ':{1:52,3:14},abc:{0:1},2024:{11:3}"))).not.toBeNull();
    expect(readNgramTable(module("'a\\nb':{1:52}"))).toBeNull(); // an escape other than \' and \\
    expect(readNgramTable(module("' de ':{1:52.5}"))).toBeNull(); // a score that is not an integer
    expect(readNgramTable(module("' de ':{12:52}"))).toBeNull(); // a language the model does not list
    expect(readNgramTable(module('1e3:{1:52}'))).toBeNull(); // a bare number JavaScript would read as "1000"
    expect(readNgramTable(module("' de ':[1,52]"))).toBeNull();
    expect(readNgramTable("export const ngramsData = {type:'S60'}")).toBeNull();
    expect(readNgramTable(module(''))).toBeNull();
  });
});
