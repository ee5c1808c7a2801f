import { describe, expect, it } from 'vitest';
import { renderMessage as renderSlack } from '../../../adapters/slack/blocks/render-message.js';
import { renderMessage as renderTeams } from '../../../adapters/teams/cards/render-message.js';
import type { StoryUpdate } from '../../../src/domain/story-update.js';

const hostile: StoryUpdate = {
  storyId: 's1',
  revision: 7,
  sourceName: 'IOM <!here>',
  revisedAt: '2026-12-06T14:05:00.000Z',
  language: 'en',
  figures: [
    {
      from: '41',
      to: '62',
      context: 'At least 62 died <!channel> <@U123> [click](https://evil.example) {{DATE(2020-01-01T00:00:00Z)}}',
    },
  ],
  title: '<https://evil.example|Breaking> **now**',
  thread: { threadId: '1.1', messageId: '1.1' },
};

/** Feed text in a threaded update is as inert as in a digest: no ping, no link, no markup, no card function. */
describe('rendering a story update', () => {
  it('Slack: one section, mentions and links escaped', () => {
    const [message, ...rest] = renderSlack({ kind: 'update', update: hostile });
    expect(rest).toHaveLength(0);
    const json = JSON.stringify(message?.payload);
    expect(json).toContain('revised from 41 to 62');
    expect(json).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(message?.storyIds).toEqual(['s1']);
  });

  it('Teams: one card, markdown and card functions escaped', () => {
    const [part, ...rest] = renderTeams({ kind: 'update', update: hostile });
    expect(rest).toHaveLength(0);
    const json = JSON.stringify(part?.activity);
    expect(json).toContain('revised from 41 to 62');
    expect(json).not.toContain('[click](https://evil.example)');
    expect(json).not.toContain('{{DATE(');
    expect(json).not.toContain('**now**');
  });
});
