import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeWithin, mrkdwnLink, safeUrl } from '../../../../adapters/slack/blocks/escape-mrkdwn.js';
import { slackTextToPlain } from '../../../../adapters/slack/slack-text-to-plain.js';

describe('escapeMrkdwn', () => {
  it.each([
    '<!channel> urgent',
    '<!here>',
    '<!everyone>',
    '<@U123>',
    '<http://x|label>',
    '<#C123|general>',
    '<!subteam^S123>',
  ])('leaves no live Slack token in %s', (text) => {
    const escaped = escapeMrkdwn(text);
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toContain('&lt;');
  });

  it('escapes & first so entities in the source show as typed', () => {
    expect(escapeMrkdwn('a &lt; b & c')).toBe('a &amp;lt; b &amp; c');
  });

  it('drops bidi overrides and control characters but keeps RLM in Arabic text', () => {
    expect(escapeMrkdwn('abc\u202Eevil\u0007')).toBe('abcevil');
    expect(escapeMrkdwn('\u200Fمرحبا')).toBe('\u200Fمرحبا');
  });

  it('shortens without cutting an entity', () => {
    const out = escapeWithin('&&&&&&&&&&', 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).toMatch(/^(&amp;)*…$/);
  });
});

describe('links', () => {
  it('accepts only http(s) URLs and encodes characters that would break the link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl('https://example.org/a|b?x=1&y=<2>')).toBe('https://example.org/a%7Cb?x=1&amp;y=%3C2%3E');
  });

  it('escapes the label of a link', () => {
    expect(mrkdwnLink('https://example.org/', '<!channel> news')).toBe('<https://example.org/|&lt;!channel&gt; news>');
    expect(mrkdwnLink('ftp://example.org/', 'label')).toBe('label');
  });
});

describe('slackTextToPlain (incoming text)', () => {
  it('drops the bot mention, keeps other labels and decodes entities', () => {
    expect(
      slackTextToPlain('<@UBOT> how many &lt;children&gt; &amp; adults? see <https://x.org|this> <@U2|bob>', 'UBOT'),
    ).toBe('how many <children> & adults? see this @bob');
  });
});
