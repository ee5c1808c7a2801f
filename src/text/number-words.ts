import { normaliseArabicScript } from './normalise-arabic-script.js';

/**
 * Spelled-out numbers -> digits, so "twelve dead" meets "١٢ شخصًا" and "12 people". Folded forms
 * (lower case, no accents, Arabic script normalised, Arabic article removed). Words that double as
 * articles or pronouns ("un", "una", Persian "نه") are left out on purpose.
 */
export const numberWords: ReadonlyMap<string, string> = new Map(
  Object.entries({
    '2': 'two deux dos اثنان اثنين اثنتان اثنتين دو',
    '3': 'three trois tres ثلاث ثلاثه سه',
    '4': 'four quatre cuatro اربع اربعه چهار',
    '5': 'five cinq cinco خمس خمسه پنج',
    '6': 'six seis سته شش',
    '7': 'seven sept siete سبع سبعه هفت',
    '8': 'eight huit ocho ثمان ثماني ثمانيه هشت',
    '9': 'nine neuf nueve تسع تسعه',
    '10': 'ten dix diez عشر عشره ده',
    '11': 'eleven onze once',
    '12': 'twelve douze doce دوازده',
    '13': 'thirteen treize trece',
    '14': 'fourteen quatorze catorce',
    '15': 'fifteen quinze quince',
    '16': 'sixteen seize dieciseis',
    '17': 'seventeen',
    '18': 'eighteen',
    '19': 'nineteen',
    '20': 'twenty vingt veinte عشرين عشرون بیست',
    '30': 'thirty trente treinta ثلاثين ثلاثون سی',
    '40': 'forty quarante cuarenta اربعين اربعون',
    '50': 'fifty cinquante cincuenta خمسين خمسون',
    '60': 'sixty soixante sesenta ستين ستون',
    '70': 'seventy septante setenta سبعين سبعون',
    '80': 'eighty ochenta ثمانين ثمانون',
    '90': 'ninety noventa تسعين تسعون',
    '100': 'hundred cent cien مائه مئه صد',
    '1000': 'thousand mille mil هزار',
  }).flatMap(([digits, list]) =>
    normaliseArabicScript(list)
      .split(' ')
      .map((word): [string, string] => [word, digits]),
  ),
);
