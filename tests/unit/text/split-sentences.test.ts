import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/text/split-sentences.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

describe('splitSentences', () => {
  it('splits Arabic text on . and ؟ and keeps sentences verbatim', () => {
    const text =
      'انقلب قارب قبالة الساحل التركي. تم الإبلاغ عن مقتل ١٢ شخصًا ، بينهم ثلاثة أطفال ، بينما تم إنقاذ ٣١ شخصًا. هل تمت إعادتكم من اليونان إلى تركيا؟ سوف نقدم لكم المعلومات.';
    expect(splitSentences(text)).toEqual([
      'انقلب قارب قبالة الساحل التركي.',
      'تم الإبلاغ عن مقتل ١٢ شخصًا ، بينهم ثلاثة أطفال ، بينما تم إنقاذ ٣١ شخصًا.',
      'هل تمت إعادتكم من اليونان إلى تركيا؟',
      'سوف نقدم لكم المعلومات.',
    ]);
  });

  it('splits on the Urdu/Persian full stop ۔ and on line breaks', () => {
    expect(splitSentences('جمله اول۔ جمله دوم\nسطر سوم')).toEqual(['جمله اول۔', 'جمله دوم', 'سطر سوم']);
  });

  it('does not split decimals, times, thousands or abbreviations', () => {
    const text =
      'The guard arrived at 07.20 and found 3.5 tonnes. Mr. Smith met Dr. Jones in the U.S. yesterday. He paid 215.000 euros.';
    expect(splitSentences(text)).toEqual([
      'The guard arrived at 07.20 and found 3.5 tonnes.',
      'Mr. Smith met Dr. Jones in the U.S. yesterday.',
      'He paid 215.000 euros.',
    ]);
  });

  it('keeps initials and closing quotes with their sentence', () => {
    expect(splitSentences('This is S. , 23 years old from Iraq. He said: "We are tired." Then he left!')).toEqual([
      'This is S. , 23 years old from Iraq.',
      'He said: "We are tired."',
      'Then he left!',
    ]);
  });

  it('drops fragments without letters, such as the ". ." runs in Arabic digests', () => {
    expect(splitSentences('لهذه الرحلة . . هذه القوارب فخ الموت')).toEqual(['لهذه الرحلة .', 'هذه القوارب فخ الموت']);
  });

  it('returns only substrings of the input for every fixture article', () => {
    for (const id of fixtures.ids()) {
      const { text } = fixtures.article(id);
      for (const s of splitSentences(text)) expect(text.includes(s)).toBe(true);
    }
  });
});
