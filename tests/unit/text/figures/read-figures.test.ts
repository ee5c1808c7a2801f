import { describe, expect, it } from 'vitest';
import { checkFaithfulness } from '../../../../src/summarise/check-faithfulness.js';
import { gateSummaries } from '../../../../src/summarise/gate-summaries.js';
import { readFigures } from '../../../../src/text/figures/read-figures.js';
import { readNumberWords } from '../../../../src/text/figures/read-number-words.js';
import { fixtures } from '../../../helpers/summarise-fixtures.js';

/** "text=class:value" for each figure, decimal readings marked with "~". */
function read(text: string, language?: string): string[] {
  return readFigures(text, language).map(
    (f) => `${f.text}=${f.readings.map((r) => `${r.class}:${r.value}${r.form === 'decimal' ? '~' : ''}`).join('|')}`,
  );
}
const values = (text: string, language: string) =>
  readNumberWords(text, language).map((n) => (n.vague ? `~${n.value}` : n.value));

describe('readFigures: digits', () => {
  it('reads thousands separators of every locale and script', () => {
    for (const written of ['1 000', '1\u00A0000', '1\u202F000', '١٬٠٠٠', '۱٬۰۰۰', "1'000", '1,000,000', '1.000.000']) {
      const [figure] = readFigures(`${written} people`);
      expect(
        figure?.readings.map((r) => r.form),
        written,
      ).toEqual(['exact']);
    }
    expect(read('1,234,567.5 and 1.234.567,5 and ١٢٫٥')).toEqual([
      '1,234,567.5=count:1234567.5',
      '1.234.567,5=count:1234567.5',
      '١٢٫٥=count:12.5',
    ]);
  });

  it('reads one group of three digits by the language: thousands where it groups so, a decimal that only meets decimals elsewhere', () => {
    expect(read('62,000 people', 'en')).toEqual(['62,000=count:62000']);
    expect(read('62.000 people', 'en')).toEqual(['62.000=count:62~']);
    expect(read('62.000 personas', 'es')).toEqual(['62.000=count:62000']);
    expect(read('62,000 personnes', 'fr')).toEqual(['62,000=count:62~']);
    expect(read('62,000 people')).toEqual(['62,000=count:62000|count:62~']);
    expect(read('0.062')).toEqual(['0.062=count:0.062']);
    expect(read('1.5 and 1,5', 'en')).toEqual(['1.5=count:1.5', '1,5=count:1.5']);
  });

  it('applies multipliers to the value and never keeps the bare value', () => {
    expect(read('62 million, 1.2 thousand, 1,5 millions, $62m, €1.2bn, 62k', 'en')).toEqual([
      '62 million=count:62000000',
      '1.2 thousand=count:1200',
      '1,5 millions=count:1500000',
      '62m=money:62000000',
      '1.2bn=money:1200000000',
      '62k=count:62000',
    ]);
    // Listed with commas: "٦٢ مليون و٣ آلاف" would be one number, 62,003,000.
    expect(read('٦٢ مليون، ٣ آلاف، ٦٢ ألفًا و٢ مليار', 'ar')).toEqual([
      '٦٢ مليون=count:62000000',
      '٣ آلاف=count:3000',
      '٦٢ ألفًا=count:62000',
      '٢ مليار=count:2000000000',
    ]);
    expect(read('۶۲ هزار و ۳ میلیون', 'fa')).toEqual(['۶۲ هزار=count:62000', '۳ میلیون=count:3000000']);
    // Persian decimals may be written with a slash; dates (two slashes) are not figures of that kind.
    expect(read('۲/۵ میلیون نفر در ۱۴۰۲/۰۵/۱۲', 'fa')).toEqual([
      '۲/۵ میلیون=count:2500000',
      '۱۴۰۲=count:1402',
      '۰۵=count:5',
      '۱۲=count:12',
    ]);
    expect(read('62 mil millones y 3 millones y 5 mil', 'es')).toEqual([
      '62 mil millones=count:62000000000',
      '3 millones=count:3000000',
      '5 mil=count:5000',
    ]);
    expect(read('62 mille et 2 milliards', 'fr')).toEqual(['62 mille=count:62000', '2 milliards=count:2000000000']);
    // "5 m" is five metres: a spaced "m" is not a multiplier.
    expect(read('a boat 5 m long', 'en')).toEqual(['5=count:5']);
  });

  it('keeps percentages, money, ordinals, years and times apart from counts', () => {
    expect(read('20% and 20 percent and 20 pour cent and ٢٠٪ and 20 في المائة and ۲۰ درصد')).toEqual(
      ['20%', '20 percent', '20 pour cent', '٢٠٪', '20 في المائة', '۲۰ درصد'].map(
        (t) => `${t.split(/[%٪ ]/)[0]}=percent:20`,
      ),
    );
    expect(read('$5,000 and 5,000 euros and 5000 يورو and ۵۰۰۰ یورو', 'en').map((r) => r.split('=')[1])).toEqual([
      'money:5000',
      'money:5000',
      'money:5000',
      'money:5000',
    ]);
    expect(read('the 17th boat, at 07:20, in 2019', 'en')).toEqual([
      '17=ordinal:17',
      '07:20=time:440',
      '2019=year:2019',
    ]);
    expect(read('G7 and COP28 are names')).toEqual([]);
  });

  it('gives the first figure of a range the unit of the second, and keeps counts side by side apart', () => {
    expect(read('between 20 and 30 per cent', 'en')).toEqual(['20=percent:20', '30=percent:30']);
    expect(read('۲۰ تا ۳۰ درصد', 'fa')).toEqual(['۲۰=percent:20', '۳۰=percent:30']);
    expect(read('2 to 3 million people', 'en')).toEqual(['2=count:2000000', '3 million=count:3000000']);
    expect(read('between 2 and 3 million euros', 'en')).toEqual(['2=money:2000000', '3 million=money:3000000']);
    expect(read('40 people and 30%', 'en')).toEqual(['40=count:40', '30=percent:30']);
    expect(read('40-60 people', 'en')).toEqual(['40=count:40', '60=count:60']);
  });

  it('reads a number after a label word as a label, never a count', () => {
    expect(read('Under Article 14, resolution 2240 and flight 1923', 'en')).toEqual([
      '14=label:14',
      '2240=label:2240',
      '1923=label:1923',
    ]);
    expect(read('In week 23, 40 people', 'en')).toEqual(['23=label:23', '40=count:40']);
    expect(read('this week 40 people', 'en')).toEqual(['40=count:40']);
  });
});

describe('readNumberWords', () => {
  it('reads English, French and Spanish up to the millions', () => {
    expect(
      values('seventy-two, twelve hundred, one hundred and five, a thousand, two million three hundred thousand', 'en'),
    ).toEqual([72, 1200, 105, 1000, 2300000]);
    expect(
      values('soixante-douze, quatre-vingt-dix-sept, quatre-vingts, vingt et un, deux cents, mille deux cents', 'fr'),
    ).toEqual([72, 97, 80, 21, 200, 1200]);
    expect(values('setenta y dos, doscientos, dos mil veinticinco, mil millones, ciento veinte', 'es')).toEqual([
      72, 200, 2025, 1e9, 120,
    ]);
  });

  it('reads Arabic duals, construct forms, hundreds in one word and و joins', () => {
    expect(
      values(
        'اثنان وسبعون، ألف ومئتان، ثلاثمائة، ثلاثة آلاف، ألفي، مئتان، أحد عشر ألفا، مئتان وخمسون ألفًا، ستة ملايين',
        'ar',
      ),
    ).toEqual([72, 1200, 300, 3000, 2000, 200, 11000, 250000, 6e6]);
  });

  it('does not read weekdays named with numbers', () => {
    expect(values('وصل القارب يوم الاثنين وغرق الخميس', 'ar')).toEqual([]);
    expect(values('روز سه شنبه و پنج شنبه', 'fa')).toEqual([]);
  });

  it('reads Persian with its separate و', () => {
    expect(values('هفتاد و دو، دو هزار و پانصد، سه میلیون', 'fa')).toEqual([72, 2500, 3e6]);
  });

  it('reads vague quantities as orders of magnitude, and no articles as numbers', () => {
    expect(values('dozens, hundreds, tens of thousands', 'en')).toEqual(['~10', '~100', '~10000']);
    expect(values('عشرات الآلاف ومئات المهاجرين', 'ar')).toEqual(['~10000', '~100']);
    expect(values('des dizaines de milliers', 'fr')).toEqual(['~10000']);
    // "یک نفر" (a person / one person) counts one: see '"one" as a casualty figure'.
    expect(values('one of them, a boat, un bateau neuf, una persona, یک قایق', 'en')).toEqual([]);
    expect(values('two and three', 'en')).toEqual([2, 3]);
  });
});

describe('years next to counts (a digit swap between them must not pass)', () => {
  const check = (summary: string, source: string, language = 'en') =>
    checkFaithfulness(summary, [source], { language }).map((t) => t.text);

  it('reads a number after "in", "since", "عام"... and before a comma or stop as a year only', () => {
    expect(check('2,023 people arrived.', 'In 2023, 2,013 people arrived.')).toEqual(['2,023']);
    expect(check('2,015 people drowned.', 'Since 2015, 2,051 drowned.')).toEqual(['2,015']);
    expect(check('لقي 2015 شخصا حتفهم.', 'منذ عام 2015 لقي 2051 شخصا حتفهم.', 'ar')).toEqual(['2015']);
    expect(check('In 2023, 2,013 people arrived.', 'In 2023, 2,013 people arrived.')).toEqual([]);
    expect(check('منذ عام 2015 لقي 2051 شخصا.', 'منذ عام 2015 لقي 2051 شخصا حتفهم.', 'ar')).toEqual([]);
  });

  it('keeps a count reading where the number may be one ("a total of 2023 people", "the figure reached 2023.")', () => {
    expect(check('2,023 people were registered.', 'A total of 2023 people were registered.')).toEqual([]);
    expect(check('2,023 people arrived.', 'The figure reached 2023.')).toEqual([]);
  });
});

describe('Arabic duals of thousand, million and billion', () => {
  it('reads "مليونا شخص" as two million and "ستون ألفًا" as sixty thousand', () => {
    expect(values('نزح مليونا شخص', 'ar')).toEqual([2e6]);
    expect(values('وصل ألفا مهاجر', 'ar')).toEqual([2000]);
    expect(values('خسائر بقيمة مليارا دولار', 'ar')).toEqual([2e9]);
    expect(values('ستون ألفا', 'ar')).toEqual([60000]);
    expect(values('ستون ألفًا', 'ar')).toEqual([60000]);
    // After digits, the multiplier is read with them (the word reader alone would see a dual).
    expect(readFigures('60 ألفا', 'ar').map((f) => f.readings[0]?.value)).toEqual([60000]);
  });

  it('lets no one-million or two-thousand error through, and passes the faithful figure', () => {
    const gate = (summary: string, source: string, language: string) =>
      checkFaithfulness(summary, [source], { language }).map((t) => t.text);
    expect(gate('1 million people were displaced.', 'نزح مليونا شخص بسبب القتال.', 'en')).toEqual(['1 million']);
    expect(gate('2 million people were displaced.', 'نزح مليونا شخص بسبب القتال.', 'en')).toEqual([]);
    expect(gate('وصل ألفا مهاجر.', 'One thousand migrants arrived.', 'ar')).toEqual(['ألفا']);
    expect(gate('وصل ألفا مهاجر.', 'Two thousand migrants arrived.', 'ar')).toEqual([]);
  });
});

describe('the gate with values and classes', () => {
  const refs = [
    'At least 62 people died. 20,000 crossed in 2024. 20% were children. Each paid 5,000 euros. About 60 were detained.',
  ];
  const flagged = (summary: string, language = 'en') =>
    checkFaithfulness(summary, refs, { language }).map((t) => t.text);

  it('catches scale errors in every form, and says what the source says', () => {
    for (const wrong of ['62,000', '62.000', '62 000', '٦٢٬٠٠٠', '۶۲٬۰۰۰', '62 million', '62k', '0.062']) {
      expect(flagged(`${wrong} people died.`), wrong).toEqual([wrong]);
    }
    expect(checkFaithfulness('62,000 people died.', refs, { language: 'en' })).toEqual([
      { text: '62,000', kind: 'number', sourceSays: '62' },
    ]);
    // 20,000 -> 20 is the reverse error.
    expect(flagged('20 crossed.')).toEqual(['20']);
    expect(flagged('٢٠ عبروا.', 'ar')).toEqual(['٢٠']);
  });

  it('decides "62.000" / "62,000" by language and never lets a x1000 error through either reading', () => {
    const check = (summary: string, language: string | undefined, source: string, sourceLanguage?: string) =>
      checkFaithfulness(
        summary,
        [{ text: source, ...(sourceLanguage ? { language: sourceLanguage } : {}) }],
        language ? { language } : {},
      )
        .filter((t) => t.kind === 'number')
        .map((t) => t.text);
    // The source says 62: every thousands-looking form is caught, whatever the language or its absence.
    for (const [summary, language] of [
      ['62.000 personas', 'es'],
      ['62,000 people', 'en'],
      ['62.000 people', 'en'],
      ['62,000 personnes', 'fr'],
      ['62.000 Menschen', 'de'],
      ['62,000 x', undefined],
      ['62.000 x', undefined],
    ] as const) {
      expect(check(summary, language, '62 people died.', 'en'), `${summary} (${language})`).toEqual([
        summary.split(' ')[0],
      ]);
    }
    // The source says 62,000 (English) or 62.000 (Spanish): the same value in any locale passes, 62 does not.
    for (const [source, sourceLanguage] of [
      ['62,000 people died.', 'en'],
      ['62.000 personas murieron.', 'es'],
      ['62,000 people died.', undefined],
    ] as const) {
      for (const [summary, language] of [
        ['62.000 personas', 'es'],
        ['62,000 people', 'en'],
        ['62 000 personnes', 'fr'],
        ['٦٢٬٠٠٠ شخص', 'ar'],
      ] as const) {
        expect(check(summary, language, source, sourceLanguage), `${summary} vs ${source}`).toEqual([]);
      }
      expect(check('62 people', 'en', source, sourceLanguage), source).toEqual(['62']);
    }
    // A real decimal with three places meets only a decimal: "1,125" in French is 1.125, never 1125.
    expect(check('1,125 million', 'fr', '1.125 million people', 'en')).toEqual([]);
    expect(check('1125 people', 'en', '1,125 personnes', 'fr')).toEqual(['1125']);
  });

  it('catches number words of another value in the summary', () => {
    expect(flagged('seventy-two people died.')).toEqual(['seventy-two']);
    expect(flagged('لقي اثنان وسبعون شخصا حتفهم.', 'ar')).toEqual(['اثنان وسبعون']);
    expect(flagged('soixante-douze personnes sont mortes.', 'fr')).toEqual(['soixante-douze']);
  });

  it('accepts the same value in any digits, separators, multipliers and words', () => {
    for (const ok of [
      'sixty-two people died',
      '٦٢ شخصا',
      'اثنان وستون شخصا',
      '20 thousand crossed',
      '20,000 crossed',
      '٢٠٬٠٠٠',
      'عشرون ألفا',
      '20 000',
      'about 60 were detained',
    ]) {
      expect(flagged(ok, /[\u0600-\u06FF]/.test(ok) ? 'ar' : 'en'), ok).toEqual([]);
    }
  });

  it('never lets a percentage, money or a year stand for a count', () => {
    expect(flagged('20 children died.')).toEqual(['20']);
    expect(flagged('Each paid 5,000 dollars; 5,000 people waited.')).toEqual(['5,000']);
    // The source's "in 2024." is a year only: it supports the summary's year, not a count of 2,024 people.
    expect(flagged('In 2024, 2024 people crossed.')).toEqual(['2024']);
    expect(flagged('In 2024, 20,000 people crossed.')).toEqual([]);
    expect(flagged('20% of 62 people.')).toEqual([]);
  });

  it('lets "dozens" or "hundreds" pass only on the source\'s own values or words', () => {
    expect(flagged('Dozens were detained.')).toEqual([]);
    expect(flagged('Hundreds were detained.')).toEqual(['Hundreds']);
    expect(checkFaithfulness('Hundreds were detained.', ['Hundreds of people were detained.'])).toEqual([]);
    expect(checkFaithfulness('اعتقل المئات', ['Hundreds of people were detained.'], { language: 'ar' })).toEqual([]);
  });

  it('does not let the day or month of a date support a count', () => {
    const source = ['On 17 June 2019, a boat sank off Bodrum.'];
    expect(checkFaithfulness('17 people died.', source, { language: 'en' }).map((t) => t.text)).toEqual(['17']);
    expect(checkFaithfulness('On 17 June 2019 a boat sank; in 2019 others did.', source, { language: 'en' })).toEqual(
      [],
    );
    expect(checkFaithfulness('2019 people died in 2019.', source, { language: 'en' }).map((t) => t.text)).toEqual([
      '2019',
    ]);
  });

  it('never takes support from metadata: publishedAt, ids and URLs', () => {
    const story = fixtures.story(['dev-en-thebadely-libya-boats-capsized'], {
      edition: { publishedAt: '2025-11-16T01:58:03Z', url: 'https://example.org/news/4312/77' },
    });
    const gate = gateSummaries(story, {
      en: {
        title: 'Boats sink',
        summary: '16 people died and 58 were rescued; 4312 and 77 more are missing.',
        origin: 'source',
      },
    });
    expect(gate.en?.map((t) => t.text)).toEqual(['16', '58', '4312', '77']);
    expect(checkFaithfulness('77 people died.', ['See https://example.org/news/77 for details.'])).toEqual([
      { text: '77', kind: 'number' },
    ]);
  });
});

describe('fractions', () => {
  it('reads a fraction of a scale as its value: "half a million" is 500,000, never a million', () => {
    expect(values('half a million, a quarter of a million, quarter million', 'en')).toEqual([5e5, 2.5e5, 2.5e5]);
    expect(values('medio millón de personas', 'es')).toEqual([5e5]);
    expect(values('un demi-million de personnes', 'fr')).toEqual([5e5]);
    expect(values('نصف مليون شخص، ربع مليون', 'ar')).toEqual([5e5, 2.5e5]);
    expect(values('نیم میلیون نفر', 'fa')).toEqual([5e5]);
  });

  it('reads "and a half" after a number: "one and a half million", "un million et demi", "مليون ونصف"', () => {
    expect(values('one and a half million, two and a half thousand', 'en')).toEqual([1.5e6, 2500]);
    expect(values('un million et demi de personnes', 'fr')).toEqual([1.5e6]);
    expect(values('un millón y medio de personas', 'es')).toEqual([1.5e6]);
    expect(values('مليون ونصف شخص، مليون ونصف المليون', 'ar')).toEqual([1.5e6, 1.5e6]);
    expect(values('یک و نیم میلیون نفر', 'fa')).toEqual([1.5e6]);
  });

  it('reads fractions of a whole as fractions, and ordinals and "pays tiers" as nothing', () => {
    const fractions = (text: string, language: string) =>
      readFigures(text, language).map((f) => `${f.text}=${f.readings.map((r) => `${r.class}:${r.value}`).join('|')}`);
    expect(fractions('half of them, a third, two thirds, three quarters', 'en')).toEqual([
      'half=fraction:0.5|percent:50',
      `a third=fraction:${1 / 3}`,
      `two thirds=fraction:${2 / 3}`,
      'three quarters=fraction:0.75|percent:75',
    ]);
    expect(fractions('la moitié, un tiers, les deux tiers', 'fr').map((f) => f.split('=')[1])).toEqual([
      'fraction:0.5|percent:50',
      `fraction:${1 / 3}`,
      `fraction:${2 / 3}`,
    ]);
    expect(fractions('la mitad, un tercio', 'es').map((f) => f.split('=')[1])).toEqual([
      'fraction:0.5|percent:50',
      `fraction:${1 / 3}`,
    ]);
    expect(
      fractions('نصف الحالات وثلث الضحايا وثلثا المهاجرين وثلاثة أرباع', 'ar').map((f) => f.split('=')[1]),
    ).toEqual(['fraction:0.5|percent:50', `fraction:${1 / 3}`, `fraction:${2 / 3}`, 'fraction:0.75|percent:75']);
    expect(fractions('نیمی از آنها و یک سوم', 'fa').map((f) => f.split('=')[1])).toEqual([
      'fraction:0.5|percent:50',
      `fraction:${1 / 3}`,
    ]);
    expect(fractions('the third boat, a quarter-final, pays tiers sûrs, Oriente Medio', 'en')).toEqual([]);
  });

  it('catches a changed fraction or a fraction scale error, and passes the same one in another language', () => {
    const gate = (summary: string, source: string, sourceLanguage: string, language: string) =>
      checkFaithfulness(summary, [{ text: source, language: sourceLanguage }], { language }).map((t) => t.text);
    expect(gate('1 million people returned.', 'Some half a million people returned.', 'en', 'en')).toEqual([
      '1 million',
    ]);
    expect(gate('Un millón de personas regresó.', 'Medio millón de personas regresó.', 'es', 'es')).toEqual([
      'Un millón',
    ]);
    expect(gate('عاد مليون شخص.', 'عاد نصف مليون شخص.', 'ar', 'ar')).toEqual(['مليون']);
    expect(gate('Some 1 million people returned.', 'Un million et demi de personnes.', 'fr', 'en')).toEqual([
      '1 million',
    ]);
    expect(
      gate('Half of the cases happened off Libya.', 'A third of the cases happened off Libya.', 'en', 'en'),
    ).toEqual(['Half']);
    expect(gate('وقع ربع الحالات قبالة ليبيا.', 'A third of the cases happened off Libya.', 'en', 'ar')).toEqual([
      'ربع',
    ]);
    expect(gate('La moitié des cas.', 'A third of the cases.', 'en', 'fr')).toEqual(['moitié']);
    // The same values, restated.
    expect(gate('Some 500,000 people returned.', 'Some half a million people returned.', 'en', 'en')).toEqual([]);
    expect(gate('عاد نصف مليون شخص.', 'Some 500,000 people returned.', 'en', 'ar')).toEqual([]);
    expect(gate('Some 1.5 million people.', 'Un million et demi de personnes.', 'fr', 'en')).toEqual([]);
    expect(gate('وقع ثلث الحالات قبالة ليبيا.', 'A third of the cases happened off Libya.', 'en', 'ar')).toEqual([]);
    expect(gate('Half were children.', 'Some 50% were children.', 'en', 'en')).toEqual([]);
  });
});

describe('money keeps its currency', () => {
  const gate = (summary: string, source: string, language = 'en', sourceLanguage = 'en') =>
    checkFaithfulness(summary, [{ text: source, language: sourceLanguage }], { language }).map((t) => t.text);

  it('does not let euros stand for dollars or pounds, in any script', () => {
    expect(gate('The EU pledged $5 million.', 'The EU pledged €5 million.')).toEqual(['5 million']);
    expect(gate('The EU pledged 5 million dollars.', 'The EU pledged €5 million.')).toEqual(['5 million']);
    expect(gate('The agency asked for £62m.', 'The agency appealed for $62m.')).toEqual(['62m']);
    expect(gate('طلبت الوكالة ٦٢ مليون يورو.', 'The agency appealed for $62m.', 'ar')).toEqual(['٦٢ مليون']);
    expect(gate("L'agence demande 62 millions d'euros.", 'The agency appealed for $62m.', 'fr')).toEqual([
      '62 millions',
    ]);
  });

  it('passes the same currency written another way', () => {
    for (const [summary, language] of [
      ['The agency appealed for 62 million dollars.', 'en'],
      ['The agency appealed for US$62 million.', 'en'],
      ['The agency appealed for USD 62 million.', 'en'],
      ['طلبت الوكالة ٦٢ مليون دولار.', 'ar'],
      ['La agencia pidió 62 millones de dólares.', 'es'],
      ['آژانس ۶۲ میلیون دلار درخواست کرد.', 'fa'],
    ] as const) {
      expect(gate(summary, 'The agency appealed for $62m.', language), summary).toEqual([]);
    }
    expect(gate('The EU pledged EUR 5 million.', 'The EU pledged €5 million.')).toEqual([]);
    expect(gate('The EU pledged five million euros.', 'The EU pledged €5 million.')).toEqual([]);
  });
});

describe('the Arabic decimal mark before three digits', () => {
  it('reads "٦٢٫٠٠٠" as a decimal only: it meets no count of 62 (nor of 62,000)', () => {
    const gate = (summary: string, source: string) =>
      checkFaithfulness(summary, [{ text: source, language: 'en' }], { language: 'ar' }).map((t) => t.text);
    expect(gate('لقي ٦٢٫٠٠٠ شخص حتفهم.', 'At least 62 people died.')).toEqual(['٦٢٫٠٠٠']);
    expect(gate('وصل ٦٢٫٠٠٠ شخص.', 'Some 62,000 people arrived.')).toEqual(['٦٢٫٠٠٠']);
    expect(gate('وصل ٢٣١٬٠٨٧٫٠٠٠ شخص.', 'Some 231,087 people arrived.')).toEqual(['٢٣١٬٠٨٧٫٠٠٠']);
    expect(gate('وصل ١٫٢ مليون شخص.', 'Some 1.2 million people arrived.')).toEqual([]);
    expect(gate('بلغت النسبة ٦٫٥٪.', 'The rate was 6.5%.')).toEqual([]);
  });
});

describe('thousands and their remainder joined by و ("١٢ ألفا و٥٠٠", "۱۲ هزار و ۵۰۰")', () => {
  const gate = (summary: string, source: string, language: string, sourceLanguage: string) =>
    checkFaithfulness(summary, [{ text: source, language: sourceLanguage }], { language }).map((t) => t.text);

  it('reads them as one figure', () => {
    expect(read('وصل ١٢ ألفا و٥٠٠ مهاجر', 'ar')).toEqual(['١٢ ألفا و٥٠٠=count:12500']);
    expect(read('۱۲ هزار و ۵۰۰ نفر', 'fa')).toEqual(['۱۲ هزار و ۵۰۰=count:12500']);
    expect(read('٢ مليون و٣٠٠ ألف دولار', 'ar')).toEqual(['٢ مليون و٣٠٠ ألف=money:2300000']);
  });

  it('lets neither part stand for the whole, and passes the whole in any form', () => {
    const source = 'وصل ١٢ ألفا و٥٠٠ مهاجر.';
    expect(gate('Some 12,000 migrants arrived.', source, 'en', 'ar')).toEqual(['12,000']);
    expect(gate('Some 500 migrants arrived.', source, 'en', 'ar')).toEqual(['500']);
    expect(gate('Some 12,500 migrants arrived.', source, 'en', 'ar')).toEqual([]);
    expect(gate('وصل ١٢ ألفا و٥٠٠ مهاجر.', 'Some 12,500 migrants arrived.', 'ar', 'en')).toEqual([]);
    expect(gate('۱۲ هزار و ۵۰۰ مهاجر رسیدند.', 'Some 12,500 migrants arrived.', 'fa', 'en')).toEqual([]);
    expect(gate('وصل ١٢ ألفا و٦٠٠ مهاجر.', 'Some 12,500 migrants arrived.', 'ar', 'en')).toEqual(['١٢ ألفا و٦٠٠']);
  });

  it('reads "بليون" as a billion and a percent sign written before the digits ("٪٦٢")', () => {
    expect(gate('أنفق الاتحاد ٦٢ بليون دولار.', 'The EU spent $62 billion.', 'ar', 'en')).toEqual([]);
    expect(gate('ارتفعت النسبة إلى ٪٦٢.', 'The rate rose to 62%.', 'ar', 'en')).toEqual([]);
    expect(gate('لقي ٪٦٢ حتفهم.', '62 people died.', 'ar', 'en')).toEqual(['٦٢']);
  });
});

describe('"one" as a casualty figure', () => {
  const gate = (summary: string, source: string, language: string) =>
    checkFaithfulness(summary, [{ text: source, language: 'en' }], { language }).map((t) => t.text);

  it('reads "one person", "only one", "un seul", "شخص واحد", "یک نفر" as a count of one', () => {
    expect(gate('One person died.', 'Two people died.', 'en')).toEqual(['One']);
    expect(gate('Only one survived.', 'Two people survived.', 'en')).toEqual(['one']);
    expect(gate('Une seule personne a survécu.', 'Two people survived.', 'fr')).toEqual(['Une']);
    expect(gate('توفي شخص واحد.', 'Two people died.', 'ar')).toEqual(['واحد']);
    expect(gate('یک نفر جان باخت.', 'Two people died.', 'fa')).toEqual(['یک']);
    expect(gate('توفي شخص واحد.', 'One person died.', 'ar')).toEqual([]);
    expect(gate('یک نفر جان باخت.', '1 person died.', 'fa')).toEqual([]);
  });

  it('still reads articles and "one of" as nothing', () => {
    expect(values('one of them, a boat, une personne, un bateau, یک قایق, أحد الناجين', 'en')).toEqual([]);
  });
});

describe('measures: distances, durations and ages are not counts', () => {
  const gate = (summary: string, source: string, language = 'en', sourceLanguage = 'en') =>
    checkFaithfulness(summary, [{ text: source, language: sourceLanguage }], { language }).map((t) => t.text);

  it('reads the unit after the figure, in every language', () => {
    expect(read('62 km, 7 days, a 12-year-old, 3 hours, aged 12', 'en')).toEqual([
      '62=measure:62',
      '7=measure:7',
      '12=measure:12',
      '3=measure:3',
      '12=measure:12',
    ]);
    expect(read('٦٢ كيلومترا و٧ أيام و١٢ عاما', 'ar').map((r) => r.split('=')[1])).toEqual([
      'measure:62',
      'measure:7',
      'measure:12',
    ]);
    expect(read('۶۲ کیلومتر، ۷ روز، ۱۲ ساله', 'fa').map((r) => r.split('=')[1])).toEqual([
      'measure:62',
      'measure:7',
      'measure:12',
    ]);
    expect(
      read('62 kilomètres, 7 jours, 12 ans, 62 kilómetros, 7 días, 12 años', 'fr').map((r) => r.split('=')[1]),
    ).toEqual(['measure:62', 'measure:7', 'measure:12', 'measure:62', 'measure:7', 'measure:12']);
  });

  it('lets no distance, duration or age stand for a count of people', () => {
    expect(gate('62 people died.', 'The boat sank 62 km off the coast; 40 people died.')).toEqual(['62']);
    expect(gate('Twelve people died.', 'A 12-year-old boy was among 40 dead.')).toEqual(['Twelve']);
    expect(gate('لقي ٧ أشخاص حتفهم.', 'They were lost at sea for 7 days; 40 died.', 'ar')).toEqual(['٧']);
    // Nor a distance for a duration.
    expect(gate('They drifted for 62 hours.', 'The boat sank 62 km off the coast.')).toEqual(['62']);
  });

  it('passes the same measure in another language or wording', () => {
    expect(gate('The boat sank 62 kilometres off the coast.', 'The boat sank 62 km off the coast.')).toEqual([]);
    expect(gate('غرق القارب على بعد ٦٢ كيلومترا من الساحل.', 'The boat sank 62 km off the coast.', 'ar')).toEqual([]);
    expect(gate('ظلوا في البحر سبعة أيام.', 'They were lost at sea for 7 days.', 'ar')).toEqual([]);
    expect(gate('A boy aged 12 died.', 'A 12-year-old boy died.')).toEqual([]);
    // Persian "۶۲ کیلومتری" (at 62 km), "۷ روزه" (7-day).
    expect(gate('قایق در ۶۲ کیلومتری ساحل غرق شد.', 'The boat sank 62 km off the coast.', 'fa')).toEqual([]);
    expect(gate('A 12-year-old boy died.', 'A boy, 12 years old, died.')).toEqual([]);
    expect(gate('They waited between 2 and 3 days.', 'They waited 2 to 3 days.')).toEqual([]);
  });
});

describe('Arabic duals', () => {
  const gate = (summary: string, source: string, language: string, sourceLanguage: string) =>
    checkFaithfulness(summary, [{ text: source, language: sourceLanguage }], { language }).map((t) => t.text);

  it('read "شخصان", "قاربين", "للطفلين" as two, and "يومين" as two days', () => {
    expect(read('لقي شخصان حتفهما وغرق قاربين ونجا الطفلين بعد يومين', 'ar')).toEqual([
      'شخصان=count:2',
      'قاربين=count:2',
      'الطفلين=count:2',
      'يومين=measure:2',
    ]);
    // Plurals that share the ending are not duals.
    expect(read('وصل مهاجرين ولاجئين', 'ar')).toEqual([]);
  });

  it('catch a dual for another count, and pass it for two in any language', () => {
    expect(gate('لقي شخصان حتفهما.', 'Three people died.', 'ar', 'en')).toEqual(['شخصان']);
    expect(gate('غرق قاربان قبالة ليبيا.', 'Three boats sank off Libya.', 'ar', 'en')).toEqual(['قاربان']);
    expect(gate('Two people died.', 'لقي شخصان حتفهما.', 'en', 'ar')).toEqual([]);
    expect(gate('They were rescued after two days.', 'أنقذوا بعد يومين.', 'en', 'ar')).toEqual([]);
    expect(gate('Two people died.', 'أنقذوا بعد يومين.', 'en', 'ar')).toEqual(['Two']);
  });
});
