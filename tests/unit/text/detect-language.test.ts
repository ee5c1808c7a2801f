import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/text/detect-language.js';
import { detectLanguageFast } from '../../../src/text/detect-language-fast.js';
import { articles } from '../../helpers/ingest-fixtures.js';

describe('detectLanguage on the fixture articles', () => {
  it.each(articles.map((a) => [a.id, a] as const))('detects %s', (_id, article) => {
    expect(detectLanguage(`${article.title}\n${article.text}`)).toBe(article.lang);
    expect(detectLanguage(article.text)).toBe(article.lang);
    expect(detectLanguageFast(`${article.title}\n${article.text}`)).toBe(article.lang);
  });

  it('tells Persian from Arabic (same script)', () => {
    const persian = articles.find((a) => a.lang === 'fa');
    expect(persian && detectLanguage(persian.text)).toBe('fa');
    expect(detectLanguage('مهاجران افغان در مرز ایران و ترکیه گرفتار شدند')).toBe('fa');
    expect(detectLanguage('المهاجرون الأفغان عالقون على الحدود بين إيران وتركيا')).toBe('ar');
  });

  it('follows the dominant script of mixed text (English title over an Arabic body)', () => {
    const mixed = articles.find((a) => a.id === 'dev-ar-ays-weekly-2019-05-06-12');
    expect(mixed?.title).toMatch(/^AYS Weekly News Summary in Arabic/);
    expect(mixed && detectLanguage(`${mixed.title}\n${mixed.text}`)).toBe('ar');
    expect(detectLanguage('UNHCR: مهاجرون عالقون في ليبيا منذ أسابيع')).toBe('ar');
    expect(detectLanguage('The word لاجئ means refugee in Arabic, and the UN uses it in its reports')).toBe('en');
  });
});

describe('detectLanguage on short titles', () => {
  it.each([
    "Iran FM arrives in Kabul in first visit after Taliban's takeover",
    'US refugee group funding suspended under Trump aid pause',
    'White House in talks to have Oracle, investors take over TikTok',
    'Nearly 30% of Syrians want to go home, UN refugee chief says',
    'New: At least four dead after migrant boats sink in Mediterranean',
    'Migrants rescued',
    'Refugee camp',
    'Border crossing reopens',
    'UN chief visits Chad',
    'Asylum seekers in Calais',
    'Lampedusa arrivals rise',
    'Mediterranean shipwreck',
  ])('keeps the English title "%s" English', (title) => {
    expect(detectLanguage(title)).toBe('en');
  });

  it.each([
    ['Les migrants en mer', 'fr'],
    ['Enquête. Comment l’Europe et la Libye laissent mourir les migrants en mer', 'fr'],
    ['Réfugiés soudanais au Tchad', 'fr'],
    ['Los migrantes en la frontera', 'es'],
    ['Migrantes rescatados', 'es'],
    ['Naufragio en el Mediterráneo', 'es'],
    ['شروط أكثر صرامة للواصليين حديثا', 'ar'],
  ])('detects "%s" as %s', (title, language) => {
    expect(detectLanguage(title)).toBe(language);
  });

  it('lets the declared language decide when the text cannot', () => {
    expect(detectLanguage('Crise humanitaire', { hint: 'fr' })).toBe('fr');
    expect(detectLanguage('Rohingya refugees', { hint: 'en' })).toBe('en');
    expect(detectLanguage('لبنان', { hint: 'fa' })).toBe('fa');
    expect(detectLanguage('لبنان')).toBe('ar');
    // A hint in another script does not override what the text says.
    expect(detectLanguage('Migrants rescued off Libya', { hint: 'ar' })).toBe('en');
  });

  it('returns the hint or null when there is no text to judge', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12 345 — 2019')).toBeNull();
    expect(detectLanguage('https://example.org/a', { hint: 'en' })).toBe('en');
  });

  it('detects other scripts through eld', () => {
    expect(detectLanguage('Беженцы прибывают на греческие острова каждый день')).toBe('ru');
    expect(detectLanguage('Οι πρόσφυγες φτάνουν στα ελληνικά νησιά κάθε μέρα')).toBe('el');
  });
});
