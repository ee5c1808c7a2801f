import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeOnEachStore } from '../../helpers/store-backends.js';

describeOnEachStore('question translations (migration 007_crosslang)', 'store-translations.test.ts', (backend) => {
  it('keeps a translation by cache key, the first write winning, and knows nothing of other keys', async () => {
    const store = await backend.open();
    const key = `k-${randomUUID()}`;
    expect(await store.translations.get(key)).toBeUndefined();
    await store.translations.save({
      cacheKey: key,
      sourceLanguage: 'fr',
      targetLanguage: 'en',
      model: 'm',
      translation: 'How many died?',
    });
    // A second instance translating the same question at the same moment must not fail or overwrite.
    await store.translations.save({
      cacheKey: key,
      sourceLanguage: 'fr',
      targetLanguage: 'en',
      model: 'm',
      translation: 'How many people died?',
    });
    expect(await store.translations.get(key)).toBe('How many died?');
    expect(await store.translations.get(`${key}-other`)).toBeUndefined();
  });
});
