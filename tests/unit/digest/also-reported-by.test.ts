import { describe, expect, it } from 'vitest';
import { renderDigestText } from '../../../src/cli/render-text.js';
import { renderDigest } from '../../../adapters/slack/blocks/render-digest.js';
import { MAX_ACTIVITY_BYTES } from '../../../adapters/teams/cards/adaptive-card.js';
import { renderDigestActivities } from '../../../adapters/teams/cards/render-digest-card.js';
import { alsoReportedBy } from '../../../src/digest/also-reported-by.js';
import { composeDigest } from '../../../src/digest/compose-digest.js';
import { isolate } from '../../../src/digest/visible-warnings.js';
import type { DigestItem } from '../../../src/domain/digest.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-sdk.js';
import { makeDigestItem, makeLargeDigest } from '../../helpers/digest-items.js';
import { makeEdition, makeStory } from '../../helpers/factories.js';
import { validateSlackPayload } from '../../helpers/validate-slack-payload.js';

const crossPublisher = (publishers: number): DigestItem['editions'] => [
  { url: 'https://www.bbc.example/news/bodrum', source: 'bbc-en', language: 'en', sourceName: 'BBC' },
  ...Array.from({ length: publishers }, (_, i) => ({
    url: `https://p${i}.example/ar/bodrum`,
    source: `p${i}-ar`,
    language: i % 2 === 0 ? 'ar' : 'en',
    sourceName: i === 0 ? 'Al Jazeera' : `Publisher ${i}`,
  })),
];

describe('also reported by (SPEC 5.1, one event, several publishers)', () => {
  it('is absent when every edition is from the primary publisher', () => {
    expect(alsoReportedBy(makeDigestItem())).toBeNull();
    expect(
      alsoReportedBy(
        makeDigestItem({
          editions: [
            { url: 'https://iom.int/a', source: 'iom-en', language: 'en', sourceName: 'IOM' },
            { url: 'https://iom.int/ar/a', source: 'iom-ar', language: 'ar', sourceName: 'IOM' },
          ],
        }),
      ),
    ).toBeNull();
  });

  it('names the other publishers once each, with their language when it is not the original', () => {
    const item = makeDigestItem({
      source: 'bbc-en',
      sourceName: 'BBC',
      editions: [
        { url: 'https://bbc.example/a', source: 'bbc-en', language: 'en', sourceName: 'BBC' },
        { url: 'https://aljazeera.example/a', source: 'aj-ar', language: 'ar', sourceName: 'Al Jazeera' },
        { url: 'https://reuters.example/a', source: 'reuters-en', language: 'en', sourceName: 'Reuters' },
        { url: 'https://reuters.example/fr/a', source: 'reuters-fr', language: 'fr', sourceName: 'Reuters' },
      ],
    });
    expect(alsoReportedBy(item)).toBe(
      `Also reported by: ${isolate('Al Jazeera')} (${isolate('العربية')}), ${isolate('Reuters')} (${isolate('français')})`,
    );
  });

  it('comes from the composed digest: configured publishers by name, never a source id standing in for one', () => {
    const story = makeStory({ id: 'st' });
    const [primary] = story.editions;
    story.editions = [
      { ...(primary as NonNullable<typeof primary>), sourceId: 'bbc-en', language: 'en' },
      makeEdition({ id: 'e2', storyId: 'st', sourceId: 'aj-ar', language: 'ar', url: 'https://aj.example/a' }),
      makeEdition({
        id: 'e3',
        storyId: 'st',
        sourceId: 'removed-source',
        language: 'fr',
        url: 'https://gone.example/a',
      }),
    ];
    const digest = composeDigest({
      stories: [story],
      summaries: new Map(),
      sourceNames: new Map([
        ['bbc-en', 'BBC'],
        ['aj-ar', 'Al Jazeera'],
      ]),
      languages: ['en', 'ar'],
      maxItems: 5,
    });
    const [item] = digest.items;
    expect(item?.editions.map((e) => e.sourceName)).toEqual(['BBC', 'Al Jazeera', undefined]);
    expect(alsoReportedBy(item as DigestItem)).toBe(
      `Also reported by: ${isolate('Al Jazeera')} (${isolate('العربية')})`,
    );
  });

  it('Slack: an Arabic publisher name beside Latin ones keeps its isolates; a bidi override in a name is removed', () => {
    const item = makeDigestItem({
      source: 'bbc-en',
      sourceName: 'BBC',
      editions: [
        { url: 'https://bbc.example/a', source: 'bbc-en', language: 'en', sourceName: 'BBC' },
        { url: 'https://aljazeera.example/a', source: 'aj-ar', language: 'ar', sourceName: 'الجزيرة' },
        { url: 'https://reuters.example/a', source: 'reuters-en', language: 'en', sourceName: 'Reuters' },
        // A name that would read "Evil exe.pdf" reversed: the override is not the bot's, so it goes.
        { url: 'https://evil.example/a', source: 'evil-en', language: 'en', sourceName: 'Evil \u202Efdp.exe <b>' },
      ],
    });
    const [message] = renderDigest({
      id: 'd-bidi',
      generatedAt: new Date().toISOString(),
      languages: ['en', 'ar'],
      items: [item],
    });
    type Block = { type: string; elements?: Array<{ text?: string }> };
    const line =
      ((message?.payload as { blocks?: Block[] } | undefined)?.blocks ?? [])
        .flatMap((b) => (b.type === 'context' ? (b.elements ?? []) : []))
        .map((e) => e.text ?? '')
        .find((t) => t.startsWith('Also reported by: ')) ?? '';
    expect(line).toBe(
      `Also reported by: ${isolate('الجزيرة')} (${isolate('العربية')}), ${isolate('Reuters')}, ${isolate('Evil fdp.exe &lt;b&gt;')}`,
    );
    expect(line).not.toContain('\u202E');
    // Balanced: every isolate the bot opens is closed, so nothing after the line is reordered.
    expect(line.match(/\u2068/g)?.length).toBe(line.match(/\u2069/g)?.length);
  });

  it('Teams: the same line keeps its isolates in the card; a bidi override and Markdown in a name are made inert', () => {
    const item = makeDigestItem({
      source: 'bbc-en',
      sourceName: 'BBC',
      editions: [
        { url: 'https://bbc.example/a', source: 'bbc-en', language: 'en', sourceName: 'BBC' },
        { url: 'https://aljazeera.example/a', source: 'aj-ar', language: 'ar', sourceName: 'الجزيرة' },
        { url: 'https://evil.example/a', source: 'evil-en', language: 'en', sourceName: 'Evil \u202Efdp.exe **x**' },
      ],
    });
    const [part] = renderDigestActivities({
      id: 'd-bidi-teams',
      generatedAt: new Date().toISOString(),
      languages: ['en', 'ar'],
      items: [item],
    });
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const { type, text } = node as { type?: string; text?: unknown };
      if (type === 'TextBlock' && typeof text === 'string') texts.push(text);
      for (const value of Object.values(node)) walk(value);
    };
    walk(part?.activity);
    const line = texts.find((t) => t.startsWith('Also reported by: ')) ?? '';
    expect(
      line.startsWith(`Also reported by: ${isolate('الجزيرة')} (${isolate('العربية')}), \u2068Evil fdp.exe `),
    ).toBe(true);
    expect(line).not.toContain('\u202E');
    expect(line).not.toContain('**x**');
    expect(line.match(/\u2068/g)?.length).toBe(line.match(/\u2069/g)?.length);
  });

  it('stays compact with many publishers', () => {
    const line =
      alsoReportedBy(makeDigestItem({ source: 'bbc-en', sourceName: 'BBC', editions: crossPublisher(12) })) ?? '';
    expect(line).toMatch(/^Also reported by: \u2068Al Jazeera\u2069 .*, \+8 more$/);
    expect(line.length).toBeLessThan(300);
  });

  it('keeps a 100-item digest of cross-publisher items within Slack and Teams limits, the line on every item', () => {
    const digest = makeLargeDigest(100);
    // Publisher names come from the sources file, but are rendered as inert text all the same.
    const editions = crossPublisher(12).map((e, i) =>
      i === 2 ? { ...e, sourceName: '<!channel> <@U123> *Loud*' } : e,
    );
    digest.items = digest.items.map((item) => ({ ...item, source: 'bbc-en', sourceName: 'BBC', editions }));
    const slack = renderDigest(digest);
    for (const { payload } of slack) expect(validateSlackPayload(payload)).toEqual([]);
    expect(JSON.stringify(slack).match(/Also reported by: /g)).toHaveLength(100);
    const teams = renderDigestActivities(digest);
    for (const { activity } of teams) {
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
      const card = (activity as { attachments: Array<{ content: unknown }> }).attachments[0]?.content;
      expect(adaptiveCardProblems(card)).toEqual([]);
    }
    expect(JSON.stringify(teams).match(/Also reported by: /g)).toHaveLength(100);
    // Every edition stays one click away, with no action set above the hosts' five actions.
    const first = JSON.stringify(teams[0]?.activity);
    for (const e of editions) expect(first).toContain(e.url as string);
    const walk = (node: unknown): Array<{ actions: unknown[] }> => {
      if (!node || typeof node !== 'object') return [];
      const own = (node as { type?: string }).type === 'ActionSet' ? [node as { actions: unknown[] }] : [];
      return [...own, ...Object.values(node).flatMap(walk)];
    };
    const sets = walk(JSON.parse(first));
    // The story's first set, and the sets behind "More editions", for each item of the part.
    expect(sets.length).toBeGreaterThan(1);
    for (const set of sets) {
      expect(set.actions.length).toBeLessThanOrEqual(5);
    }
    expect(renderDigestText(digest).match(/Also reported by: /g)).toHaveLength(100);
  });
});
