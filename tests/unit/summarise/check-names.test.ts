import { describe, expect, it } from 'vitest';
import { checkFaithfulness } from '../../../src/summarise/check-faithfulness.js';
import { extractArabicNames } from '../../../src/text/extract-arabic-names.js';
import { extractCapitalisedWords } from '../../../src/text/extract-capitalised-words.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

const names = (summary: string, refs: string[], language?: string) =>
  checkFaithfulness(summary, refs, language ? { language } : {})
    .filter((t) => t.kind === 'name')
    .map((t) => t.text);

const EN_SOURCE = [
  'A boat carrying migrants capsized off Lampedusa on Saturday, the Italian coast guard said. Frontex was informed.',
];
const AR_SOURCE = [
  'انقلب قارب قبالة بودروم في تركيا، وقالت المفوضية إن سكان مخيم كاريتاس نقلوا. وأبلغت فرونتكس السلطات اليونانية.',
];

describe('names in Arabic script', () => {
  it('finds place names after the words that introduce them', () => {
    expect(extractArabicNames('انقلب قارب قبالة سواحل ليبيا ونقل الناجون إلى مدينة طرابلس ومخيم دير الأحمر.')).toEqual([
      'ليبيا',
      'طرابلس',
      'دير الأحمر',
    ]);
    expect(extractArabicNames('قبالة الساحل في المدينة')).toEqual([]);
  });

  it('checks them against the source in Latin script by sound', () => {
    expect(names('انقلب قارب قبالة لامبيدوسا يوم السبت.', EN_SOURCE, 'ar')).toEqual([]);
    expect(names('انقلب قارب قبالة مالطا يوم السبت.', EN_SOURCE, 'ar')).toEqual(['مالطا']);
  });

  it('checks them against the source in Arabic script by spelling', () => {
    expect(names('نقل سكان مخيم كاريتاس.', AR_SOURCE, 'ar')).toEqual([]);
    expect(names('نقل سكان مخيم الزعتري.', AR_SOURCE, 'ar')).toEqual(['الزعتري']);
  });
});

describe('known places in Arabic script, with no word introducing them', () => {
  const SOURCE = [
    'At least 61 migrants are missing after a boat capsized off Libya on Tuesday. Survivors were brought to Tripoli. The German navy helped.',
  ];

  it('flags a place the source does not name, in any form ("إلى بنغازي", "تونس", "ألمانيا")', () => {
    expect(names('نقل الناجون إلى بنغازي.', SOURCE, 'ar')).toEqual(['بنغازي']);
    expect(names('فقد 61 مهاجرا قبالة تونس.', SOURCE, 'ar')).toEqual(['تونس']);
    expect(names('قالت ايطاليا إن 61 مهاجرا فقدوا.', SOURCE, 'ar')).toEqual(['ايطاليا']);
  });

  it('accepts the places the source names, in another script, form or as an adjective', () => {
    // Libya / الليبية, Tripoli / طرابلس, German / ألمانيا: all named by the source.
    expect(names('فقد 61 مهاجرا قبالة السواحل الليبية ونقل الناجون إلى طرابلس.', SOURCE, 'ar')).toEqual([]);
    expect(names('ساعدت البحرية الألمانية.', SOURCE, 'ar')).toEqual([]);
    expect(names('فقد 61 مهاجرا قبالة ليبيا.', [...SOURCE, 'بيان'], 'ar')).toEqual([]);
  });

  it('does not read everyday words that share a place\'s letters as places ("ترك" left, "المغرب" sunset)', () => {
    expect(names('ترك 61 مهاجرا منازلهم قبل صلاة المغرب.', SOURCE, 'ar')).toEqual([]);
  });
});

describe('single capitalised places and organisations', () => {
  it('reads only words inside a sentence, never its first word', () => {
    expect(extractCapitalisedWords('Boats sank off Bodrum. On Saturday, Frontex said: Rescuers came.', [])).toEqual([
      'Bodrum',
      'Frontex',
    ]);
  });

  it('flags a place or organisation the source does not name', () => {
    expect(names('A boat capsized off Lampedusa, the coast guard said.', EN_SOURCE, 'en')).toEqual([]);
    expect(names('A boat capsized off Lesbos, the coast guard said.', EN_SOURCE, 'en')).toEqual(['Lesbos']);
    expect(names('The boat was reported to Europol by the coast guard.', EN_SOURCE, 'en')).toEqual(['Europol']);
    // "Italian" is supported by the source's "Italian"; "Italy" by the known places.
    expect(names('The boat capsized near Italy, the Italian coast guard said.', EN_SOURCE, 'en')).toEqual([]);
  });

  it('checks an English translation of an Arabic-only story by sound and by known names', () => {
    expect(
      names(
        'A boat capsized off Bodrum in Turkey; residents of the Caritas camp were moved. Frontex told the Greek authorities, UNHCR said.',
        AR_SOURCE,
        'en',
      ),
    ).toEqual([]);
    expect(names('A boat capsized off Lesbos, the agency said.', AR_SOURCE, 'en')).toEqual(['Lesbos']);
    expect(names('Residents were moved to the camp, according to Tripoli officials.', AR_SOURCE, 'en')).toEqual([
      'Tripoli',
    ]);
  });

  it('recognises the common organisations in any language and script, and still flags them when the source does not name them', () => {
    expect(names('UNHCR and Frontex were informed.', AR_SOURCE, 'en')).toEqual([]);
    expect(names('Residents were moved, UNICEF said.', AR_SOURCE, 'en')).toEqual(['UNICEF']);
    expect(names('Boats sank, according to the WFP.', EN_SOURCE, 'en')).toEqual(['WFP']);
  });

  it('raises no false alarm on a faithful English translation of the Arabic Bodrum weekly', () => {
    const story = fixtures.article('dev-ar-ays-weekly-2019-06-17-23');
    const summary =
      'A boat carrying 43 people capsized off Bodrum in Turkey, killing 12. In Lebanon, residents of the Caritas camp in Deir al-Ahmar were moved to Maqne in the Baalbek governorate.';
    expect(names(summary, [story.title, story.text], 'en')).toEqual([]);
  });
});

describe('the allow-list of umbrella organisations', () => {
  it('lets "the UN refugee agency" and "the EU border agency" stand on the agency the source names, and nothing else', () => {
    const refs = ['UNHCR said 40 people were rescued; Frontex patrolled the area.'];
    expect(names('The UN refugee agency and the EU border agency were there.', refs, 'en')).toEqual([]);
    expect(
      names(
        'The UN refugee agency and the EU border agency were there.',
        ['Local police said people were rescued.'],
        'en',
      ),
    ).toEqual(['UN', 'EU']);
    expect(names('IOM said so.', refs, 'en')).toEqual(['IOM']);
  });
});
