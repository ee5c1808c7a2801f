import { describe, expect, it } from 'vitest';
import { summarySchema } from '../../../src/summarise/summary-schema.js';

describe('summarySchema', () => {
  const schema = summarySchema(['en', 'ar']);
  const en = { language: 'en', title: 'Boats sink', summary: 'Four people died.' };
  const ar = { language: 'ar', title: 'غرق قاربين', summary: 'لقي أربعة أشخاص حتفهم.' };

  it('accepts one item per language in the right script', () => {
    expect(schema.safeParse({ items: [ar, en] }).success).toBe(true);
  });

  it('rejects missing or repeated languages, empty text and the wrong script', () => {
    const messages = (value: unknown) => {
      const r = schema.safeParse(value);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages({ items: [en] })).toEqual(['expected exactly one item with language "ar", got 0']);
    expect(messages({ items: [en, en, ar] })).toEqual(['expected exactly one item with language "en", got 2']);
    expect(messages({ items: [en, { ...ar, summary: ' ' }] })).toEqual(['summary is empty']);
    expect(messages({ items: [en, { ...ar, summary: 'Four people died.', title: 'Boats sink' }] })).toEqual([
      'the "ar" item is not written in ar (arabic script expected)',
    ]);
    expect(schema.safeParse({ items: [en, { ...ar, language: 'fr' }] }).success).toBe(false);
  });
});
