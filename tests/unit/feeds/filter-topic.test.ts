import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../../src/feeds/filter-topic.js';
import { articles } from '../../helpers/ingest-fixtures.js';

describe('matchesFilter with the built-in "migration" topic', () => {
  it('keeps every migration-related fixture article and drops the distractor', () => {
    for (const article of articles) {
      const matched = matchesFilter(`${article.title}\n${article.text}`, 'migration');
      if (article.migration_related === true) expect(matched, article.id).toBe(true);
      if (article.migration_related === false) expect(matched, article.id).toBe(false);
    }
  });

  it.each([
    ['Migrants rescued off Libya', true],
    ['The Refugees football club won', true],
    ['Asylum seekers wait in Calais', true],
    ['Deportation flights resume', true],
    ['Smugglers arrested at the border crossing', true],
    ['Les demandeurs d’asile à Calais', true],
    ['Naufrage au large de Lampedusa', true],
    ['Los desplazados por la violencia', true],
    ['واللاجئين في لبنان', true],
    ['للمهاجرين غير النظاميين', true],
    ['نزوح آلاف العائلات', true],
    ['پناهجویان افغان در ایران', true],
    ['مهاجران در مرز', true],
    ['The migratory birds return in spring', false],
    ['Bird migration season starts in Europe', false],
    ['Data migration to the cloud is complete', false],
    ['The migration of birds over the Sahara', false],
    ['La migration des oiseaux commence', false],
    ['Migración de datos a la nube', false],
    // People's migration, even beside those words, and any other keyword in a text about things, still match.
    ['New migration data shows a rise in arrivals', true],
    ['Migration to Europe rose in 2024', true],
    ['Cloud migration delayed as refugees fill the centre', true],
    ['La migration vers l’Europe augmente', true],
    ['White House in talks to have Oracle, investors take over TikTok', false],
    ['الأجيال القادمة', false],
    ['Central bank raises interest rates', false],
  ])('"%s" -> %s', (text, expected) => {
    expect(matchesFilter(text, 'migration')).toBe(expected);
  });

  it('matches whole words, not substrings', () => {
    expect(matchesFilter('Immigrationsbehörde', 'migration')).toBe(false);
    expect(matchesFilter('emigrational', 'emigration')).toBe(false);
  });
});

describe('matchesFilter with a word list', () => {
  it('matches any comma-separated word or phrase, case- and accent-insensitively', () => {
    expect(matchesFilter('Boat sank off LIBYA', 'tunisia, libya')).toBe(true);
    expect(matchesFilter('Boat sank off the Libyan coast', 'libya')).toBe(false);
    expect(matchesFilter('Boat sank off the Libyan coast', 'liby*')).toBe(true);
    expect(matchesFilter('Réfugiés au Tchad', 'refugies')).toBe(true);
    expect(matchesFilter('The border crossing reopened', 'border crossing')).toBe(true);
    expect(matchesFilter('The border reopened for crossing', 'border crossing')).toBe(false);
  });

  it('matches Arabic words with attached clitics and spelling variants', () => {
    expect(matchesFilter('وصلوا إلى ليبيا أمس', 'ليبيا')).toBe(true);
    expect(matchesFilter('وفي ليبيا', 'ليبيا')).toBe(true);
    expect(matchesFilter('الهجرة غير النظامية', 'هجرة')).toBe(true);
    expect(matchesFilter('إعادة التوطين', 'اعادة التوطين')).toBe(true);
  });

  it('matches everything when the filter is empty', () => {
    expect(matchesFilter('anything', '')).toBe(true);
    expect(matchesFilter('anything', undefined)).toBe(true);
  });
});
