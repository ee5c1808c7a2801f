import { hash } from 'node:crypto';
import { normaliseArabic } from '../text/normalise-arabic.js';

const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
// Same result as /\s+/g -> ' ', but clean text (single spaces) produces no matches: much faster.
const WHITESPACE = /\s{2,}|[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

function normalize(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  return normaliseArabic(folded)
    .replace(INVISIBLE, '')
    .replace(QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(WHITESPACE, ' ')
    .trim();
}

/**
 * SHA-256 (hex) of a story's normalised title and text: Unicode NFKC, case-folded, whitespace
 * collapsed, invisible marks dropped, curly quotes/dashes unified, Arabic diacritics and tatweel
 * removed, letter variants unified and Arabic-Indic digits made Western. A cosmetic edit keeps the
 * hash; a changed word or figure ("15 killed" -> "22 killed") changes it.
 */
export function contentHash(title: string, text: string): string {
  // One-shot hash of one string: the same digest as three update() calls, without a Hash object per item.
  return hash('sha256', `${normalize(title)}\n${normalize(text)}`, 'hex');
}
