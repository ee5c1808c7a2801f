import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchStory } from '../helpers/french-story.js';
import { cardOf, cardTextOf, sampleStories, type TeamsHarness, startTeamsHarness } from './teams-harness.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness({ stories: [...sampleStories(), frenchStory()] });
});
afterAll(async () => h?.stop());

describe('Teams offline digest (issue 13, item 3)', () => {
  it('shows a French-only story as a labelled extract with its link, and says once that translations need an LLM', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('latest'))).toBe(200);
    const [digest] = await h.messagesAfter(since, 1);
    const request = digest as NonNullable<typeof digest>;
    const text = cardTextOf(request);
    expect(text).toContain('Français · original');
    expect(text).toContain('Naufrage au large de Calais');
    expect(text.split('Translations need an LLM').length - 1).toBe(1);
    // Neither the story with an English edition but no Arabic one nor the French one has a "not available" slot.
    expect(text).not.toContain('not available');
    expect(JSON.stringify(cardOf(request))).toContain('https://www.infomigrants.net/fr/post/calais');
  });
});
