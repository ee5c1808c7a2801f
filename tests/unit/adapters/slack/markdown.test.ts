import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn } from '../../../../adapters/slack/blocks/markdown-to-mrkdwn.js';
import { markdownToPlain } from '../../../../adapters/slack/blocks/markdown-to-plain.js';

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

  it('drops bidi overrides and control characters from text with or without Markdown', () => {
    expect(markdownToMrkdwn('Plain \u202etxt.exe\u202c answer\u0007')).toBe('Plain txt.exe answer');
    expect(markdownToMrkdwn('**Bold** \u202etxt.exe\u202c')).not.toMatch(/[\u202a-\u202e]/);
  });

  it('keeps Arabic text and Arabic-Indic digits intact', () => {
    expect(markdownToMrkdwn('غرق **١٢** شخصا')).toContain('١٢');
  });
});

describe('markdownToMrkdwn with links as words (digest summaries)', () => {
  it("keeps a link's words and drops where it goes, whatever the URL", () => {
    const words = (md: string) => markdownToMrkdwn(md, { links: 'words' });
    expect(words('see [the report](https://iom.int/r) and **this**')).toMatch(/^see the report and \u200b?\*this\*/);
    expect(words('[google.com](http://evil.example/)')).toBe('google.com');
    expect(words('[click](javascript:alert(1))')).toBe('click');
    expect(words('[<!channel>](https://evil.example)')).toBe('&lt;!channel&gt;');
  });

  it('gives text without Markdown the same escaping as before', () => {
    const plain = 'A boat carrying 43 migrants capsized off Bodrum & <!here> was "rescued".';
    expect(markdownToMrkdwn(plain)).toBe(
      'A boat carrying 43 migrants capsized off Bodrum &amp; &lt;!here&gt; was "rescued".',
    );
  });
});

describe('markdownToPlain', () => {
  it.each([
    ['**Boat capsizes** off _Bodrum_', 'Boat capsizes off Bodrum'],
    ['***Both*** and ~~gone~~ and `code`', 'Both and gone and code'],
    ['**~~nested~~** title', 'nested title'],
    ['## A heading', 'A heading'],
    ['[IOM report](https://iom.int/r?a=(1)) out', 'IOM report out'],
    ['snake_case_name and 5 * 3 * 2', 'snake_case_name and 5 * 3 * 2'],
    ['\\*not emphasis\\*', '*not emphasis*'],
    ['غرق **قارب** قبالة بودروم', 'غرق قارب قبالة بودروم'],
    ['<!channel> stays text', '<!channel> stays text'],
  ])('%s -> %s', (markdown, plain) => {
    expect(markdownToPlain(markdown)).toBe(plain);
  });
});
