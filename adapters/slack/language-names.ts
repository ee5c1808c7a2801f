const NAMES: Record<string, { english: string; native: string }> = {
  en: { english: 'English', native: 'English' },
  ar: { english: 'Arabic', native: 'العربية' },
  fa: { english: 'Persian', native: 'فارسی' },
  fr: { english: 'French', native: 'Français' },
  es: { english: 'Spanish', native: 'Español' },
  de: { english: 'German', native: 'Deutsch' },
  it: { english: 'Italian', native: 'Italiano' },
  pt: { english: 'Portuguese', native: 'Português' },
  tr: { english: 'Turkish', native: 'Türkçe' },
  ru: { english: 'Russian', native: 'Русский' },
  uk: { english: 'Ukrainian', native: 'Українська' },
  ur: { english: 'Urdu', native: 'اردو' },
  ps: { english: 'Pashto', native: 'پښتو' },
  he: { english: 'Hebrew', native: 'עברית' },
  so: { english: 'Somali', native: 'Soomaali' },
  ti: { english: 'Tigrinya', native: 'ትግርኛ' },
  am: { english: 'Amharic', native: 'አማርኛ' },
  sw: { english: 'Swahili', native: 'Kiswahili' },
  zh: { english: 'Chinese', native: '中文' },
};

const RTL = new Set(['ar', 'fa', 'ur', 'ps', 'he', 'yi', 'dv', 'sd', 'ug', 'ckb']);

/** Right-to-left mark: starts Arabic/Persian blocks so Slack lays them out right to left. */
export const RLM = '\u200F';

/** "Arabic" for "ar"; the code itself (upper case) for a language we have no name for. */
export function languageName(code: string): string {
  return NAMES[code]?.english ?? code.toUpperCase();
}

/** "العربية" for "ar": how a reader of that language names it. */
export function nativeLanguageName(code: string): string {
  return NAMES[code]?.native ?? code.toUpperCase();
}

export function isRightToLeft(code: string): boolean {
  return RTL.has(code);
}
