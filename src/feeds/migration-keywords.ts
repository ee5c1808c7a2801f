/**
 * The built-in "migration" topic in English, French, Spanish, Arabic and Persian (also much Dari).
 * A term is a word or phrase; a trailing "*" matches any ending (migrant* -> migrants, migrante).
 * matchesFilter normalises terms and text the same way (case, accents, Arabic letter variants)
 * and strips Arabic clitics (و ف ب ل ك ال لل ...) from words, so write plain dictionary forms.
 * Words that are common outside migration news (border, exile, expulsion, return) are left out.
 */
export const migrationKeywords: readonly string[] = [
  // English
  'migrant*', 'migration', 'migrations', 'immigrant*', 'immigration', 'emigrant*', 'emigration',
  'refugee*', 'asylum*', 'displaced', 'displacement', 'idp', 'idps', 'deport*', 'border crossing*',
  'crossed the border', 'smuggling', 'smuggler*', 'human trafficking', 'trafficked', 'stateless*', 'resettle*',
  'returnee*', 'unhcr', 'iom', 'frontex', 'unrwa', 'undocumented', 'irregular arrival*', 'boat people',
  'shipwreck*', 'search and rescue', 'pushback*', 'push-back*', 'detention centre*', 'detention center*',
  // French
  'migrant*', 'immigré*', 'émigré*', 'réfugié*', 'demandeur* d\'asile', 'droit d\'asile', 'asile', 'déplacés',
  'déplacées', 'personnes déplacées', 'expulsé* vers', 'passeur*', 'sans-papiers', 'naufrage*', 'apatride*',
  'clandestin*', 'reconduite* à la frontière', 'traversée de la Méditerranée',
  // Spanish
  'migrante*', 'migración', 'migraciones', 'migratori*', 'inmigrante*', 'inmigración', 'emigrante*',
  'refugiad*', 'asilo', 'solicitante* de asilo', 'desplazad*', 'deportad*', 'deportación*', 'deportar',
  'traficante* de personas', 'tráfico de migrantes', 'cruce de la frontera', 'cruce fronterizo',
  'naufragio*', 'indocumentad*', 'apátrida*', 'retornad*',
  // Arabic
  'مهاجر*', 'هجرة', 'مهجر*', 'لاجئ*', 'لجوء', 'نازح*', 'نزوح', 'ترحيل', 'مرحل*', 'تهريب', 'مهرب*',
  'الاتجار بالبشر', 'عبور الحدود', 'عديم* الجنسية', 'طالب* اللجوء', 'طالبي اللجوء', 'المفوضية السامية',
  'الأونروا', 'غرق مركب', 'قارب* مهاجرين', 'إعادة التوطين', 'العودة الطوعية',
  // Persian / Dari
  'مهاجرت', 'مهاجران', 'مهاجرین', 'پناهجو*', 'پناهنده*', 'پناهندگی', 'آواره*', 'اخراج مهاجر*', 'رد مرز',
  'قاچاق انسان', 'قاچاقچی*', 'بازگشت کنندگان', 'عبور از مرز',
];
