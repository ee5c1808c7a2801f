import { describe, expect, it } from 'vitest';
import { parseSources } from '../../../src/config/load-sources.js';
import { ConfigError } from '../../../src/domain/errors.js';

const withLanguage = (language: string) =>
  parseSources(
    `sources:\n  - { id: iom-ar, name: IOM, url: https://www.iom.int/ar/rss, language: "${language}" }\n`,
    'sources.yaml',
  );

describe('a source\'s declared language (SPEC 4: "language: ar")', () => {
  it('takes BCP-47 as people and feeds write it: the primary tag, whatever its case or region', () => {
    for (const tag of ['ar', 'AR', 'ar-EG', 'ar_EG', ' Ar ']) expect(withLanguage(tag)[0]?.language, tag).toBe('ar');
    expect(withLanguage('fa-IR')[0]?.language).toBe('fa');
  });

  it('refuses a language name or a code that names no language, naming the source and the key', () => {
    for (const bad of ['english', 'xx', 'xx-EG', '']) {
      let error: unknown;
      try {
        withLanguage(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as Error).message, bad).toMatch(/iom-ar.*language/s);
    }
  });
});
