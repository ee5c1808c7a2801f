import { describe, expect, it } from 'vitest';
import { storyContentHash } from '../../../src/summarise/story-content-hash.js';
import { summaryCacheKey } from '../../../src/summarise/summary-cache-key.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

describe('summaryCacheKey and storyContentHash', () => {
  const story = fixtures.story(['dev-en-ays-daily-2019-06-17', 'dev-ar-ays-weekly-2019-06-17-23']);

  it('is the same for the same story whatever the order of editions or languages', () => {
    const reordered = { ...story, editions: [...story.editions].reverse() };
    expect(storyContentHash(reordered)).toBe(storyContentHash(story));
    const hash = storyContentHash(story);
    expect(summaryCacheKey(hash, ['en', 'ar'], 'summarise/v1', 'm')).toBe(
      summaryCacheKey(hash, ['ar', 'en'], 'summarise/v1', 'm'),
    );
  });

  it('changes with the content, the languages, the prompt version and the model', () => {
    const hash = storyContentHash(story);
    const base = summaryCacheKey(hash, ['en', 'ar'], 'summarise/v1', 'm');
    const [first, ...rest] = story.editions;
    if (!first) throw new Error('fixture');
    const updated = { ...story, editions: [{ ...first, contentHash: 'changed' }, ...rest] };
    expect(summaryCacheKey(storyContentHash(updated), ['en', 'ar'], 'summarise/v1', 'm')).not.toBe(base);
    expect(summaryCacheKey(hash, ['en', 'fr'], 'summarise/v1', 'm')).not.toBe(base);
    expect(summaryCacheKey(hash, ['en', 'ar'], 'summarise/v2', 'm')).not.toBe(base);
    expect(summaryCacheKey(hash, ['en', 'ar'], 'summarise/v1', 'other')).not.toBe(base);
  });
});
