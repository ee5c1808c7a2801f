import { normaliseArabic } from '../text/normalise-arabic.js';

/**
 * The language-independent "anchors" of a text: figures and Latin-script names. Editions of one story in
 * two languages share them (12 dead, 31 rescued, UNHCR, Bodrum) even when no word is shared.
 */
export function storyAnchors(text: string): Set<string> {
  const folded = normaliseArabic(text);
  const anchors = new Set<string>();
  for (const m of folded.matchAll(/\d[\d,.\u066b\u066c]*\d|\d/g)) {
    const n = m[0].replace(/[,.\u066b\u066c](?=\d{3}\b)/g, '').replace(/[\u066b]/g, '.');
    const value = Number(n);
    // Small numbers and years are everywhere; they say nothing about which story this is.
    if (!Number.isFinite(value) || value < 10 || (value >= 1900 && value <= 2100 && /^\d{4}$/.test(n))) continue;
    anchors.add(`#${n}`);
  }
  for (const m of folded.matchAll(/\b[A-Z][a-zA-Z\u00C0-\u024F'-]{2,}\b/g)) {
    if (!COMMON_CAPITALISED.has(m[0])) anchors.add(m[0].toLowerCase());
  }
  return anchors;
}

/** Shared anchors, and the share of the smaller set they cover. */
export function anchorOverlap(a: Set<string>, b: Set<string>): { shared: number; ratio: number } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return { shared, ratio: small.size === 0 ? 0 : shared / small.size };
}

const COMMON_CAPITALISED = new Set([
  'The', 'This', 'That', 'These', 'There', 'They', 'And', 'But', 'For', 'With', 'From', 'After', 'Before', 'When', 'While',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Read', 'More', 'Photo', 'Source', 'Les', 'Des', 'Los', 'Las', 'Una',
]);
