import { describe, expect, it } from 'vitest';
import { normaliseArabic } from '../../../src/text/normalise-arabic.js';

describe('normaliseArabic', () => {
  it('folds alef variants, alef maqsura and ta marbuta', () => {
    expect(normaliseArabic('أإآٱ')).toBe('اااا');
    expect(normaliseArabic('مصطفى')).toBe('مصطفي');
    expect(normaliseArabic('الهجرة')).toBe('الهجره');
    expect(normaliseArabic('المنظمة الدولية للهجرة')).toBe('المنظمه الدوليه للهجره');
  });

  it('removes diacritics and tatweel', () => {
    expect(normaliseArabic('مُهَاجِرٌ')).toBe('مهاجر');
    expect(normaliseArabic('لاجـــئ')).toBe('لاجئ');
  });

  it('turns Arabic-Indic and Persian digits into Western digits, leaving separators', () => {
    expect(normaliseArabic('١٢ شخصًا و٣١')).toBe('12 شخصا و31');
    expect(normaliseArabic('۵۰۰۰ یورو')).toBe('5000 يورو');
    expect(normaliseArabic('١٬٢٠٠')).toBe('1٬200');
  });

  it('leaves Latin text untouched', () => {
    const text = 'At least 22 have been massacred in southern Lebanon.';
    expect(normaliseArabic(text)).toBe(text);
  });
});
