/**
 * A generated corpus for the figure gate's name check across scripts (SPEC 5.2: "Named places, organisations and
 * people are checked in Latin and Arabic script"): Arabic summaries that name people and organisations, against
 * English, French, Spanish or Arabic sources. A faithful case names who the source names (as Arabic media write
 * the name: "أنطونيو غوتيريش" for António Guterres); a corrupted case names someone or something else, as a model
 * that mixes up names would. Spellings are the ones Arabic news sites use, written here by hand: they are not taken
 * from the lists the check itself uses.
 */

interface Person {
  latin: string;
  /** How a source names them after the first mention. */
  surname: string;
  arabic: string;
  /** The Arabic summary's title for them, and the source's, in en / fr / es. */
  title: { ar: string; en: string; fr: string; es: string };
  /** "السيد" or "السيدة". */
  honorific: string;
}

const UN_CHIEF = {
  ar: 'الأمين العام للأمم المتحدة',
  en: 'UN Secretary-General',
  fr: "secrétaire général de l'ONU",
  es: 'secretario general de la ONU',
};
const IOM_HEAD = {
  ar: 'المديرة العامة للمنظمة الدولية للهجرة',
  en: 'IOM Director General',
  fr: "directrice générale de l'OIM",
  es: 'directora general de la OIM',
};
const IOM_SPOKES = {
  ar: 'المتحدث باسم المنظمة الدولية للهجرة',
  en: 'IOM spokesperson',
  fr: "porte-parole de l'OIM",
  es: 'portavoz de la OIM',
};
const UNHCR_HEAD = {
  ar: 'المفوض السامي للأمم المتحدة لشؤون اللاجئين',
  en: 'UN High Commissioner for Refugees',
  fr: 'Haut Commissaire des Nations unies pour les réfugiés',
  es: 'Alto Comisionado de las Naciones Unidas para los Refugiados',
};
const UNHCR_SPOKES = {
  ar: 'المتحدث باسم المفوضية',
  en: 'UNHCR spokesperson',
  fr: 'porte-parole du HCR',
  es: 'portavoz de ACNUR',
};
const role = (ar: string, en: string, fr: string, es: string) => ({ ar, en, fr, es });

export const PEOPLE: readonly Person[] = [
  { latin: 'António Guterres', surname: 'Guterres', arabic: 'أنطونيو غوتيريش', title: UN_CHIEF, honorific: 'السيد' },
  { latin: 'Filippo Grandi', surname: 'Grandi', arabic: 'فيليبو غراندي', title: UNHCR_HEAD, honorific: 'السيد' },
  { latin: 'Amy Pope', surname: 'Pope', arabic: 'إيمي بوب', title: IOM_HEAD, honorific: 'السيدة' },
  {
    latin: 'Volker Türk',
    surname: 'Türk',
    arabic: 'فولكر تورك',
    title: role(
      'المفوض السامي لحقوق الإنسان',
      'UN human rights chief',
      "Haut-Commissaire de l'ONU aux droits de l'homme",
      'Alto Comisionado de la ONU para los Derechos Humanos',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Catherine Russell',
    surname: 'Russell',
    arabic: 'كاثرين راسل',
    title: role('المديرة التنفيذية لليونيسف', 'UNICEF chief', "directrice de l'UNICEF", 'directora de UNICEF'),
    honorific: 'السيدة',
  },
  {
    latin: 'Cindy McCain',
    surname: 'McCain',
    arabic: 'سيندي ماكين',
    title: role(
      'المديرة التنفيذية لبرنامج الأغذية العالمي',
      'WFP chief',
      'directrice du Programme alimentaire mondial',
      'directora del Programa Mundial de Alimentos',
    ),
    honorific: 'السيدة',
  },
  {
    latin: 'Giorgia Meloni',
    surname: 'Meloni',
    arabic: 'جورجيا ميلوني',
    title: role(
      'رئيسة الوزراء الإيطالية',
      'Italian Prime Minister',
      'Première ministre italienne',
      'primera ministra italiana',
    ),
    honorific: 'السيدة',
  },
  {
    latin: 'Matteo Piantedosi',
    surname: 'Piantedosi',
    arabic: 'ماتيو بيانتيدوسي',
    title: role(
      'وزير الداخلية الإيطالي',
      'Italian Interior Minister',
      "ministre italien de l'Intérieur",
      'ministro del Interior italiano',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Emmanuel Macron',
    surname: 'Macron',
    arabic: 'إيمانويل ماكرون',
    title: role('الرئيس الفرنسي', 'French President', 'président français', 'presidente francés'),
    honorific: 'السيد',
  },
  {
    latin: 'Recep Tayyip Erdoğan',
    surname: 'Erdoğan',
    arabic: 'رجب طيب أردوغان',
    title: role('الرئيس التركي', 'Turkish President', 'président turc', 'presidente turco'),
    honorific: 'السيد',
  },
  {
    latin: 'Kyriakos Mitsotakis',
    surname: 'Mitsotakis',
    arabic: 'كيرياكوس ميتسوتاكيس',
    title: role('رئيس الوزراء اليوناني', 'Greek Prime Minister', 'Premier ministre grec', 'primer ministro griego'),
    honorific: 'السيد',
  },
  {
    latin: 'Kais Saied',
    surname: 'Saied',
    arabic: 'قيس سعيد',
    title: role('الرئيس التونسي', 'Tunisian President', 'président tunisien', 'presidente tunecino'),
    honorific: 'السيد',
  },
  {
    latin: 'Abdul Hamid Dbeibah',
    surname: 'Dbeibah',
    arabic: 'عبد الحميد الدبيبة',
    title: role('رئيس الحكومة الليبية', 'Libyan Prime Minister', 'Premier ministre libyen', 'primer ministro libio'),
    honorific: 'السيد',
  },
  {
    latin: 'Khalifa Haftar',
    surname: 'Haftar',
    arabic: 'خليفة حفتر',
    title: role('القائد العسكري الليبي', 'Libyan commander', 'maréchal libyen', 'mariscal libio'),
    honorific: 'السيد',
  },
  {
    latin: 'Ylva Johansson',
    surname: 'Johansson',
    arabic: 'إيلفا يوهانسون',
    title: role(
      'المفوضة الأوروبية للشؤون الداخلية',
      'EU Home Affairs Commissioner',
      'commissaire européenne aux Affaires intérieures',
      'comisaria europea de Interior',
    ),
    honorific: 'السيدة',
  },
  {
    latin: 'Flavio Di Giacomo',
    surname: 'Di Giacomo',
    arabic: 'فلافيو دي جاكومو',
    title: IOM_SPOKES,
    honorific: 'السيد',
  },
  { latin: 'Safa Msehli', surname: 'Msehli', arabic: 'صفاء مسهلي', title: IOM_SPOKES, honorific: 'السيدة' },
  { latin: 'William Spindler', surname: 'Spindler', arabic: 'ويليام سبيندلر', title: UNHCR_SPOKES, honorific: 'السيد' },
  {
    latin: 'Olaf Scholz',
    surname: 'Scholz',
    arabic: 'أولاف شولتس',
    title: role('المستشار الألماني', 'German Chancellor', 'chancelier allemand', 'canciller alemán'),
    honorific: 'السيد',
  },
  {
    latin: 'Keir Starmer',
    surname: 'Starmer',
    arabic: 'كير ستارمر',
    title: role(
      'رئيس الوزراء البريطاني',
      'British Prime Minister',
      'Premier ministre britannique',
      'primer ministro británico',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Pedro Sánchez',
    surname: 'Sánchez',
    arabic: 'بيدرو سانشيز',
    title: role(
      'رئيس الوزراء الإسباني',
      'Spanish Prime Minister',
      'président du gouvernement espagnol',
      'presidente del Gobierno español',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Viktor Orbán',
    surname: 'Orbán',
    arabic: 'فيكتور أوربان',
    title: role(
      'رئيس الوزراء المجري',
      'Hungarian Prime Minister',
      'Premier ministre hongrois',
      'primer ministro húngaro',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Martin Griffiths',
    surname: 'Griffiths',
    arabic: 'مارتن غريفيثس',
    title: role(
      'منسق الأمم المتحدة للشؤون الإنسانية',
      'UN aid chief',
      "chef de l'humanitaire de l'ONU",
      'jefe humanitario de la ONU',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Philippe Lazzarini',
    surname: 'Lazzarini',
    arabic: 'فيليب لازاريني',
    title: role(
      'المفوض العام للأونروا',
      'UNRWA chief',
      "commissaire général de l'UNRWA",
      'comisionado general de la UNRWA',
    ),
    honorific: 'السيد',
  },
  {
    latin: 'Tedros Adhanom Ghebreyesus',
    surname: 'Tedros',
    arabic: 'تيدروس أدهانوم غيبريسوس',
    title: role(
      'المدير العام لمنظمة الصحة العالمية',
      'WHO Director-General',
      "directeur général de l'OMS",
      'director general de la OMS',
    ),
    honorific: 'السيد',
  },
];

interface Organisation {
  /** How the source names it, in en / fr / es. */
  en: string;
  fr: string;
  es: string;
  /** How an Arabic summary names it. */
  arabic: string;
  /** The UN stands on any UN agency and the EU on Frontex (the umbrella rule), so neither is the wrong name for one. */
  family?: 'un' | 'eu';
}

export const ORGANISATIONS: readonly Organisation[] = [
  {
    en: 'the International Organization for Migration (IOM)',
    fr: "l'OIM",
    es: 'la OIM',
    arabic: 'المنظمة الدولية للهجرة',
    family: 'un',
  },
  { en: 'UNHCR', fr: 'le HCR', es: 'ACNUR', arabic: 'المفوضية', family: 'un' },
  { en: 'UNICEF', fr: "l'UNICEF", es: 'UNICEF', arabic: 'اليونيسف', family: 'un' },
  {
    en: 'the World Food Programme',
    fr: 'le Programme alimentaire mondial',
    es: 'el PMA',
    arabic: 'برنامج الأغذية العالمي',
    family: 'un',
  },
  { en: 'UNRWA', fr: "l'UNRWA", es: 'la UNRWA', arabic: 'الأونروا', family: 'un' },
  { en: 'Frontex', fr: 'Frontex', es: 'Frontex', arabic: 'وكالة فرونتكس', family: 'eu' },
  {
    en: 'the European Union',
    fr: "l'Union européenne",
    es: 'la Unión Europea',
    arabic: 'الاتحاد الأوروبي',
    family: 'eu',
  },
  { en: 'the Red Cross', fr: 'la Croix-Rouge', es: 'la Cruz Roja', arabic: 'الصليب الأحمر' },
  {
    en: 'Doctors Without Borders',
    fr: 'Médecins sans frontières',
    es: 'Médicos Sin Fronteras',
    arabic: 'أطباء بلا حدود',
  },
  { en: 'Human Rights Watch', fr: 'Human Rights Watch', es: 'Human Rights Watch', arabic: 'هيومن رايتس ووتش' },
  {
    en: 'Amnesty International',
    fr: 'Amnesty International',
    es: 'Amnistía Internacional',
    arabic: 'منظمة العفو الدولية',
  },
  { en: 'Sea-Watch', fr: 'Sea-Watch', es: 'Sea-Watch', arabic: 'منظمة سي ووتش' },
];

export interface NameCase {
  summary: string;
  references: string[];
  /** The name the check must flag (corrupted) or must leave alone (faithful), as the summary writes it. */
  name: string;
  variant: string;
}

type Lang = 'en' | 'fr' | 'es' | 'ar';

function personSource(p: Person, lang: Lang): string {
  switch (lang) {
    case 'en':
      return `At least 62 people died when a boat capsized off Libya on Tuesday, the ${p.title.en}, ${p.latin}, said. "We need safe routes," ${p.surname} told reporters.`;
    case 'fr':
      return `Au moins 62 personnes sont mortes mardi au large de la Libye, a déclaré ${p.latin}, ${p.title.fr}.`;
    case 'es':
      return `Al menos 62 personas murieron el martes frente a Libia, dijo ${p.latin}, ${p.title.es}.`;
    case 'ar':
      return `لقي 62 شخصا على الأقل حتفهم قبالة ليبيا يوم الثلاثاء، بحسب ما قال ${p.title.ar} ${p.arabic}.`;
  }
}

/** Ways an Arabic summary names a person: with the title, with an honorific, after a verb of saying, surname only. */
function personSummaries(named: Person, title: Person['title']): Array<[string, string, string]> {
  const surname = named.arabic.split(' ').at(-1) ?? named.arabic;
  return [
    ['title', `قال ${title.ar} ${named.arabic} إن 62 شخصا على الأقل لقوا حتفهم قبالة ليبيا.`, named.arabic],
    [
      'honorific',
      `وقال ${named.honorific} ${named.arabic}، ${title.ar}، إن 62 شخصا لقوا حتفهم قبالة ليبيا.`,
      named.arabic,
    ],
    ['verb', `لقي 62 شخصا حتفهم قبالة ليبيا، وقال ${named.arabic} إن الطرق الآمنة ضرورية.`, named.arabic],
    ['surname', `لقي 62 شخصا حتفهم قبالة ليبيا. وأكد ${surname} أن الطرق الآمنة ضرورية.`, surname],
  ];
}

function organisationSource(o: Organisation, lang: Lang): string {
  switch (lang) {
    case 'en':
      return `At least 62 people died when a boat capsized off Libya on Tuesday, according to ${o.en}.`;
    case 'fr':
      return `Au moins 62 personnes sont mortes mardi au large de la Libye, selon ${o.fr}.`;
    case 'es':
      return `Al menos 62 personas murieron el martes frente a Libia, según ${o.es}.`;
    case 'ar':
      return `لقي 62 شخصا على الأقل حتفهم قبالة ليبيا يوم الثلاثاء، بحسب ${o.arabic}.`;
  }
}

function organisationSummaries(o: Organisation): Array<[string, string]> {
  return [
    ['said', `قالت ${o.arabic} إن 62 شخصا على الأقل لقوا حتفهم قبالة ليبيا.`],
    ['according', `لقي 62 شخصا حتفهم قبالة ليبيا، بحسب ${o.arabic}.`],
    ['glued', `لقي 62 شخصا حتفهم قبالة ليبيا، وفق بيان ل${o.arabic.replace(/^ال/, 'ل')}.`],
  ];
}

export function buildNameCorpus(): { faithful: NameCase[]; corrupted: NameCase[] } {
  const faithful: NameCase[] = [];
  const corrupted: NameCase[] = [];
  const langs: Lang[] = ['en', 'fr', 'es', 'ar'];
  PEOPLE.forEach((p, i) => {
    // Another person in the same sentence: the name a model might put in the wrong story.
    const other = PEOPLE[(i + 7) % PEOPLE.length] as Person;
    for (const lang of langs) {
      const references = [personSource(p, lang)];
      for (const [variant, summary, name] of personSummaries(p, p.title)) {
        faithful.push({ summary, references, name, variant: `person ${lang} ${variant}` });
      }
      for (const [variant, summary, name] of personSummaries(other, p.title)) {
        corrupted.push({ summary, references, name, variant: `person ${lang} ${variant}` });
      }
    }
  });
  ORGANISATIONS.forEach((o, i) => {
    const others = ORGANISATIONS.filter((x, k) => k !== i && !(x.family && x.family === o.family));
    const other = others[i % others.length] as Organisation;
    for (const lang of langs) {
      const references = [organisationSource(o, lang)];
      for (const [variant, summary] of organisationSummaries(o)) {
        faithful.push({ summary, references, name: o.arabic, variant: `organisation ${lang} ${variant}` });
      }
      for (const [variant, summary] of organisationSummaries(other)) {
        corrupted.push({ summary, references, name: other.arabic, variant: `organisation ${lang} ${variant}` });
      }
    }
  });
  return { faithful, corrupted };
}

/** The check's output names the case's name: the whole name, its surname, or the part it read as a name. */
export function flagsName(unsupported: readonly string[], name: string): boolean {
  const surname = name.split(' ').at(-1) ?? name;
  return unsupported.some((u) => u.includes(surname) || name.includes(u));
}
