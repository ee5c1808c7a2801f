import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../adapters/slack/blocks/render-digest.js';
import { escapeHtml, jsonForScript } from '../../../src/preview/escape-html.js';
import { mrkdwnToHtml } from '../../../adapters/slack/preview/mrkdwn-to-html.js';
import { renderSlackPreview } from '../../../adapters/slack/preview/render-slack-preview.js';
import { makeDigestItem, makeLargeDigest } from '../../helpers/digest-items.js';

describe('mrkdwnToHtml', () => {
  it('shows links as their label with an http(s) href, inside bold, with Slack entities decoded once', () => {
    expect(mrkdwnToHtml('\u200f*<https://iom.int/a?b=1&amp;c=2|غرق &lt;b&gt;قارب&lt;/b&gt;>*')).toBe(
      '\u200f<strong><a class="sk-link" href="https://iom.int/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">غرق &lt;b&gt;قارب&lt;/b&gt;</a></strong>',
    );
  });

  it('renders *bold*, _italic_, ~strike~ and `code` only at word boundaries', () => {
    expect(mrkdwnToHtml('*bold* _it_ ~st~ `a<b` snake_case_name 2*3*4')).toBe(
      '<strong>bold</strong> <em>it</em> <del>st</del> <code class="sk-code">a&lt;b</code> snake_case_name 2*3*4',
    );
  });

  it('keeps escaped mentions as text and shows real ones as mentions', () => {
    const html = mrkdwnToHtml('&lt;!channel&gt; &lt;@U1&gt; <!here> <@U2|ana> <#C1|general>');
    expect(html.startsWith('&lt;!channel&gt; &lt;@U1&gt; ')).toBe(true);
    expect(html).toContain(
      '<span class="sk-mention sk-broadcast" title="Slack special mention: it notifies people">@here</span>',
    );
    expect(html).toContain('>@ana</span>');
    expect(html).toContain('>#general</span>');
  });

  it('gives no href to a link that is not http(s) or mailto', () => {
    expect(mrkdwnToHtml('<javascript:alert(1)|click> <data:text/html,x>')).toBe('click data:text/html,x');
  });

  it('turns > lines into a block quote, ``` into preformatted text, known emoji into characters', () => {
    expect(mrkdwnToHtml('&gt; quoted\n&gt; more\nafter')).toBe(
      '<blockquote class="sk-quote">quoted<br>more</blockquote>after',
    );
    expect(mrkdwnToHtml('```x *y* <b>```')).toBe('<pre class="sk-pre">x *y* &lt;b&gt;</pre>');
    expect(mrkdwnToHtml(':warning: figure')).toBe('⚠️ figure');
  });

  it('never lets markup through, whatever the input', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '"><script>alert(1)</script>',
      '<https://x.org|<img src=x>>',
      '&lt;script&gt;',
      '\uE0000\uE001<b>',
    ];
    for (const text of hostile) expect(mrkdwnToHtml(text)).not.toMatch(/<(img|script|b)\b/i);
  });
});

describe('renderSlackPreview', () => {
  it('draws each message in its own frame and marks the split between messages', () => {
    const messages = renderDigest(makeLargeDigest(30)).map((m) => m.payload);
    expect(messages.length).toBeGreaterThan(1);
    const html = renderSlackPreview(messages);
    expect(html.match(/<article class="sk-message"/g)).toHaveLength(messages.length);
    expect(html.match(/class="split-marker"/g)).toHaveLength(messages.length - 1);
    expect(html).toContain(`message 2 of ${messages.length}: a separate post`);
    expect(html).not.toContain('limit-problem');
  });

  it('lets each section take the direction of its text (Arabic sections start with a right-to-left mark)', () => {
    const [message] = renderDigest({
      id: 'd',
      generatedAt: new Date().toISOString(),
      languages: ['en', 'ar'],
      items: [makeDigestItem()],
    }).map((m) => m.payload);
    const html = renderSlackPreview(message ? [message] : []);
    expect(html).toMatch(
      /<div class="sk-block sk-section" dir="auto">\u200f<strong><a class="sk-link" href="https:\/\/www\.iom\.int\/ar\/news\/story-1"/,
    );
    expect(html).toContain('<div class="sk-block sk-header" dir="auto">');
    expect(html).toContain('<div class="sk-block sk-context">');
  });

  it("flags a message over Slack's limits", () => {
    const blocks = Array.from({ length: 51 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(3_001) },
    }));
    const html = renderSlackPreview([{ blocks }]);
    expect(html).toContain('51 blocks: Slack refuses more than 50');
    expect(html).toContain('section of 3001 characters (limit 3000)');
  });

  it('escapes unknown block types and plain text', () => {
    const html = renderSlackPreview([
      {
        text: '<b>fallback</b>',
        blocks: [{ type: '<img src=x>' }, { type: 'header', text: { type: 'plain_text', text: '<script>' } }],
      },
    ]);
    expect(html).toContain('[&lt;img src=x&gt; block: not shown in the preview]');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('notification text: &lt;b&gt;fallback&lt;/b&gt;');
    expect(html).not.toMatch(/<(img|script|b)\b/);
  });
});

describe('escaping for the page', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('writes JSON for a script element without <, > or & and without JavaScript line terminators, and it still parses', () => {
    const value = { title: '</script><script>alert(1)</script><!-- & \u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
