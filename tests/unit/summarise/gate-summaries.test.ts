import { describe, expect, it } from 'vitest';
import { gateSummaries } from '../../../src/summarise/gate-summaries.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

describe('gateSummaries', () => {
  const arabicOnly = fixtures.story(['dev-ar-ays-weekly-2019-06-17-23']);

  it('checks a translation against the source edition, in any digit script', () => {
    const gate = gateSummaries(arabicOnly, {
      ar: { title: 'غرق قارب', summary: 'مقتل ١٢ شخصًا بينهم ثلاثة أطفال وإنقاذ ٣١.', origin: 'source' },
      en: {
        title: 'Boat capsizes off Bodrum',
        summary: '12 people died, including 3 children; 31 were rescued. Each paid 5,000 euros.',
        origin: 'translation',
      },
    });
    expect(gate).toEqual({ ar: [], en: [] });
  });

  it('does not hold an English translation of an Arabic-only story to English spellings of names', () => {
    const gate = gateSummaries(arabicOnly, {
      en: {
        title: 'Caritas camp residents moved',
        summary:
          'Lebanon moved Syrian refugees from the Caritas camp in Deir al-Ahmar to Maqne in the Baalbek Governorate.',
        origin: 'translation',
      },
    });
    expect(gate).toEqual({ en: [] });
  });

  it('flags a wrong figure in a translation', () => {
    const gate = gateSummaries(arabicOnly, {
      en: { title: 'Boat capsizes', summary: '14 people died off Bodrum.', origin: 'translation' },
    });
    expect(gate.en).toEqual([{ text: '14', kind: 'number', sourceSays: '١٢' }]);
  });

  it('lets a translation rely on a source-language summary that passed, never on one that failed', () => {
    const story = fixtures.story(['dev-en-thebadely-libya-boats-capsized']);
    const en = {
      title: 'Boats sink off Libya',
      summary: 'Four people died, the Libyan Red Crescent said.',
      origin: 'source' as const,
    };
    const ar = {
      title: 'غرق قاربين',
      summary: 'قال Libyan Red Crescent إن أربعة أشخاص لقوا حتفهم.',
      origin: 'translation' as const,
    };
    expect(gateSummaries(story, { en, ar })).toEqual({ en: [], ar: [] });

    const enWrong = { ...en, summary: 'Seven died, the Tripoli Rescue Unit said.' };
    const arWrong = { ...ar, summary: 'قال Tripoli Rescue Unit إن أربعة أشخاص لقوا حتفهم.' };
    const gate = gateSummaries(story, { en: enWrong, ar: arWrong });
    expect(gate.en).toEqual([{ text: 'Tripoli Rescue Unit', kind: 'name' }]);
    expect(gate.ar).toEqual([{ text: 'Tripoli Rescue Unit', kind: 'name' }]);
  });

  // Summaries as a model would write them: a false alarm costs a regeneration and a misleading warning.
  it.each([
    [
      ['dev-en-ays-weekend-2019-05-25-26', 'dev-ar-ays-weekly-2019-05-20-26'],
      {
        en: {
          title: 'Police Use Tear Gas on Samos Protesters; Lebanon Deports 16 Syrians',
          summary:
            'Refugees protesting conditions in the Samos camp were met with tear gas and police batons on Saturday morning. Lebanon summarily deported at least 16 Syrians on arrival at Beirut airport on 26 April 2019, according to Human Rights Watch; at least five were registered with UNHCR and 13 feared torture. About 60 young refugees were arrested in Nador, according to the Moroccan Association for Human Rights.',
          origin: 'source',
        },
        ar: {
          title: 'لبنان يرحّل 16 سوريًا من مطار بيروت',
          summary:
            'رحّل لبنان بإجراءات موجزة 16 سوريًا على الأقل عند وصولهم إلى مطار بيروت في 26 أبريل/نيسان 2019، خمسة منهم على الأقل مسجلون لدى المفوضية، وأعرب 13 منهم عن خوفهم من التعذيب.',
          origin: 'source',
        },
      },
    ],
    [
      ['seed-accra-gcm-dialogue-ar'],
      {
        ar: {
          title: 'حوار إقليمي في أكرا حول الاتفاق العالمي للهجرة',
          summary:
            'استضافت حكومة غانا في أكرا من 28 إلى 30 نوفمبر حوارا إقليميا للدول الرائدة في الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية، بمشاركة ممثلين من 28 دولة.',
          origin: 'source',
        },
        en: {
          title: 'Accra Hosts Cross-Regional Dialogue of Global Compact Champion Countries',
          summary:
            'From 28 to 30 November, the Government of Ghana hosted a regional dialogue in Accra for champion countries of the Global Compact for Safe, Orderly and Regular Migration, with representatives of 28 countries. IOM Director General Amy Pope said stronger cooperation across regions saves lives. Morocco and El Salvador co-chair the initiative.',
          origin: 'translation',
        },
      },
    ],
    [
      ['dev-fr-courrierinternational-libye-migrants'],
      {
        fr: {
          title: 'Comment l’Europe et la Libye laissent mourir les migrants en mer',
          summary:
            "Le 6 novembre 2017, une embarcation transportant 150 migrants partis de Tripoli a sombré. Avec Forensic Oceanography et Forensic Architecture, le New York Times a retracé ce drame dans une enquête vidéo. Depuis l'accord de février 2017 entre la Libye et l'Italie, le travail des ONG de sauvetage est devenu extrêmement difficile.",
          origin: 'source',
        },
        en: {
          title: 'How Europe and Libya Let Migrants Drown at Sea',
          summary:
            'On 6 November 2017, a boat carrying 150 migrants who had left Tripoli sank. With Forensic Oceanography and Forensic Architecture, The New York Times reconstructed the tragedy in a video investigation. Since the February 2017 agreement between Libya and Italy, the work of rescue NGOs has become extremely difficult.',
          origin: 'translation',
        },
      },
    ],
    [
      ['dev-en-ays-daily-2019-06-17', 'dev-ar-ays-weekly-2019-06-17-23', 'dev-fa-ays-weekly-2019-06-17-23'],
      {
        en: {
          title: 'Bosnian Police Raid Houses Hosting Migrants',
          summary:
            'Police are raiding houses hosting migrants around Bihać and Velika Kladuša and found 130 people in one house; another 150 were transferred to tents at Vučjak. The Lebanese government moved residents of the Caritas camp in Deir al-Ahmar to Maqne in the Baalbek governorate.',
          origin: 'source',
        },
        ar: {
          title: 'غرق قارب قبالة بودروم',
          summary:
            'انقلب قارب يحمل 43 شخصًا قبالة بودروم في تركيا في 17 يونيو، ما أسفر عن مقتل 12 شخصًا بينهم 3 أطفال، وتم إنقاذ 31 شخصًا دفع كل منهم 5000 يورو.',
          origin: 'source',
        },
        fa: {
          title: 'واژگونی قایق در ترکیه',
          summary:
            'قایقی در ساحل ترکیه واژگون شد؛ دوازده نفر کشته و ۳۱ تن نجات یافتند. هر یک ۵۰۰۰ یورو برای این سفر پرداخته بودند.',
          origin: 'source',
        },
      },
    ],
  ] as const)('raises no false alarm on faithful summaries of %s', (ids, text) => {
    const gate = gateSummaries(fixtures.story([...ids]), text);
    for (const tokens of Object.values(gate)) expect(tokens).toEqual([]);
  });
});
