import { describe, expect, it } from 'vitest';
import {
  cardParagraphs,
  cardText,
  escapeMarkdown,
  noticeLine,
  safeUrl,
  truncate,
} from '../../../../adapters/teams/cards/card-text.js';

describe('Teams card text', () => {
  it('escapes Markdown emphasis, links, code, headings and quotes', () => {
    expect(escapeMarkdown('**bold** _it_ `code` [a](b) # h > q ~s~ |t| \\')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[a\\](b) \\# h \\> q \\~s\\~ \\|t\\| \\\\',
    );
  });

  it('escapes list markers only where they start a list', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    expect(escapeMarkdown('3) item')).toBe('3\\) item');
    expect(escapeMarkdown('Rescued 12. Died 3 - sadly')).toBe('Rescued 12. Died 3 - sadly');
  });

  it('keeps bare URLs and card functions from turning into links and dates', () => {
    expect(escapeMarkdown('see https://evil.example and www.evil.example')).toBe(
      'see https:\u200b//evil.example and www\u200b.evil.example',
    );
    expect(escapeMarkdown('{{TIME(2017-02-14T06:08:39Z)}}')).toBe('{\u200b{TIME(2017-02-14T06:08:39Z)}}');
  });

  it('strips <at> mention tags, control characters and bidi overrides', () => {
    expect(cardText('<at id="0">Everyone</at> hi\u0007 \u202egnp.exe\u202c')).toBe('Everyone hi gnp.exe');
    expect(cardText('<AT>Channel</AT>')).toBe('Channel');
  });

  it('keeps Arabic text, Arabic-Indic digits and ordinary punctuation as they are', () => {
    const arabic = 'أنقذ خفر السواحل ٣١ شخصاً، بينهم 3 أطفال (وفق المنظمة).';
    expect(cardText(arabic)).toBe(arabic);
  });

  it('collapses whitespace and truncates at a word with an ellipsis', () => {
    expect(cardText('a\n\n b\t c')).toBe('a b c');
    expect(truncate('one two three four five six', 20)).toBe('one two three four…');
    expect(truncate('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…');
    expect(truncate('x'.repeat(5) + '😀', 6)).toBe('xxxxx…');
  });

  it('splits answers into escaped paragraphs', () => {
    expect(cardParagraphs('First *line*.\n\n- second')).toEqual(['First \\*line\\*.', '\\- second']);
  });

  it('shows `code` in trusted notices as bold while escaping the rest', () => {
    expect(noticeLine('Try `latest 5` or **x**')).toBe('Try **latest 5** or \\*\\*x\\*\\*');
    expect(noticeLine('I don\'t know the command "[x](https://e.x)".')).toBe(
      'I don\'t know the command "\\[x\\](https:\u200b//e.x)".',
    );
  });

  it('accepts only http(s) URLs for buttons', () => {
    expect(safeUrl('https://www.iom.int/news')).toBe('https://www.iom.int/news');
    expect(safeUrl('http://example.org/a b')).toBe('http://example.org/a%20b');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('file:///etc/passwd')).toBeNull();
    expect(safeUrl('/relative')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });
});
