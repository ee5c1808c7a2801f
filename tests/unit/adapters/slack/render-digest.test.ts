import { describe, expect, it } from 'vitest';
import { CHANNEL_PLACEHOLDER, formatSlackPayloads } from '../../../../adapters/slack/blocks/format-slack-payloads.js';
import { DIGEST_EVENT_TYPE, renderDigest } from '../../../../adapters/slack/blocks/render-digest.js';
import type { SlackBlock } from '../../../../adapters/slack/blocks/slack-blocks.js';
import { SLACK_LIMITS } from '../../../../adapters/slack/blocks/slack-limits.js';
import { digestSchema } from '../../../../src/domain/digest.js';
import { makeDigest, makeDigestItem } from '../../../helpers/factories.js';
import { validateSlackPayload } from '../../../helpers/validate-slack-payload.js';

const texts = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'section' || b.type === 'header'
      ? [b.text.text]
      : b.type === 'context'
        ? b.elements.map((e) => e.text)
        : [],
  );

/** The one message of a digest of one story with these texts (Arabic machine-translated), checked against Slack's limits. */
function renderStory(en: { title: string; summary: string }, ar: { title: string; summary: string } | null = null) {
  const item = makeDigestItem({
    text: { en: { ...en, origin: 'source' }, ar: ar ? { ...ar, origin: 'translation' } : null },
  });
  const [message] = renderDigest(makeDigest({ items: [item] }));
  expect(validateSlackPayload(message?.payload)).toEqual([]);
  return message;
}

describe('renderDigest', () => {
  it('puts each language in its own section, Arabic starting with a right-to-left mark', () => {
    const [message] = renderDigest(makeDigest({ items: [makeDigestItem()] }));
    const sections = message?.payload.blocks.filter((b) => b.type === 'section') ?? [];
    expect(sections).toHaveLength(2);
    const [en, ar] = sections.map((b) => (b.type === 'section' ? b.text.text : ''));
    expect(en).toMatch(/^\*<https:\/\/example\.org\/en\/story-1\|Boat capsizes off Bodrum: 12 dead>\*\nA boat/);
    expect(ar?.startsWith('\u200F*<https://example.org/ar/story-1|غرق')).toBe(true);
    expect(ar).toContain('\n\u200Fانقلب');
  });

  it('labels source, original language, time and machine translation, gives a missing language no line, and links every edition', () => {
    const item = makeDigestItem({
      text: { en: { title: 'T', summary: 'S.', origin: 'translation' }, ar: null },
      language: 'fr',
      sourceName: 'InfoMigrants',
      editions: [
        { url: 'https://im.example/fr/1', source: 'im-fr', language: 'fr' },
        { url: 'https://im.example/en/1', source: 'im-en', language: 'en' },
      ],
    });
    const [message] = renderDigest(makeDigest({ items: [item] }));
    const all = texts(message?.payload.blocks ?? []).join('\n');
    expect(all).toContain('InfoMigrants · original: French · 2024-05-01 08:00 UTC');
    expect(all).toContain('English: machine-translated');
    // The missing Arabic has no line: the digest's notice says once why (SPEC 5.3).
    expect(all).not.toContain('not available');
    expect(all).toContain('<https://im.example/fr/1|Français>');
    expect(all).toContain('<https://im.example/en/1|English>');
  });

  it('still offers the article when no digest language has a text', () => {
    const item = makeDigestItem({ language: 'fr', url: 'https://im.example/fr/2', text: { en: null, ar: null } });
    const [message] = renderDigest(makeDigest({ items: [item] }));
    expect(validateSlackPayload(message?.payload)).toEqual([]);
    expect(texts(message?.payload.blocks ?? [])).toContain('*<https://im.example/fr/2|Article in French>*');
  });

  it('shows warnings visibly', () => {
    const [message] = renderDigest(
      makeDigest({ items: [makeDigestItem({ warnings: ['figure "120" not found in the source'] })] }),
    );
    expect(texts(message?.payload.blocks ?? []).join('\n')).toContain(':warning: figure "120" not found in the source');
  });

  it('renders <!channel>, <@U123> and fake links in feed text as inert text', () => {
    const evil = makeDigestItem({
      sourceName: '<!here>',
      text: {
        en: {
          title: '<!channel> urgent',
          summary: 'Call <@U123> or <!everyone> at <http://evil.example|iom.int> & more',
          origin: 'source',
        },
        ar: { title: '<!here> عاجل', summary: '<@U999>', origin: 'source' },
      },
    });
    const [message] = renderDigest(makeDigest({ items: [evil] }));
    expect(validateSlackPayload(message?.payload)).toEqual([]);
    const all = texts(message?.payload.blocks ?? []).join('\n');
    expect(all).toContain('&lt;!channel&gt; urgent');
    expect(all).toContain('&lt;http://evil.example|iom.int&gt; &amp; more');
    expect(message?.payload.text).toContain('&lt;!channel&gt; urgent');
  });

  it('converts the Markdown the LLM writes: summaries to mrkdwn, titles (and the fallback text) to plain words', () => {
    const message = renderStory(
      {
        title: '**Boat capsizes** off _Bodrum_',
        summary: '**Bold claim** with a [link](https://example.org/x) and _it_',
      },
      { title: '**غرق قارب** قبالة بودروم', summary: 'غرق **١٢** شخصا' },
    );
    const [en, ar] = (message?.payload.blocks ?? []).flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
    expect(en).toMatch(/^\*<https:\/\/example\.org\/en\/story-1\|Boat capsizes off Bodrum>\*\n/);
    expect(en).toMatch(/\*Bold claim\*/);
    // A link the LLM wrote is only its words: a digest links to the story's own articles, nowhere else.
    expect(en).toMatch(/with a link and /);
    expect(en).not.toContain('example.org/x');
    expect(en).toMatch(/_it_/);
    expect(ar?.startsWith('\u200F*<https://example.org/ar/story-1|غرق قارب قبالة بودروم>*\n\u200F')).toBe(true);
    expect(ar).toMatch(/\*١٢\*/);
    expect(`${en}${ar}`).not.toContain('**');
    expect(message?.payload.text).toContain('1. Boat capsizes off Bodrum');
    expect(message?.payload.text).not.toMatch(/[*_]/);
  });

  it('keeps mentions inert and links safe in a Markdown summary', () => {
    const message = renderStory({
      title: '[<!channel>](https://evil.example) **urgent**',
      summary: '**Call** <@U123> or <!everyone> at [iom.int](http://evil.example/) and [x](javascript:alert(1))',
    });
    const all = texts(message?.payload.blocks ?? []).join('\n');
    expect(all).not.toMatch(/<[!@#]/);
    expect(all).toContain('|&lt;!channel&gt; urgent>');
    expect(all).toContain('&lt;@U123&gt; or &lt;!everyone&gt;');
    // Links the LLM wrote are words only: none to where an article steered it, none disguised as another host.
    expect(all).toContain('at iom.int and x');
    expect(all).not.toContain('evil.example');
    expect(all).not.toContain('javascript:');
    expect(message?.payload.text).not.toMatch(/<[!@#]/);
  });

  it('starts every block whose first letters are Arabic script with a right-to-left mark, and no Latin one', () => {
    const digest = makeDigest({
      languages: ['ar', 'en'],
      items: [
        // Machine-translated Arabic: its note names the language in Arabic first.
        makeDigestItem({
          id: 'translated',
          text: {
            ar: { title: 'غرق قارب', summary: 'انقلب قارب.', origin: 'translation' },
            en: { title: 'Boat capsizes', summary: 'A boat capsized.', origin: 'source' },
          },
        }),
        // An Arabic publisher, and an Arabic-only story offline: its extract is labelled "العربية · original".
        makeDigestItem({
          id: 'arabic-only',
          language: 'ar',
          sourceName: 'الجزيرة',
          text: { ar: null, en: null },
          original: { language: 'ar', title: 'عنوان', summary: 'ملخص الخبر.' },
          editions: [{ url: 'https://example.org/ar/2', source: 'jazeera-ar', language: 'ar', sourceName: 'الجزيرة' }],
        }),
      ],
    });
    const [message] = renderDigest(digest);
    const all = texts(message?.payload.blocks ?? []);
    // The first letter a reader sees: link targets, entities and emoji codes are not seen.
    const firstLetter = (t: string) =>
      t
        .replace(/<[^<>|]*\|/g, '')
        .replace(/&[a-z]+;|:[a-z_]+:/g, '')
        .match(/\p{L}/u)?.[0] ?? '';
    const arabicLed = all.filter((t) => /\p{Script=Arabic}/u.test(firstLetter(t)));
    const latinLed = all.filter((t) => /\p{Script=Latin}/u.test(firstLetter(t)));
    for (const t of arabicLed) expect(t, t).toMatch(/^\u200F/);
    for (const t of latinLed) expect(t, t).not.toMatch(/^\u200F/);
    // The right-to-left notes and lines this digest has, and the Latin ones next to them.
    expect(arabicLed).toEqual(
      expect.arrayContaining([
        '\u200Fالعربية: machine-translated',
        expect.stringMatching(/^\u200F\u2068العربية\u2069 · original$/),
        expect.stringMatching(/^\u200F\*2\* · الجزيرة · original: Arabic/),
      ]),
    );
    expect(latinLed).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Read: .*العربية/), expect.stringMatching(/^Migration news/)]),
    );
    expect(arabicLed.length + latinLed.length).toBe(all.filter((t) => firstLetter(t)).length);
  });

  it('carries metadata naming the digest, its stories and the part', () => {
    const digest = makeDigest({ id: 'dg-7', items: [makeDigestItem({ id: 'a' }), makeDigestItem({ id: 'b' })] });
    const [message] = renderDigest(digest);
    expect(message?.payload.metadata).toEqual({
      event_type: DIGEST_EVENT_TYPE,
      event_payload: { digest_id: 'dg-7', story_ids: 'a,b', part: 1, parts: 1 },
    });
    expect(message?.storyIds).toEqual(['a', 'b']);
    expect(message?.payload).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('splits a 100-story digest into messages that all stay within every Slack limit', () => {
    const items = Array.from({ length: 100 }, (_, i) =>
      makeDigestItem({
        id: `s${i}`,
        warnings: i % 7 === 0 ? ['figure check failed'] : [],
        text: {
          en: {
            title: `${'Long title '.repeat(30)}${i}`,
            summary: 'Sentence with <!channel> & figures 1,234. '.repeat(60),
            origin: 'source',
          },
          ar: {
            title: 'عنوان طويل '.repeat(30),
            summary: 'جملة عربية طويلة مع أرقام ١٢٣. '.repeat(80),
            origin: 'translation',
          },
        },
      }),
    );
    const messages = renderDigest(makeDigest({ items }));
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((m, i) => {
      expect(validateSlackPayload(m.payload), `message ${i + 1}`).toEqual([]);
      expect(m.payload.metadata?.event_payload).toMatchObject({ part: i + 1, parts: messages.length });
      expect(m.payload.blocks[0]?.type === 'header' && m.payload.blocks[0].text.text).toContain(
        `(part ${i + 1}/${messages.length})`,
      );
    });
    // Every story exactly once, in order.
    expect(messages.flatMap((m) => m.storyIds)).toEqual(items.map((i) => i.id));
    const most = Math.max(...messages.map((m) => m.payload.blocks.length));
    expect(most).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  });

  it('packs short stories up to the 50-block limit', () => {
    const items = Array.from({ length: 100 }, (_, i) => makeDigestItem({ id: `s${i}` }));
    const messages = renderDigest(makeDigest({ items }));
    for (const m of messages) expect(validateSlackPayload(m.payload)).toEqual([]);
    expect(messages[0]?.payload.blocks.length).toBeGreaterThan(40);
  });

  it('renders an empty digest as one valid message', () => {
    const messages = renderDigest(makeDigest({ items: [] }));
    expect(messages).toHaveLength(1);
    expect(validateSlackPayload(messages[0]?.payload)).toEqual([]);
  });
});

describe('formatSlackPayloads', () => {
  it('prints the exact chat.postMessage payloads as JSON, with a channel placeholder', () => {
    const digest = digestSchema.parse(makeDigest({ items: [makeDigestItem()] }));
    const payloads = JSON.parse(formatSlackPayloads(digest)) as Array<Record<string, unknown>>;
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toMatchObject({ channel: CHANNEL_PLACEHOLDER, unfurl_links: false, unfurl_media: false });
    expect(payloads[0]).not.toHaveProperty('storyIds');
    expect(payloads[0]?.blocks).toEqual(renderDigest(digest)[0]?.payload.blocks);
  });
});
