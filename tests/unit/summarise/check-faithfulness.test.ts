import { describe, expect, it } from 'vitest';
import { checkFaithfulness } from '../../../src/summarise/check-faithfulness.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

const libya = fixtures.article('dev-en-thebadely-libya-boats-capsized');
const libyaRefs = [libya.title, libya.text];
const bodrumAr = fixtures.article('dev-ar-ays-weekly-2019-06-17-23');
const bodrumEn = fixtures.article('dev-en-ays-daily-2019-06-17');

describe('checkFaithfulness', () => {
  it('accepts a faithful English summary', () => {
    const summary =
      'At least four people died after two boats carrying nearly 100 migrants capsized off Libya, the Libyan Red Crescent said. More than 1,500 people have died or gone missing in the Mediterranean in 2025, according to the IOM.';
    expect(checkFaithfulness(summary, libyaRefs)).toEqual([]);
  });

  it('catches a wrong casualty figure', () => {
    const summary = 'At least 40 people died after two boats carrying nearly 100 migrants capsized off Libya.';
    expect(checkFaithfulness(summary, libyaRefs)).toEqual([{ text: '40', kind: 'number', sourceSays: 'four' }]);
  });

  it('reads French and Spanish money after a multiplier ("millions d\'euros", "millones de dólares"), both ways', () => {
    const fr = [
      { text: "L'ONU demande 2,5 millions d'euros et 3 millions de dollars pour les migrants.", language: 'fr' },
    ];
    const es = [{ text: 'La ONU pide 2,5 millones de euros y 3 millones de dólares.', language: 'es' }];
    const en = [{ text: 'The UN asks for 2.5 million euros and $3 million for migrants.', language: 'en' }];
    for (const refs of [fr, es]) {
      expect(checkFaithfulness('The UN asks for 2.5 million euros and $3 million.', refs, { language: 'en' })).toEqual(
        [],
      );
      expect(
        checkFaithfulness('The UN asks for €2.5 million and 3 million dollars.', refs, { language: 'en' }),
      ).toEqual([]);
    }
    expect(
      checkFaithfulness("L'ONU demande 2,5 millions d’euros et 3 millions de dollars.", en, { language: 'fr' }),
    ).toEqual([]);
    expect(
      checkFaithfulness('La ONU pide 2,5 millones de euros y 3 millones de dólares.', en, { language: 'es' }),
    ).toEqual([]);
    // A wrong amount is still caught, and a people count is not read as money.
    expect(checkFaithfulness('The UN asks for 25 million euros and $3 million.', fr, { language: 'en' })).not.toEqual(
      [],
    );
    expect(
      checkFaithfulness('Some 3 million people are displaced.', [{ text: '3 millions de déplacés.', language: 'fr' }], {
        language: 'en',
      }),
    ).toEqual([]);
  });

  it('compares Arabic-Indic digits by value, both ways', () => {
    expect(checkFaithfulness('لقي ٤ أشخاص حتفهم بعد غرق قاربين يحملان نحو ١٠٠ مهاجر قبالة ليبيا.', libyaRefs)).toEqual(
      [],
    );
    expect(checkFaithfulness('لقي ٤٠ شخصًا حتفهم قبالة ليبيا.', libyaRefs)).toEqual([
      { text: '٤٠', kind: 'number', sourceSays: '26' },
    ]);
    // The Arabic source writes ١٢ and ٣١; an English summary writes 12 and 31.
    expect(
      checkFaithfulness('A boat capsized off Bodrum: 12 dead including 3 children, 31 rescued.', [bodrumAr.text]),
    ).toEqual([]);
    expect(checkFaithfulness('A boat capsized off Bodrum: 13 dead, 31 rescued.', [bodrumAr.text])).toEqual([
      { text: '13', kind: 'number', sourceSays: '١٢' },
    ]);
  });

  it('understands thousands separators in every script and number words in the source', () => {
    const refs = [
      'They paid 5,000 euros each; 1.200 people waited; ١٬٥٠٠ arrived; three children died; 1.5 million were displaced.',
    ];
    for (const ok of [
      '5000 euros',
      '5.000 euros',
      '1,200 people',
      '١٢٠٠ people',
      '1500 arrived',
      '3 children',
      '1,500,000 displaced',
    ]) {
      expect(checkFaithfulness(ok, refs), ok).toEqual([]);
    }
    expect(checkFaithfulness('4 children', refs)).toEqual([{ text: '4', kind: 'number', sourceSays: 'three' }]);
  });

  it('checks dates as calendar dates across languages', () => {
    // "AYS Daily Digest 17/06/19" supports 17 June 2019 written in Arabic.
    expect(checkFaithfulness('في 17 يونيو 2019 انقلب قارب.', [bodrumEn.title, bodrumEn.text])).toEqual([]);
    expect(checkFaithfulness('On 15 November, boats sank.', [...libyaRefs, '2025-11-16T01:58:03'])).toEqual([
      { text: '15 November', kind: 'date' },
    ]);
    expect(checkFaithfulness('On 16 November 2025, boats sank.', [...libyaRefs, '2025-11-16T01:58:03'])).toEqual([]);
  });

  it('catches invented names and acronyms, and accepts known organisations named in another language', () => {
    const bad = checkFaithfulness('The Libyan Coast Guard and UNHCR said boats sank off Libya.', libyaRefs);
    expect(bad).toEqual([
      { text: 'Libyan Coast Guard', kind: 'name' },
      { text: 'UNHCR', kind: 'name' },
    ]);
    // The Arabic source names the UN refugee agency in Arabic only.
    expect(checkFaithfulness('يقول لاجئون إن UNHCR لم تقدم أي نشاط في المخيم.', [bodrumAr.text])).toEqual([]);
    // Latin-script names in an Arabic summary are checked.
    expect(checkFaithfulness('قالت منظمة Sea Rescue International إن ٤ أشخاص لقوا حتفهم.', libyaRefs)).toEqual([
      { text: 'Sea Rescue International', kind: 'name' },
    ]);
  });

  it('accepts a name whose words appear together in the source, in another spelling', () => {
    expect(
      checkFaithfulness('The Greek Coast Guard rescued 31 people.', [
        'The Greek coastguard said 31 people were rescued.',
      ]),
    ).toEqual([]);
  });

  it('does not read a Title Case headline as a string of names, but still checks its figures', () => {
    expect(
      checkFaithfulness('At Least Four Dead After Migrant Boats Sink Off Libyan Coast\nFour people died.', libyaRefs),
    ).toEqual([]);
    expect(checkFaithfulness('At Least 40 Dead After Migrant Boats Sink Off Libyan Coast', libyaRefs)).toEqual([
      { text: '40', kind: 'number', sourceSays: 'four' },
    ]);
  });

  it('does not let a label number (week 23, Article 14, resolution 2240, flight 1923) support a count, and passes the label itself', () => {
    const flagged = (summary: string, source: string, language = 'en') =>
      checkFaithfulness(summary, [{ text: source, language }], { language }).map((t) => t.text);
    expect(flagged('23 people died.', 'Week 23: 40 people died.')).toEqual(['23']);
    expect(flagged('23 people died.', 'In week 23, 40 people died at sea.')).toEqual(['23']);
    expect(flagged('23 personnes sont mortes.', 'Semaine 23 : 40 personnes sont mortes.', 'fr')).toEqual(['23']);
    expect(flagged('14 people were deported.', 'Under Article 14, 40 people were deported.')).toEqual(['14']);
    expect(flagged('2,240 people arrived.', 'Under UN resolution 2240, 40 people arrived.')).toEqual(['2,240']);
    expect(flagged('1,923 people arrived.', 'Flight 1923 carried 40 people.')).toEqual(['1,923']);
    expect(flagged('توفي ٢٣ شخصا.', 'في الأسبوع 23، توفي 40 شخصا.', 'ar')).toEqual(['٢٣']);
    // The label itself, and counts next to label words, still pass.
    expect(flagged('In week 23, 40 people died.', 'Week 23: 40 people died.')).toEqual([]);
    expect(flagged('Article 14 says 40 people were deported.', 'Under Article 14, 40 people were deported.')).toEqual(
      [],
    );
    expect(flagged('Over the past week 40 people arrived.', '40 people arrived over the past week.')).toEqual([]);
    expect(flagged('40 people arrived over the past week.', 'Over the past week 40 people arrived.')).toEqual([]);
    expect(
      flagged('La semaine dernière, 40 personnes sont arrivées.', 'Cette semaine 40 personnes sont arrivées.', 'fr'),
    ).toEqual([]);
  });

  it('reads a range by its last figure\'s unit: "between 20 and 30 per cent" is two percentages, "2 to 3 million" two millions', () => {
    const flagged = (summary: string, source: string, language = 'en') =>
      checkFaithfulness(summary, [{ text: source, language }], { language }).map((t) => t.text);
    expect(flagged('Between 20% and 30% were children.', 'Between 20 and 30 per cent were children.')).toEqual([]);
    expect(flagged('Between 20 and 30% were children.', 'Between 20% and 30% were children.')).toEqual([]);
    expect(
      flagged('Entre 20 % et 30 % étaient des enfants.', 'Between 20 and 30 per cent were children.', 'fr'),
    ).toEqual([]);
    expect(flagged('ما بين ٢٠٪ و٣٠٪ من الأطفال.', 'Between 20 and 30 per cent were children.', 'ar')).toEqual([]);
    expect(flagged('Some 2 million people left.', 'Between 2 and 3 million people left.')).toEqual([]);
    expect(flagged('Between 2 million and 3 million people left.', 'Between 2 and 3 million people left.')).toEqual([]);
    // The first figure of the range is no longer a count of 20 people or 2 people.
    expect(flagged('20 children were among them.', 'Between 20 and 30 per cent were children.')).toEqual(['20']);
    expect(flagged('Between 2,000 and 3 million people left.', 'Between 2 and 3 million people left.')).toEqual([
      '2,000',
    ]);
    // Counts side by side are not a range: "40 people and 30%" keeps 40 people.
    expect(flagged('40 people died.', '40 people died and 30% were injured.')).toEqual([]);
  });

  it('checks a weekday in every language against the weekdays and full dates of the source', () => {
    const flagged = (summary: string, source: string, language: string) =>
      checkFaithfulness(summary, [{ text: source, language: 'en' }], { language }).map((t) => `${t.kind}:${t.text}`);
    const source = 'The boat capsized off Libya on Saturday, rescue workers said.';
    expect(flagged('The boat capsized off Libya on Sunday.', source, 'en')).toEqual(['date:Sunday']);
    expect(flagged('انقلب القارب قبالة ليبيا يوم الأحد.', source, 'ar')).toEqual(['date:يوم الأحد']);
    expect(flagged('Le bateau a chaviré au large de la Libye dimanche.', source, 'fr')).toEqual(['date:dimanche']);
    expect(flagged('El barco volcó frente a Libia el domingo.', source, 'es')).toEqual(['date:domingo']);
    expect(flagged('قایق روز یکشنبه در نزدیکی لیبی واژگون شد.', source, 'fa')).toEqual(['date:یکشنبه']);
    for (const [summary, language] of [
      ['The boat capsized off Libya on Saturday.', 'en'],
      ['انقلب القارب قبالة ليبيا يوم السبت.', 'ar'],
      ['Le bateau a chaviré au large de la Libye samedi.', 'fr'],
      ['El barco volcó frente a Libia el sábado.', 'es'],
      ['قایق روز شنبه در نزدیکی لیبی واژگون شد.', 'fa'],
    ] as const) {
      expect(flagged(summary, source, language), summary).toEqual([]);
    }
    // A full date of the source gives its weekday (15 November 2025 was a Saturday).
    expect(flagged('Boats sank off Libya on Saturday.', 'Boats sank off Libya on 15 November 2025.', 'en')).toEqual([]);
    expect(flagged('Boats sank off Libya on Friday.', 'Boats sank off Libya on 15 November 2025.', 'en')).toEqual([
      'date:Friday',
    ]);
    // "الأحد" without "يوم" is also "one", "الاثنين" also "the two": not read as weekdays in a summary.
    expect(flagged('قال أحد الناجين إن الاثنين نجوا قبالة ليبيا.', 'Two survivors off Libya, one said.', 'ar')).toEqual(
      [],
    );
  });

  it('reads days written as ordinal words ("the fourth of June", "الرابع من يونيو", "le premier juin")', () => {
    const flagged = (summary: string, language: string) =>
      checkFaithfulness(summary, [{ text: 'On 3 June a boat sank; on 21 June another.', language: 'en' }], {
        language,
      }).map((t) => t.text);
    expect(flagged('في الرابع من يونيو غرق قارب.', 'ar')).toEqual(['الرابع من يونيو']);
    expect(flagged('On the fourth of June a boat sank.', 'en')).toEqual(['fourth of June']);
    expect(flagged('Le premier juin, un bateau a coulé.', 'fr')).toEqual(['premier juin']);
    expect(flagged('في الثالث من شهر يونيو غرق قارب.', 'ar')).toEqual([]);
    expect(flagged('On the third of June a boat sank, on the twenty-first of June another.', 'en')).toEqual([]);
    expect(flagged('في الحادي والعشرين من يونيو غرق قارب آخر.', 'ar')).toEqual([]);
    expect(flagged('في الثالث عشر من يونيو غرق قارب.', 'ar')).toEqual(['الثالث عشر من يونيو']);
  });

  it('reads Persian names of the Gregorian months ("۳ ژوئن", "ژوئیه ۲۰۱۹")', () => {
    const flagged = (summary: string, source: string) =>
      checkFaithfulness(summary, [{ text: source, language: 'en' }], { language: 'fa' }).map((t) => t.text);
    expect(flagged('در ژوئیه ۲۰۱۹، ۴۰ نفر غرق شدند.', 'In June 2019, 40 people drowned.')).toEqual(['ژوئیه ۲۰۱۹']);
    expect(flagged('در ژوئن ۲۰۱۹، ۴۰ نفر غرق شدند.', 'In June 2019, 40 people drowned.')).toEqual([]);
    expect(flagged('در ۱۷ ژوئن ۲۰۱۹ قایقی غرق شد.', 'On 17 June 2019 a boat sank.')).toEqual([]);
    expect(flagged('در ۱۸ ژوئن ۲۰۱۹ قایقی غرق شد.', 'On 17 June 2019 a boat sank.')).toEqual(['۱۸ ژوئن ۲۰۱۹']);
  });

  it("flags rounded and computed figures by design: the summary must use the source's own figure", () => {
    const flagged = (summary: string, source: string) =>
      checkFaithfulness(summary, [{ text: source, language: 'en' }], { language: 'en' }).map((t) => t.text);
    // "nearly 1,000" for 962 may be fair, "more than 60" for 62 too; a wrong figure would pass the same way.
    expect(flagged('Nearly 1,000 migrants were rescued.', 'Some 962 migrants were rescued.')).toEqual(['1,000']);
    expect(flagged('More than 60 people died.', 'At least 62 people died.')).toEqual(['60']);
    // A total the model adds up itself (26 + 70).
    expect(flagged('The boats carried 96 people.', 'One boat carried 26 people, the other 70.')).toEqual(['96']);
    // "Hundreds" stands on 962 (a count of that order), "thousands" does not.
    expect(flagged('Hundreds of migrants were rescued.', 'Some 962 migrants were rescued.')).toEqual([]);
    expect(flagged('Thousands of migrants were rescued.', 'Some 962 migrants were rescued.')).toEqual(['Thousands']);
  });

  it('accepts date ranges written either way', () => {
    const refs = ['AYS Weekly News Summary in Arabic, June 17–23'];
    expect(checkFaithfulness('Between 17 and 23 June, and again on June 23.', refs)).toEqual([]);
    expect(checkFaithfulness('On 24 June.', refs)).toEqual([{ text: '24 June', kind: 'date' }]);
  });

  it('ignores sentence-initial words and the digits of URLs', () => {
    expect(checkFaithfulness('The boats sank. On Saturday, rescue workers said so.', libyaRefs)).toEqual([]);
    expect(checkFaithfulness('Details at https://example.org/2099/77 were not given.', libyaRefs)).toEqual([]);
  });
});
