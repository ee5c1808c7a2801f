/**
 * Organisations that migration news names in several languages: an acronym in an English summary is
 * supported by the Arabic or French name in the source, and the other way round. Arabic names are written
 * as normaliseArabic returns them (ا for أ/إ/آ, ه for ة, ي for ى).
 */
export const knownOrganisations: ReadonlyArray<readonly string[]> = [
  [
    'IOM',
    'OIM',
    'International Organization for Migration',
    'International Organisation for Migration',
    'Organisation internationale pour les migrations',
    'Organización Internacional para las Migraciones',
    'المنظمه الدوليه للهجره',
    'سازمان بين المللي مهاجرت',
  ],
  [
    'UNHCR',
    'HCR',
    'ACNUR',
    'UN Refugee Agency',
    'UN refugee agency',
    'United Nations High Commissioner for Refugees',
    'Haut Commissariat des Nations unies pour les réfugiés',
    'المفوضيه',
    'مفوضيه الامم المتحده لشؤون اللاجئين',
    'المفوضيه الساميه للامم المتحده لشؤون اللاجئين',
    'كميسارياي عالي پناهندگان',
  ],
  ['UN', 'ONU', 'United Nations', 'Nations unies', 'Naciones Unidas', 'الامم المتحده', 'سازمان ملل'],
  ['EU', 'UE', 'European Union', 'Union européenne', 'Unión Europea', 'الاتحاد الاوروبي', 'اتحاديه اروپا'],
  ['Frontex', 'European Border and Coast Guard Agency', 'فرونتكس', 'الفرونتكس', 'فرونتكس'],
  ['UNICEF', "United Nations Children's Fund", 'اليونيسف', 'يونيسف'],
  ['ICRC', 'CICR', 'Red Cross', 'Croix-Rouge', 'Cruz Roja', 'الصليب الاحمر', 'صليب سرخ', 'صليبسرخ'],
  ['Red Crescent', 'Croissant-Rouge', 'Media Luna Roja', 'الهلال الاحمر', 'هلال احمر'],
  [
    'MSF',
    'Doctors Without Borders',
    'Médecins Sans Frontières',
    'Medecins Sans Frontieres',
    'Médicos Sin Fronteras',
    'اطباء بلا حدود',
    'پزشكان بدون مرز',
  ],
  ['HRW', 'Human Rights Watch', 'هيومن رايتس ووتش'],
  ['Amnesty International', 'Amnesty', 'منظمه العفو الدوليه', 'العفو الدوليه', 'عفو بين الملل'],
  ['WFP', 'PAM', 'World Food Programme', 'Programme alimentaire mondial', 'برنامج الاغذيه العالمي'],
  ['OCHA', 'Office for the Coordination of Humanitarian Affairs', 'مكتب تنسيق الشؤون الانسانيه'],
  ['UNRWA', 'الاونروا', 'اونروا'],
  ['OHCHR', 'HCDH', 'Office of the High Commissioner for Human Rights', 'مكتب المفوض السامي لحقوق الانسان'],
  ['UNODC', 'United Nations Office on Drugs and Crime', 'مكتب الامم المتحده المعني بالمخدرات والجريمه'],
  [
    'NGO',
    'NGOs',
    'ONG',
    'ONGs',
    'non-governmental organisation',
    'non-governmental organization',
    'المنظمات غير الحكوميه',
    'منظمات غير حكوميه',
    'منظمه غير حكوميه',
    'سازمان غير دولتي',
  ],
  ['AYS', 'Are You Syrious'],
  ['Sea-Watch', 'Sea Watch', 'سي ووتش'],
  [
    'GCM',
    'Global Compact for Migration',
    'Global Compact for Safe, Orderly and Regular Migration',
    'Pacte mondial pour les migrations',
    'الاتفاق العالمي حول الهجره',
    'الاتفاق العالمي من اجل الهجره الامنه والمنظمه والنظاميه',
  ],
  [
    'US',
    'USA',
    'United States',
    'États-Unis',
    'Estados Unidos',
    'الولايات المتحده',
    'امريكا',
    'ايالات متحده',
    'امريكا',
  ],
  ['UK', 'United Kingdom', 'Royaume-Uni', 'Reino Unido', 'المملكه المتحده', 'بريطانيا', 'انگليس'],
];

/**
 * The allow-list of umbrella organisations: "the UN refugee agency" or "EU border agency" is how summaries
 * introduce UNHCR or Frontex, so the UN (or the EU) is supported by any of its agencies named in the source.
 * The agencies themselves are still checked one by one (UNHCR is not IOM).
 */
export const umbrellaOrganisations: ReadonlyArray<{ umbrella: string; members: readonly string[] }> = [
  { umbrella: 'UN', members: ['UNHCR', 'IOM', 'UNICEF', 'WFP', 'OCHA', 'UNRWA', 'OHCHR', 'UNODC'] },
  { umbrella: 'EU', members: ['Frontex', 'European Commission', 'EUAA', 'EASO', 'Europol'] },
];
