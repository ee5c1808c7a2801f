import { describe, expect, it } from 'vitest';
import type { CardElement } from '../../../../adapters/teams/cards/adaptive-card.js';
import { formatTeamsActivities } from '../../../../adapters/teams/cards/format-teams-activities.js';
import { renderDigestActivities } from '../../../../adapters/teams/cards/render-digest-card.js';
import { adaptiveCardProblems } from '../../../helpers/adaptive-card-sdk.js';
import { makeDigestItem, makeLargeDigest } from '../../../helpers/digest-items.js';
import { makeDigest } from '../../../helpers/factories.js';

/** Every element of a card, depth first. */
function walk(elements: unknown[]): CardElement[] {
  const out: CardElement[] = [];
  for (const element of elements as CardElement[]) {
    out.push(element);
    if (Array.isArray(element.items)) out.push(...walk(element.items));
    if (Array.isArray(element.actions)) out.push(...walk(element.actions));
  }
  return out;
}

function onlyCard(digest = makeDigest({ items: [makeDigestItem()] })) {
  const parts = renderDigestActivities(digest);
  expect(parts).toHaveLength(1);
  const attachment = parts[0]?.activity.attachments[0];
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment?.content as NonNullable<typeof attachment>['content'];
}

/** The Container of one language: the one whose first TextBlock is the language label. */
function languageContainers(card: { body: CardElement[] }, label: RegExp): CardElement[] {
  return walk(card.body).filter(
    (e) =>
      e.type === 'Container' &&
      Array.isArray(e.items) &&
      label.test(String((e.items[0] as CardElement | undefined)?.text ?? '')),
  );
}

describe('Teams digest card', () => {
  it('is an Adaptive Card 1.5 that Microsoft’s card SDK parses without a problem', () => {
    const card = onlyCard();
    expect(card).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.5',
    });
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('puts each language in its own Container, Arabic right to left and English left to right', () => {
    const card = onlyCard();
    const arabic = languageContainers(card, /^AR · العربية/);
    const english = languageContainers(card, /^EN · English/);
    expect(arabic).toHaveLength(1);
    expect(english).toHaveLength(1);
    expect(arabic[0]?.rtl).toBe(true);
    expect(english[0]?.rtl).toBe(false);
    const arabicTexts = walk(arabic[0]?.items as unknown[]).map((e) => e.text);
    expect(arabicTexts).toContain('غرق قارب قبالة بودروم: ١٢ قتيلاً');
    expect(
      walk(card.body)
        .filter((e) => e.type === 'TextBlock')
        .every((e) => e.wrap === true),
    ).toBe(true);
  });

  it('labels source, original language, publication time, machine translation, missing languages and warnings', () => {
    const item = makeDigestItem({
      language: 'ar',
      sourceName: 'UN News',
      text: { en: { title: 'Arrivals rise', summary: 'Arrivals rose.', origin: 'translation' }, ar: null },
      warnings: ['The figure "31" was not found in the source text'],
    });
    const card = onlyCard(makeDigest({ items: [item] }));
    const texts = walk(card.body).map((e) => String(e.text ?? ''));
    expect(
      texts.some(
        (t) =>
          t.includes('UN News') &&
          t.includes('original: العربية') &&
          t.includes('{{DATE(2025-01-26T10:30:00Z, SHORT)}}'),
      ),
    ).toBe(true);
    expect(texts).toContain('EN · English · machine-translated');
    // The missing Arabic has no slot (the digest's notice explains it once), and no Arabic label either.
    expect(texts.join('\n')).not.toContain('not available');
    expect(texts).not.toContain('AR · العربية');
    const warning = walk(card.body).find((e) => String(e.text ?? '').startsWith('⚠'));
    expect(warning).toMatchObject({ color: 'Warning', text: '⚠ The figure "31" was not found in the source text' });
  });

  it('has an Action.OpenUrl for each edition, and only for http(s) URLs', () => {
    const item = makeDigestItem({
      editions: [
        { url: 'https://www.iom.int/news/a', source: 'iom-en', language: 'en' },
        { url: 'https://www.iom.int/ar/news/a', source: 'iom-ar', language: 'ar' },
        { url: 'javascript:alert(1)', source: 'evil', language: 'fr' },
        { url: 'data:text/html,<script>x</script>', source: 'evil', language: 'es' },
        { url: null, source: 'nolink', language: 'fa' },
      ],
    });
    const actions = walk(onlyCard(makeDigest({ items: [item] })).body).filter((e) => e.type === 'Action.OpenUrl');
    expect(actions.map((a) => a.url)).toEqual(['https://www.iom.int/news/a', 'https://www.iom.int/ar/news/a']);
    expect(actions.map((a) => a.title)).toEqual(['Read · English', 'Read · العربية']);
  });

  it('renders hostile feed text inert: no links, mentions, emphasis, lists or card functions', () => {
    const item = makeDigestItem({
      sourceName: '<at>General</at>',
      text: {
        en: {
          title: '**URGENT** [click here](https://evil.example/phish) <at>everyone</at>',
          summary:
            '- fake list item _italic_ # heading {{DATE(2017-02-14T06:08:39Z, SHORT)}} see https://evil.example/x',
          origin: 'source',
        },
        ar: { title: '1. عنوان', summary: '\u202eevil\u202c text', origin: 'source' },
      },
    });
    const parts = renderDigestActivities(makeDigest({ items: [item] }));
    const json = JSON.stringify(parts);
    expect(json).not.toMatch(/<at>|<\/at>/);
    expect(json).not.toContain('](https://evil');
    expect(json).not.toContain('{{DATE(2017');
    expect(json).not.toContain('https://evil.example/phish');
    expect(json).not.toMatch(/\u202e/);
    const texts = walk(parts[0]?.activity.attachments[0]?.content.body ?? []).map((e) => String(e.text ?? ''));
    expect(texts).toContain('\\*\\*URGENT\\*\\* \\[click here\\](https:\u200b//evil.example/phish) everyone');
    expect(texts).toContain(
      '\\- fake list item \\_italic\\_ \\# heading {\u200b{DATE(2017-02-14T06:08:39Z, SHORT)}} see https:\u200b//evil.example/x',
    );
    expect(texts).toContain('1\\. عنوان');
    // Nothing from the content becomes a Teams mention entity.
    expect(parts[0]?.activity.entities).toBeUndefined();
    expect(json).not.toContain('"mention"');
  });

  it('splits a 100-story digest into parts under 28 KB, labelled part i/n, each story once and in order', () => {
    const digest = makeLargeDigest(100);
    const parts = renderDigestActivities(digest);
    expect(parts.length).toBeGreaterThan(1);
    const sizes = parts.map((p) => Buffer.byteLength(JSON.stringify(p.activity)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(26_000);
    expect(parts.flatMap((p) => p.storyIds)).toEqual(digest.items.map((i) => i.id));
    parts.forEach((part, i) => {
      const header = JSON.stringify(part.activity.attachments[0]?.content.body[0]);
      expect(header).toContain(`part ${i + 1}/${parts.length}`);
      expect(part.activity.summary).toContain(`part ${i + 1}/${parts.length}`);
      expect(adaptiveCardProblems(part.activity.attachments[0]?.content)).toEqual([]);
    });
    // Story numbering continues across parts.
    expect(JSON.stringify(parts.at(-1))).toContain('**100** · IOM');
    // Parts are evened out rather than leaving a last part of one story.
    expect(Math.min(...parts.map((p) => p.storyIds.length))).toBeGreaterThan(1);
  });

  it('shortens a single story too large for one message instead of failing', () => {
    const long = 'Lampedusa '.repeat(3000);
    const item = makeDigestItem({
      text: Object.fromEntries(
        ['en', 'ar', 'fr', 'fa'].map((l) => [l, { title: long, summary: long, origin: 'source' as const }]),
      ),
    });
    const parts = renderDigestActivities(makeDigest({ languages: ['en', 'ar', 'fr', 'fa'], items: [item] }));
    expect(parts).toHaveLength(1);
    expect(Buffer.byteLength(JSON.stringify(parts[0]?.activity))).toBeLessThanOrEqual(26_000);
  });

  it('says so when a digest has no stories', () => {
    const card = onlyCard(makeDigest({ items: [] }));
    expect(walk(card.body).map((e) => e.text)).toContain('No new stories.');
  });

  it('prints the activity payloads for `digest --format teams`', () => {
    const printed = JSON.parse(formatTeamsActivities(makeLargeDigest(30))) as Array<{
      type: string;
      attachments: Array<{ content: { version: string } }>;
    }>;
    expect(printed.length).toBeGreaterThanOrEqual(1);
    expect(printed.every((a) => a.type === 'message' && a.attachments[0]?.content.version === '1.5')).toBe(true);
  });
});
