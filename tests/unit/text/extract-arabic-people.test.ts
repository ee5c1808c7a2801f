import { describe, expect, it } from 'vitest';
import { extractArabicPeople } from '../../../src/text/extract-arabic-people.js';
import { arabicOrganisationsIn } from '../../../src/text/find-arabic-organisations.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

const orgs = (text: string) => arabicOrganisationsIn(text).map((o) => [o.written, o.aliases[0]]);

describe('people named in Arabic script', () => {
  it('finds a name after a title, passing over the office and the organisation', () => {
    expect(extractArabicPeople('قال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن 62 شخصا لقوا حتفهم.')).toEqual([
      'أنطونيو غوتيريش',
    ]);
    expect(extractArabicPeople('وقال المتحدث باسم المنظمة الدولية للهجرة فلافيو دي جاكومو إن القارب انقلب.')).toEqual([
      'فلافيو دي جاكومو',
    ]);
    expect(extractArabicPeople('قال المدير العام لمنظمة الصحة العالمية تيدروس أدهانوم غيبريسوس إن')).toEqual([
      'تيدروس أدهانوم غيبريسوس',
    ]);
    expect(extractArabicPeople('قالت رئيسة الوزراء الإيطالية جورجيا ميلوني إن')).toEqual(['جورجيا ميلوني']);
    // A known place after the title is part of the office: "رئيس بلدية لامبيدوزا".
    const isPlace = (word: string) => word === 'لامبيدوزا';
    expect(extractArabicPeople('قال رئيس بلدية لامبيدوزا فيليبو مانينو إن', { isPlace })).toEqual(['فيليبو مانينو']);
    expect(extractArabicPeople('قال عبد الحميد الدبيبة رئيس حكومة الوحدة الوطنية إن')).toEqual(['عبد الحميد الدبيبة']);
  });

  it('finds a name directly after a verb of saying when the clause goes on from it', () => {
    expect(extractArabicPeople('قال غوتيريش إن الوضع خطير.')).toEqual(['غوتيريش']);
    expect(extractArabicPeople('قال بشار الأسد إن')).toEqual(['بشار الأسد']);
  });

  it('reads the names of real IOM and AYS texts, and nothing else there', () => {
    // Every candidate the extractor finds in these published texts, checked by hand: people, and one group's name
    // ("Migrants Solidarity Wilson", a name all the same, checked by sound like a person's).
    expect(extractArabicPeople(fixtures.article('seed-accra-gcm-dialogue-ar').text)).toEqual([
      'إيمي بوب',
      'سفيان القدميري',
      'خوسيه روبرتو تشافيز',
    ]);
    expect(extractArabicPeople(fixtures.article('dev-ar-ays-weekly-2019-06-17-23').text)).toEqual([
      'مهاجرو سوليداريتي ويلسون',
    ]);
    expect(extractArabicPeople(fixtures.article('dev-ar-ays-weekly-2019-05-06-12').text)).toEqual(['سالي هايدن']);
  });

  it('does not read the words that usually follow a title or a verb of saying as names', () => {
    for (const text of [
      'قال إن هذا كان كافيًا.',
      'قالت إنها ستواصل العمل.',
      'ذكرت وزارة الأمن في البوسنة أن 40 شخصا وصلوا.',
      'قال مسؤولون إن 40 شخصا فقدوا.',
      'دعا مجلس الأمن التابع للأمم المتحدة إلى التحقيق.',
      'وقال وزير الداخلية الكرواتي ، أثناء زيارته للحدود',
      'اليونان وصفت دراسة أجرتها منظمة محلية الأوضاع.',
      'أفادت شركة (منبه الموبايل) أن تسعة أشخاص وصلوا.',
      'طالبت ثماني منظمات حقوقية السلطات اللبنانية بضمان حق الدفاع.',
      'كان هناك ١٦١٠٨ لاجئ وطالب لجوء ومهاجرون تقطعت بهم السبل.',
      'قالت المفوضية الأوروبية إن',
      'أعلنت منظمة أطباء بلا حدود أن',
    ]) {
      expect(extractArabicPeople(text), text).toEqual([]);
    }
  });

  it('leaves Persian text alone (its sentences put names elsewhere)', () => {
    expect(extractArabicPeople('این اطلاعات از وزارت داخله فدرال دریافت شده است')).toEqual([]);
  });
});

describe('organisations named in Arabic script', () => {
  it('finds known organisations wherever they stand, with a conjunction or preposition glued on', () => {
    expect(orgs('قالت المفوضية إن 12 شخصا غرقوا')).toEqual([['المفوضية', 'UNHCR']]);
    expect(orgs('وفق بيان للمنظمة الدولية للهجرة واليونيسف')).toEqual([
      ['للمنظمة الدولية للهجرة', 'IOM'],
      ['واليونيسف', 'UNICEF'],
    ]);
    // The longest name wins: UNHCR, not the UN inside its name.
    expect(orgs('أكدت مفوضية الأمم المتحدة لشؤون اللاجئين ذلك')).toEqual([
      ['مفوضية الأمم المتحدة لشؤون اللاجئين', 'UNHCR'],
    ]);
  });

  it('tells UNHCR from another commission, and a kind of organisation from one organisation', () => {
    expect(orgs('قالت المفوضية الأوروبية إن')).toEqual([]);
    expect(orgs('أعلنت المفوضية العليا للانتخابات النتائج')).toEqual([]);
    expect(orgs('قالت المفوضية السامية لحقوق الإنسان إن')).toEqual([['المفوضية السامية لحقوق الإنسان', 'OHCHR']]);
    expect(orgs('قالت منظمات غير حكومية إن')).toEqual([]);
  });
});
