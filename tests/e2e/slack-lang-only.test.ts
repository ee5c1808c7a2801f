import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchStory } from '../helpers/french-story.js';
import { storiesPosted } from '../helpers/serve-setup.js';
import { sampleStories, type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ stories: [...sampleStories(), frenchStory()] });
});
afterAll(async () => {
  await h?.stop();
});

describe('Slack: languages per channel (issue 13, items 3 and 6)', () => {
  it('posts the French-only story as a labelled original-language extract, and leaves it out after `lang en,ar only`', async () => {
    const before = await h.command('latest', { channel: 'CLANG1' });
    expect(before.status).toBe(200);
    await h.fake.waitFor(() => storiesPosted(h.fake, 'CLANG1').length >= 3 || null, 15_000, 'the first digest');
    expect(storiesPosted(h.fake, 'CLANG1').sort()).toEqual(['bodrum', 'calais', 'lampedusa']);
    const posted = JSON.stringify(h.fake.posted({ channel: 'CLANG1' }).map((m) => m.blocks));
    expect(posted).toContain('Français\u2069 · original');
    expect(posted).toContain('Naufrage au large de Calais');

    const lang = await h.command('lang en,ar only', { channel: 'CLANG1' });
    expect(await h.replyTo(lang.responseUrl)).toContain('Languages for this channel: en + ar only');
    await h.command('latest', { channel: 'CLANG1' });
    await h.fake.waitFor(() => storiesPosted(h.fake, 'CLANG1').length >= 5 || null, 15_000, 'the second digest');
    expect(storiesPosted(h.fake, 'CLANG1').slice(3).sort()).toEqual(['bodrum', 'lampedusa']);
  });

  it('refuses an unknown language code by name', async () => {
    const reply = await h.command('lang en,xx', { channel: 'CLANG2' });
    expect(await h.replyTo(reply.responseUrl)).toContain('"xx" is not a language code');
    expect(await h.core.store.channels.get('slack', 'CLANG2')).toBeUndefined();
  });

  it('says "Updated" when a channel subscribes again, with what changed and what was kept', async () => {
    const first = await h.command('subscribe daily 08:00 lang en,ar', { channel: 'CLANG3' });
    expect(await h.replyTo(first.responseUrl)).toMatch(/^Subscribed\./);
    const again = await h.command('subscribe weekdays 09:00', { channel: 'CLANG3' });
    const text = await h.replyTo(again.responseUrl);
    expect(text).toContain('Updated: schedule cron "0 8 * * *" → cron "0 9 * * 1-5".');
    expect(text).toContain('Kept: time zone UTC; languages en + ar; filter none.');
  });

  it('echoes "Funday" in the error', async () => {
    const reply = await h.command('subscribe weekly Funday 08:00', { channel: 'CLANG4' });
    expect(await h.replyTo(reply.responseUrl)).toContain('"Funday" is not a day');
  });
});
