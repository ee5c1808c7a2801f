import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { eld } from 'eld/small';
import { describe, expect, it } from 'vitest';
import { languageModel, literalToJson } from '../../../src/text/language-model.js';
import { articles } from '../../helpers/ingest-fixtures.js';

const eldFile = (path: string) =>
  createRequire(import.meta.url)
    .resolve.paths('eld')
    ?.map((dir) => `${dir}/eld/${path}`)
    .find((file) => existsSync(file));

describe('the language model read as JSON', () => {
  it('is exactly the n-gram data eld/small compiles', async () => {
    const file = eldFile('src/ngrams/small.js');
    expect(file).toBeDefined();
    const { ngramsData } = (await import(file as string)) as { ngramsData: unknown };
    expect(JSON.parse(literalToJson(readFileSync(file as string, 'utf8')))).toStrictEqual(ngramsData);
  });

  it('detects what eld/small detects, with the same scores', () => {
    const texts = [
      ...articles.map((a) => `${a.title}\n${a.text}`.slice(0, 600)),
      'Los migrantes en la frontera',
      'UN says',
      'Réfugiés soudanais au Tchad',
    ];
    for (const text of texts) {
      const ours = languageModel().detect(text);
      const theirs = eld.detect(text);
      expect(ours.language).toBe(theirs.language);
      expect(ours.getScores()).toEqual(theirs.getScores());
      expect(ours.isReliable()).toBe(theirs.isReliable());
    }
  });

  it('refuses what is not a plain object literal', () => {
    expect(() => JSON.parse(literalToJson('export const ngramsData = {a: `template`}'))).toThrow();
    expect(() => literalToJson("export const ngramsData = {'a\\nb': 1}")).toThrow(/escape/);
  });
});
