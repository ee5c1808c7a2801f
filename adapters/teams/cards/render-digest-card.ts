import { alsoReportedBy } from '../../../src/digest/also-reported-by.js';
import { isolate, visibleWarnings } from '../../../src/digest/visible-warnings.js';
import type { Digest, DigestItem } from '../../../src/domain/digest.js';
import {
  type AdaptiveCard,
  type CardElement,
  MAX_ACTIVITY_BYTES,
  type RenderedActivity,
  actionSet,
  adaptiveCard,
  cardActivity,
  container,
  jsonBytes,
  openUrl,
  splitIntoParts,
  textBlock,
} from './adaptive-card.js';
import { cardText, plainText, safeUrl } from './card-text.js';
import { languageLabel } from './language-label.js';
import { executeAction } from './card-actions.js';
import { isRightToLeft, nativeLanguageName } from '../../../src/domain/languages.js';

interface TextCaps {
  title: number;
  summary: number;
  warning: number;
}

const DEFAULT_CAPS: TextCaps = { title: 300, summary: 1200, warning: 300 };
// A publisher name of "also reported by" (the line names at most four, each at most 60 characters before escaping).
const MAX_PUBLISHER_NAME = 80;
const MAX_WARNINGS = 5;
/** Actions per ActionSet that every Teams client shows (the Adaptive Cards default host config's maxActions). */
const MAX_BUTTONS = 5;

interface RenderedItem {
  storyId: string;
  element: CardElement;
}

/**
 * A digest as Adaptive Card 1.5 activities (SPEC 7.2): one Container per story, one nested Container per language
 * (`rtl: true` for Arabic, Persian...), labels for source, original language, time and machine translation, a button
 * per edition. Parts stay under the Teams message size limit; several parts are labelled "part i/n".
 */
export function renderDigestActivities(digest: Digest, maxBytes = MAX_ACTIVITY_BYTES): RenderedActivity[] {
  const items = digest.items.map((item, i) => renderItemWithinLimit(digest, item, i + 1, maxBytes));
  // Parts are sized with the notices in (the first part has them); the later parts leave them out.
  const render = (chunk: RenderedItem[], label: string | null, first = true) =>
    cardActivity(digestCard(digest, chunk, label, first), digestSummary(digest, label));
  const parts = splitIntoParts(items, render, maxBytes);
  return parts.map((chunk, i) => ({
    activity: render(chunk, parts.length > 1 ? `part ${i + 1}/${parts.length}` : null, i === 0),
    storyIds: chunk.map((c) => c.storyId),
  }));
}

/** `first`: the digest's first part, which alone carries the digest-level notices (said once, SPEC 5.3). */
function digestCard(digest: Digest, items: RenderedItem[], partLabel: string | null, first = true): AdaptiveCard {
  const meta = [
    digest.languages.map((l) => isolate(nativeLanguageName(l))).join(' + '),
    `${digest.items.length} ${digest.items.length === 1 ? 'story' : 'stories'}`,
    cardTime(digest.generatedAt) ?? '',
    partLabel ?? '',
  ].filter(Boolean);
  const header = container([
    textBlock('Migration news digest', { size: 'Large', weight: 'Bolder' }),
    textBlock(meta.join(' · '), { isSubtle: true, size: 'Small', spacing: 'None' }),
    // Digest-level warnings (the day's LLM budget spent) head every part.
    ...(digest.warnings ?? []).map((w) =>
      textBlock(`⚠ ${cardText(w, DEFAULT_CAPS.warning)}`, { color: 'Warning', size: 'Small', spacing: 'Small' }),
    ),
    // Digest-level notices (translations need an LLM, sources failed), said once: in the first part.
    ...(first ? (digest.notices ?? []) : []).map((n) =>
      textBlock(`ℹ ${cardText(n, 500)}`, { size: 'Small', spacing: 'Small', color: 'Accent' }),
    ),
  ]);
  const body = items.length > 0 ? items.map((i) => i.element) : [textBlock('No new stories.', { isSubtle: true })];
  return adaptiveCard([header, ...body]);
}

function digestSummary(digest: Digest, partLabel: string | null): string {
  return `Migration news digest: ${digest.items.length} ${digest.items.length === 1 ? 'story' : 'stories'}${partLabel ? ` (${partLabel})` : ''}`;
}

/** A story that alone would exceed the limit (very long texts in four languages) gets shorter texts. */
function renderItemWithinLimit(digest: Digest, item: DigestItem, index: number, maxBytes: number): RenderedItem {
  let caps = DEFAULT_CAPS;
  let element = renderItem(digest, item, index, caps);
  for (
    let i = 0;
    i < 4 &&
    jsonBytes(cardActivity(digestCard(digest, [{ storyId: item.id, element }], 'part 999/999'), '')) > maxBytes;
    i++
  ) {
    caps = {
      title: Math.floor(caps.title / 2),
      summary: Math.floor(caps.summary / 2),
      warning: Math.floor(caps.warning / 2),
    };
    element = renderItem(digest, item, index, caps);
  }
  return { storyId: item.id, element };
}

function renderItem(digest: Digest, item: DigestItem, index: number, caps: TextCaps): CardElement {
  const context = [
    `**${index}**`,
    cardText(item.sourceName, 100),
    `original: ${nativeLanguageName(item.language)}`,
    cardTime(item.publishedAt) ?? 'date unknown',
  ];
  const elements: CardElement[] = [textBlock(context.join(' · '), { isSubtle: true, size: 'Small' })];
  // No text in any digest language (offline): one labelled extract in the original language instead of empty slots.
  if (item.original) elements.push(originalContainer(item.original, caps));
  else
    for (const lang of digest.languages) {
      const text = item.text[lang];
      // A language without text has no slot: the digest's notice says once why (SPEC 5.3).
      if (text) elements.push(languageContainer(lang, text, caps));
    }
  // Names made inert one by one inside the line's own isolates (cardText on the whole line would strip those too).
  const others = alsoReportedBy(item, (name) => cardText(name, MAX_PUBLISHER_NAME));
  if (others) elements.push(textBlock(others, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  for (const warning of visibleWarnings(item, digest.languages).slice(0, MAX_WARNINGS)) {
    elements.push(
      textBlock(`⚠ ${cardText(warning, caps.warning)}`, { color: 'Warning', size: 'Small', spacing: 'Small' }),
    );
  }
  const buttons = editionButtons(item);
  if (buttons.length > MAX_BUTTONS) {
    // Hosts show at most a few actions per set (maxActions): the other publishers' editions go behind "More editions".
    const more = buttons.slice(MAX_BUTTONS - 1);
    const sets = Array.from({ length: Math.ceil(more.length / MAX_BUTTONS) }, (_, i) =>
      actionSet(more.slice(i * MAX_BUTTONS, (i + 1) * MAX_BUTTONS)),
    );
    elements.push(
      actionSet([
        ...buttons.slice(0, MAX_BUTTONS - 1),
        { type: 'Action.ShowCard', title: `More editions (${more.length})`, card: adaptiveCard(sets) },
      ]),
    );
  } else if (buttons.length > 0) elements.push(actionSet(buttons));
  elements.push(storyActions(item, index));
  return container(elements, { separator: true, spacing: 'Large' });
}

/**
 * Per-story actions: "Ask about this story" opens a question box on the card (its id is unique on the card, named by
 * the action's `input`), "Show the original text" posts each edition's opening in the thread. Ids only in the data.
 */
function storyActions(item: DigestItem, index: number): CardElement {
  const input = `q${index}`;
  return actionSet([
    {
      type: 'Action.ShowCard',
      title: 'Ask about this story',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: input,
            label: 'Your question',
            isMultiline: true,
            maxLength: 2000,
            placeholder: 'How many people were rescued?',
          },
        ],
        actions: [executeAction('Ask', { verb: 'ask', storyId: item.id, input })],
      },
    },
    executeAction('Show the original text', { verb: 'original', storyId: item.id }),
  ]);
}

function languageContainer(lang: string, text: NonNullable<DigestItem['text'][string]>, caps: TextCaps): CardElement {
  const label = `${languageLabel(lang)}${text.origin === 'translation' ? ' · machine-translated' : ''}`;
  return container(
    [
      textBlock(cardText(label, 120), { size: 'Small', isSubtle: true, weight: 'Bolder' }),
      textBlock(cardText(text.title, caps.title), { weight: 'Bolder', spacing: 'Small' }),
      textBlock(cardText(text.summary, caps.summary), { spacing: 'Small' }),
    ],
    { rtl: isRightToLeft(lang), spacing: 'Medium' },
  );
}

function originalContainer(original: NonNullable<DigestItem['original']>, caps: TextCaps): CardElement {
  const label = `${nativeLanguageName(original.language, { capitalise: true })} · original`;
  return container(
    [
      textBlock(cardText(label, 120), { size: 'Small', isSubtle: true, weight: 'Bolder' }),
      textBlock(cardText(original.title, caps.title), { weight: 'Bolder', spacing: 'Small' }),
      textBlock(cardText(original.summary, Math.min(caps.summary, 600)), { spacing: 'Small' }),
    ],
    { rtl: isRightToLeft(original.language), spacing: 'Medium' },
  );
}

function editionButtons(item: DigestItem): CardElement[] {
  const seen = new Set<string>();
  const editions =
    item.editions.length > 0 ? item.editions : [{ url: item.url, source: item.source, language: item.language }];
  const sameLanguage = (lang: string) => editions.filter((e) => e.language === lang).length > 1;
  const buttons: CardElement[] = [];
  for (const edition of editions) {
    const url = safeUrl(edition.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const suffix = sameLanguage(edition.language)
      ? ` (${plainText(edition.sourceName ?? edition.source).slice(0, 40)})`
      : '';
    buttons.push(openUrl(`Read · ${nativeLanguageName(edition.language)}${suffix}`, url));
  }
  return buttons;
}

/** Teams shows `{{DATE()}} {{TIME()}}` in the reader's locale and time zone; they need an RFC 3339 UTC time. */
export function cardTime(iso: string | null): string | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const utc = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${utc}, SHORT)}} {{TIME(${utc})}}`;
}
