import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/feeds/content-hash.js';
import { articles } from '../../helpers/ingest-fixtures.js';

const article = (id: string) => {
  const found = articles.find((a) => a.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
};

describe('contentHash', () => {
  it('is a stable sha256 hex digest', () => {
    expect(contentHash('Title', 'Text')).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('Title', 'Text')).toBe(contentHash('Title', 'Text'));
  });

  it('ignores cosmetic changes: case, spacing, NFKC forms, curly quotes, invisible marks', () => {
    const a = article('dev-en-newarab-syrians-want-to-go-home');
    const base = contentHash(a.title, a.text);
    expect(contentHash(a.title.toUpperCase(), `  ${a.text.replace(/ /g, '  \n')} `)).toBe(base);
    expect(contentHash(a.title, a.text.replace(/'/g, '\u2019'))).toBe(base);
    expect(contentHash(a.title, a.text.replace('UN', 'U\u200bN'))).toBe(base);
    expect(contentHash('ﬁle', 'x')).toBe(contentHash('file', 'x'));
  });

  it('ignores Arabic diacritics, tatweel, alef variants and Arabic-Indic versus Western digits', () => {
    const a = article('dev-ar-ays-weekly-2019-06-17-23');
    const base = contentHash(a.title, a.text);
    const cosmetic = a.text
      .replace(/اللاجئين/g, 'اللاجِئِينَ')
      .replace(/الحدود/g, 'الحـــدود')
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
    expect(cosmetic).not.toBe(a.text);
    expect(contentHash(a.title, cosmetic)).toBe(base);
    expect(contentHash('أكرا', '١٢ مهاجرا')).toBe(contentHash('اكرا', '12 مهاجرا'));
  });

  it('changes when a figure or a word changes (an update of the story)', () => {
    const fifteen = article('dev-en-newarab-lebanon-15-killed');
    const twentyTwo = article('dev-en-newarab-lebanon-22-killed');
    expect(contentHash(fifteen.title, fifteen.text)).not.toBe(contentHash(twentyTwo.title, twentyTwo.text));
    expect(contentHash('t', '١٢ شخصًا')).not.toBe(contentHash('t', '١٣ شخصًا'));
    expect(contentHash('a', 'b c')).not.toBe(contentHash('a b', 'c'));
  });
});
