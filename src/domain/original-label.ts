import { englishLanguageName } from './languages.js';

// Written in the quote's own language: the reader of a verbatim quote reads that language.
const LABELS: Record<string, string> = {
  en: 'English original',
  ar: 'الأصل بالعربية',
  fr: 'Original en français',
  es: 'Original en español',
  fa: 'متن اصلی به فارسی',
};

/** The label of a verbatim quote in `language` ("English original", "الأصل بالعربية"), shown whatever the answer's language. */
export function originalLabel(language: string): string {
  return LABELS[language] ?? `${englishLanguageName(language)} original`;
}
