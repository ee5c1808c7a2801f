import { describe, expect, it } from 'vitest';
import { stripBotMentions } from '../../../../adapters/teams/strip-bot-mentions.js';

const BOT = { id: '28:bot', name: 'Migration News' };
const mention = (text: string, id = BOT.id) => ({ type: 'mention', mentioned: { id, name: 'x' }, text });

describe('stripBotMentions', () => {
  it('removes the one <at> mention of the bot', () => {
    expect(
      stripBotMentions({
        text: '<at>Migration News</at> latest',
        recipient: BOT,
        entities: [mention('<at>Migration News</at>')],
      }),
    ).toBe('latest');
  });

  it('removes every word of a name Teams split into one <at> per word', () => {
    const activity = {
      text: '<at>Migration</at> <at>News</at> latest 2\n',
      recipient: BOT,
      entities: [mention('<at>Migration</at>'), mention('<at>News</at>')],
    };
    expect(stripBotMentions(activity)).toBe('latest 2');
  });

  it('matches the mention whatever space the text has between its words', () => {
    const activity = {
      text: '<at>Migration&nbsp;News</at>&nbsp;status',
      recipient: BOT,
      entities: [mention('<at>Migration News</at>')],
    };
    expect(
      stripBotMentions(activity)
        .replace(/&nbsp;/g, ' ')
        .trim(),
    ).toBe('status');
  });

  it('keeps mentions of other people and text that only looks like the name', () => {
    const activity = {
      text: '<at>Migration News</at> search <at>Alice</at> Migration News',
      recipient: BOT,
      entities: [mention('<at>Migration News</at>'), mention('<at>Alice</at>', '29:alice')],
    };
    expect(stripBotMentions(activity)).toBe('search <at>Alice</at> Migration News');
  });
});
