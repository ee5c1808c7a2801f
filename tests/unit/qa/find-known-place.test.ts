import { describe, expect, it } from 'vitest';
import { findKnownPlace } from '../../../src/qa/find-known-place.js';

describe('findKnownPlace', () => {
  it.each([
    ['تونس', 'Tunisia'],
    ['وتونس', 'Tunisia'],
    ['التونسيين', 'Tunisia'],
    ['بليبيا', 'Libya'],
    ['Túnez', 'Tunisia'],
    ['tunisie', 'Tunisia'],
    ['Chipre', 'Cyprus'],
    ['لیبی', 'Libya'],
  ])('reads "%s" as %s, whatever its script, spelling or attached prefixes', (word, place) => {
    expect(findKnownPlace(word)?.[0]).toBe(place);
  });

  it.each(['مصرف', 'الجزر', 'Zuwara', 'hospital'])('finds no place in "%s"', (word) => {
    expect(findKnownPlace(word)).toBeUndefined();
  });
});
