import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTerminology } from '../../../src/glossary/check-terminology.js';
import { findGlossaryConcepts } from '../../../src/glossary/find-glossary-terms.js';
import { glossaryForPrompt } from '../../../src/glossary/glossary-for-prompt.js';
import { GLOSSARY_LANGUAGES } from '../../../src/glossary/glossary-schema.js';
import { loadGlossary } from '../../../src/glossary/load-glossary.js';

const glossary = loadGlossary();
const flagged = (text: string, language: string) =>
  checkTerminology(glossary, text, language).map((w) => [w.found, w.preferred]);

describe('the migration glossary file', () => {
  it('holds at least 150 migration concepts, each with terms in en, ar, fr and es, validated at load', () => {
    // Retrieval-only entries (years, people, places, boats) are not migration terminology: they do not count.
    expect(glossary.concepts.filter((c) => !c.general).length).toBeGreaterThanOrEqual(150);
    for (const c of glossary.concepts)
      for (const l of ['en', 'ar', 'fr', 'es'] as const) expect(c[l].length, `${c.id} ${l}`).toBeGreaterThan(0);
    const withPersian = glossary.concepts.filter((c) => c.fa?.length).length;
    console.log(
      `glossary: ${glossary.concepts.length} concepts (${glossary.concepts.filter((c) => !c.general).length} terminology, the rest retrieval-only), ${withPersian} with Persian, ${glossary.concepts.filter((c) => c.avoid).length} with not-preferred terms`,
    );
    for (const id of [
      'irregular-migration',
      'asylum-seeker',
      'refugee',
      'internally-displaced-person',
      'returnee',
      'pushback',
      'search-and-rescue',
      'disembarkation',
      'detention-centre',
      'smuggling-of-migrants',
      'trafficking-in-persons',
      'resettlement',
      'family-reunification',
    ]) {
      expect(
        glossary.concepts.some((c) => c.id === id),
        id,
      ).toBe(true);
    }
  });

  it('finds every term of every concept, in its language, as that concept', () => {
    const missed: string[] = [];
    for (const c of glossary.concepts)
      for (const language of GLOSSARY_LANGUAGES)
        for (const term of c[language] ?? [])
          if (!findGlossaryConcepts(glossary, `… ${term} …`, language).some((found) => found.id === c.id))
            missed.push(`${c.id} ${language} "${term}"`);
    expect(missed).toEqual([]);
  });

  it.each([
    ['en', "The boat sank in Libya's search and rescue zone.", 'search-and-rescue-region'],
    ['ar', 'ارتفع عدد طلبات اللجوء المتراكمة إلى مستوى قياسي', 'asylum-backlog'],
    ['fr', 'Il avait reçu une obligation de quitter le territoire français.', 'deportation-order'],
    ['es', 'La caravana de migrantes salió de Tapachula.', 'migrant-caravan'],
    ['fa', 'سهمیه اسکان مجدد پناهندگان افغان کاهش یافت', 'resettlement-quota'],
    ['ar', 'أعلنت الحكومة إلغاء نظام الكفالة للعمال المهاجرين', 'kafala-system'],
    ['en', 'Children go through an age assessment on arrival.', 'age-assessment'],
    ['es', 'El interés superior del niño debe prevalecer.', 'best-interests-of-the-child'],
  ])('finds a concept news uses (%s): %s', (language, text, id) => {
    expect(findGlossaryConcepts(glossary, text, language).map((c) => c.id)).toContain(id);
  });

  it('does not take the child guardianship called kafala for the labour sponsorship system', () => {
    expect(
      findGlossaryConcepts(glossary, 'The orphan was placed under kafala with an uncle.', 'en'),
    ).not.toContainEqual(expect.objectContaining({ id: 'kafala-system' }));
    expect(findGlossaryConcepts(glossary, 'Une enfant recueillie par kafala.', 'fr')).not.toContainEqual(
      expect.objectContaining({ id: 'kafala-system' }),
    );
  });

  it('refuses a file that breaks the schema, naming the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        about: 'x',
        version: 1,
        concepts: [{ id: 'refugee', en: ['refugee'], ar: [], fr: ['réfugié'], es: ['refugiado'] }],
      }),
    );
    expect(() => loadGlossary(bad)).toThrowError(
      expect.objectContaining({ code: 'GLOSSARY_INVALID', message: expect.stringContaining('concepts.0.ar') }),
    );
    const duplicate = join(dir, 'dup.json');
    const concept = { id: 'refugee', en: ['refugee'], ar: ['لاجئ'], fr: ['réfugié'], es: ['refugiado'] };
    writeFileSync(duplicate, JSON.stringify({ about: 'x', version: 1, concepts: [concept, concept] }));
    expect(() => loadGlossary(duplicate)).toThrowError(
      expect.objectContaining({
        code: 'GLOSSARY_INVALID',
        message: expect.stringContaining('duplicate concept id refugee'),
      }),
    );
    expect(() => loadGlossary(join(dir, 'missing.json'))).toThrowError(
      expect.objectContaining({ code: 'GLOSSARY_NOT_FOUND' }),
    );
  });
});

describe('terminology check', () => {
  it('flags "illegal migrants" and suggests "irregular migrants", plural for plural', () => {
    expect(flagged('Dozens of illegal migrants were intercepted.', 'en')).toEqual([
      ['illegal migrants', 'irregular migrants'],
    ]);
    expect(flagged('An Illegal Migrant was detained.', 'en')).toEqual([['Illegal Migrant', 'irregular migrant']]);
    expect(flagged('Illegal immigration rose.', 'en')).toEqual([['Illegal immigration', 'irregular migration']]);
  });

  it('flags not-preferred Arabic, French and Spanish wording', () => {
    expect(flagged('وصل مهاجرون غير شرعيين إلى الساحل', 'ar').map(([f]) => f)).toEqual(['مهاجرون غير شرعيين']);
    expect(flagged('الهجرة غير الشرعية في ازدياد', 'ar')).toEqual([['الهجرة غير الشرعية', 'الهجرة غير النظامية']]);
    expect(flagged('Des migrants illégaux ont été interceptés.', 'fr')).toEqual([
      ['migrants illégaux', 'migrants en situation irrégulière'],
    ]);
    expect(flagged('Llegaron inmigrantes ilegales a la costa.', 'es')).toEqual([
      ['inmigrantes ilegales', 'migrantes en situación irregular'],
    ]);
    expect(flagged('La trata de personas y el tráfico de personas.', 'es')).toEqual([
      ['tráfico de personas', 'trata de personas'],
    ]);
  });

  it('flags Arabic not-preferred wording after a number (accusative, with or without tanween) and with غير قانوني', () => {
    // Arabic writes a counted noun in the accusative: "40 مهاجرا غير شرعيين", "مهاجراً غير شرعياً".
    for (const text of [
      'اعتقلت الشرطة 40 مهاجرا غير شرعيين قرب الحدود.',
      'تم اعتقال ٤٠ مهاجراً غير شرعياً.',
      'رحلت السلطات مهاجرين غير قانونيين.',
      'أوقفت الشرطة مهاجرا غير قانوني.',
      'ارتفعت الهجرة غير القانونية.',
    ])
      expect(flagged(text, 'ar').length, text).toBe(1);
  });

  it("suggests the Arabic preferred term in the number and definiteness of the text's words", () => {
    expect(flagged('اعتقلت الشرطة مهاجرين غير شرعيين.', 'ar')).toEqual([['مهاجرين غير شرعيين', 'مهاجرين غير نظاميين']]);
    expect(flagged('وصل مهاجرون غير شرعيين.', 'ar')).toEqual([['مهاجرون غير شرعيين', 'مهاجرون غير نظاميين']]);
    expect(flagged('رحلت السلطات المهاجرين غير الشرعيين.', 'ar')).toEqual([
      ['المهاجرين غير الشرعيين', 'المهاجرين غير النظاميين'],
    ]);
    expect(flagged('أوقفت الشرطة مهاجرا غير شرعي.', 'ar')).toEqual([['مهاجرا غير شرعي', 'مهاجر غير نظامي']]);
  });

  it('flags the French "immigrés illégaux" and the Persian غیر قانونی written with a space', () => {
    expect(flagged('La police a arrêté des immigrés illégaux.', 'fr').map(([f]) => f)).toEqual(['immigrés illégaux']);
    expect(flagged('۴۰ مهاجر غیر قانونی بازداشت شدند.', 'fa').map(([f]) => f)).toEqual(['مهاجر غیر قانونی']);
    expect(flagged('مهاجرت غیر قانونی افزایش یافت.', 'fa').map(([f]) => f)).toEqual(['مهاجرت غیر قانونی']);
    expect(flagged('مهاجران نامنظم و پناهجویان نجات یافتند.', 'fa')).toEqual([]);
  });

  it('does not flag the preferred terms, nor words that only look alike', () => {
    const preferred: Array<[string, string]> = [
      ['Irregular migrants and asylum seekers were rescued; a regular pathway opened.', 'en'],
      ['The illegal pushback of migrants was condemned.', 'en'],
      ['وصل مهاجرون غير نظاميين وطالبو لجوء إلى الساحل', 'ar'],
      ['اعتقلت الشرطة 40 مهاجرا غير نظاميين، وقالت إن عبور الحدود غير قانوني.', 'ar'],
      ['وصل ٤٠ مهاجراً إلى أمريكا وأوروبا عبر طرق نظامية.', 'ar'],
      ['Des migrants en situation irrégulière et des demandeurs d’asile.', 'fr'],
      ['Migrantes en situación irregular y solicitantes de asilo.', 'es'],
      ['The US said the UN asked us about migrants.', 'en'],
    ];
    for (const [text, language] of preferred) expect(flagged(text, language), text).toEqual([]);
  });
});

describe('glossary matching', () => {
  it('finds concepts by stem across inflections and scripts, and acronyms only in capitals', () => {
    const ids = (text: string, language: string) => findGlossaryConcepts(glossary, text, language).map((c) => c.id);
    expect(ids('Two unaccompanied children reached Lesvos.', 'en')).toContain('unaccompanied-minor');
    expect(ids('للاجئين السوريين في المخيم', 'ar')).toEqual(expect.arrayContaining(['refugee', 'refugee-camp']));
    expect(ids('les demandeuses d’asile', 'fr')).toContain('asylum-seeker');
    expect(ids('The UN said', 'en')).toContain('united-nations');
    expect(ids('tell us more', 'en')).not.toContain('united-states');
  });

  it('lists for a prompt only the terminology concepts of the source, with the preferred term in each target language', () => {
    const lines = glossaryForPrompt(
      glossary,
      [{ text: 'Asylum seekers in Libya were pushed back by the coast guard.', language: 'en' }],
      ['en', 'ar'],
    );
    expect(lines).toContain(
      '- asylum-seeker: en "asylum seeker" (not "bogus asylum seeker", "bogus asylum seekers"); ar "طالب لجوء"',
    );
    expect(lines).toContain('- pushback: en "pushback"; ar "الإعادة القسرية على الحدود"');
    expect(lines).not.toContain('libya');
    expect(glossaryForPrompt(glossary, [{ text: 'The weather was fine.', language: 'en' }], ['en'])).toBe('');
  });
});
