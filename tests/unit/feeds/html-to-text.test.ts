import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/feeds/html-to-text.js';

describe('htmlToText', () => {
  it('puts each block on its own line and inline markup in line', () => {
    expect(
      htmlToText('<p>One <b>bold</b> <a href="/x">link</a></p>\n<p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>'),
    ).toBe('One bold link\nTwo\nThree\na\nb');
  });

  it('treats source line breaks inside HTML as spaces', () => {
    expect(htmlToText('<p>one\ntwo</p>')).toBe('one two');
  });

  it('keeps plain text lines and collapses spaces (cheap path)', () => {
    expect(htmlToText('  first   line \n\n second\tline ')).toBe('first line\nsecond line');
  });

  it('decodes entities, including double-escaped ones', () => {
    expect(htmlToText('Taliban&#039;s &amp; co')).toBe("Taliban's & co");
    expect(htmlToText('Taliban&amp;#039;s takeover')).toBe("Taliban's takeover");
    expect(htmlToText('<p>caf&eacute;&nbsp;noir</p>')).toBe('café noir');
  });

  it('treats entity-escaped HTML as markup', () => {
    expect(htmlToText('&lt;p&gt;Hello&lt;/p&gt;&lt;p&gt;World&lt;/p&gt;')).toBe('Hello\nWorld');
  });

  it('drops scripts, styles and comments, and is inert for mentions', () => {
    expect(htmlToText('<style>p{}</style><p>Hi<!-- secret --> <script>alert("x")</script>there</p>')).toBe('Hi there');
    expect(htmlToText('<p>&lt;!channel&gt; ping</p>')).toBe('<!channel> ping');
  });

  it('does not lose text next to a lone "<"', () => {
    expect(htmlToText('<p>5 < 7 and 8 > 6</p>')).toBe('5 < 7 and 8 > 6');
  });

  it('keeps a declared plain text literal', () => {
    expect(htmlToText('Use <b> for bold &amp; more', { plain: true })).toBe('Use <b> for bold & more');
  });
});
