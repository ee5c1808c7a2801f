import { describe, expect, it } from 'vitest';
import type { Story } from '../../../src/domain/types.js';
import { findStoryReference } from '../../../src/qa/find-story-reference.js';
import { pickStory } from '../../../src/qa/pick-story.js';

function story(id: string, sourceId: string): Story {
  return {
    id,
    primaryEditionId: `${id}-e`,
    firstSeenAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    publishedAt: null,
    editions: [
      {
        id: `${id}-e`,
        storyId: id,
        sourceId,
        url: null,
        guid: null,
        language: 'en',
        title: id,
        text: 'text',
        publishedAt: null,
        contentHash: id,
        firstSeenAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-01T00:00:00Z',
        version: 1,
      },
    ],
  };
}

const stories = [story('a', 'iom-en'), story('b', 'unnews-ar'), story('c', 'infomigrants-fr'), story('d', 'iom-ar')];
const names = { 'iom-en': 'IOM', 'iom-ar': 'IOM', 'unnews-ar': 'UN News', 'infomigrants-fr': 'InfoMigrants' };

describe('pickStory', () => {
  it.each([
    ['#2 how many died?', 1],
    ['What does # 3 say?', 2],
    ['2', 1],
    ['3?', 2],
    ['and 2?', 1],
    ['2: how many were children?', 1],
    ['tell me more about story 2', 1],
    ['In item 4, who is quoted?', 3],
    ['What does article number 3 say about Libya?', 2],
    ['summarise the second story', 1],
    ['and the third one?', 2],
    ['what about the last one?', 3],
    ['and the second?', 1],
    ['ماذا يقول الخبر الثاني عن الأطفال؟', 1],
    ['الثاني', 1],
    ['ماذا عن الثالث؟', 2],
    ['والثانية؟', 1],
    ['لخص القصة الرابعة', 3],
    ['الخبر رقم ٢', 1],
    ['رقم 3 من فضلك', 2],
    ['الخبر الأخير', 3],
    ['Que dit la deuxième info ?', 1],
    ["Résume l'article n° 3", 2],
    ['Et la première ?', 0],
    ['le 2e article parle de quoi ?', 1],
    ['¿Qué dice la segunda noticia?', 1],
    ['noticia número 3', 2],
    ['¿Y la tercera?', 2],
    ['خبر دوم درباره چیست؟', 1],
    ['What does InfoMigrants report?', 2],
    ['ماذا قال UN News؟', 1],
  ])('%s -> story %i', (question, expected) => {
    expect(pickStory(question, stories, names)).toBe(expected);
  });

  it.each([
    'How many of the 16 deported Syrians were registered?',
    'How many people were on the second boat?',
    'كم عدد الأطفال في القارب الثاني؟',
    'ماذا حدث في السادس من يونيو؟',
    'ولد في كانون الثاني',
    'What does article 33 of the convention say?',
    '#7',
    'What does IOM say?',
    'Why were they deported?',
  ])('%s -> no story', (question) => {
    expect(pickStory(question, stories, names)).toBeNull();
  });

  it('gives the span of the words that named the story, so retrieval can ignore them', () => {
    const question = 'In story 2, how many died?';
    const ref = findStoryReference(question, stories, names);
    expect(ref && question.slice(ref.start, ref.end)).toBe('story 2');
    const arabic = 'ماذا يقول الخبر الثاني؟';
    const refAr = findStoryReference(arabic, stories, names);
    expect(refAr && arabic.slice(refAr.start, refAr.end)).toBe('الخبر الثاني');
  });
});

describe('findStoryReference in a later message of a split digest', () => {
  // The second message shows its stories as 11-14: "#12" is its second story, "#2" names none of them.
  it.each([
    ['#12 how many died?', 1],
    ['story 14', 3],
    ['11?', 0],
    ['#2 how many died?', null],
    ['the second story', 1],
  ])('%s -> %s', (question, expected) => {
    expect(findStoryReference(question, stories, names, 11)?.index ?? null).toBe(expected);
  });
});
