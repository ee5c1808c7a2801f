import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn } from '../../../../adapters/slack/blocks/markdown-to-mrkdwn.js';

describe('markdownToMrkdwn', () => {
  it('converts Markdown emphasis, lists and quotes to mrkdwn', () => {
    const out = markdownToMrkdwn('**12 people** died.\n\n- one\n- two\n\n> quoted');
    expect(out).toMatch(/\*12 people\*/);
    expect(out).toContain('•');
    expect(out).toMatch(/^> quoted$/m);
  });

  it('keeps <!channel>, <@U123> and raw Slack links inert', () => {
    const out = markdownToMrkdwn(
      '<!channel> <!here> <@U123> <http://evil.example|google.com> and <script>x</script> & more',
    );
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toContain('<http');
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('&amp; more');
  });

  it('turns Markdown links into Slack links, http(s) only, always showing the real URL', () => {
    expect(markdownToMrkdwn('[the report](https://iom.int/report?a=1&b=2)')).toBe(
      'the report (<https://iom.int/report?a=1&amp;b=2>)',
    );
    expect(markdownToMrkdwn('[google.com](http://evil.example/)')).toBe('<http://evil.example/>');
    expect(markdownToMrkdwn('[click](javascript:alert(1))')).toBe('click');
  });

  it('keeps Arabic text and Arabic-Indic digits intact', () => {
    expect(markdownToMrkdwn('غرق **١٢** شخصا')).toContain('١٢');
  });
});
