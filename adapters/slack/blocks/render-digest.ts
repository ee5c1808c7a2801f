import { alsoReportedBy } from '../../../src/digest/also-reported-by.js';
import { isolate, visibleWarnings } from '../../../src/digest/visible-warnings.js';
import type { Digest, DigestItem } from '../../../src/domain/digest.js';
import { escapeMrkdwn, escapeWithin, mrkdwnLink, safeUrl } from './escape-mrkdwn.js';
import { isRightToLeft, englishLanguageName, nativeLanguageName } from '../../../src/domain/languages.js';
import { RLM } from './language-names.js';
import { markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { markdownToPlain } from './markdown-to-plain.js';
import {
  blockTextLength,
  context,
  divider,
  header,
  type RenderedMessage,
  type SlackBlock,
  type SlackElement,
  section,
  slackMessage,
} from './slack-blocks.js';
import { ACTION, sourceId as sourceIdSchema, storyId as storyIdSchema } from './slack-ids.js';
import { SLACK_LIMITS } from './slack-limits.js';

export const DIGEST_EVENT_TYPE = 'migration_news_digest';

const MAX_TITLE = 300;
// A digest entry is 2-4 sentences; anything longer is cut (the title links to the article).
const MAX_SUMMARY = 1_200;
const MAX_LINKS_TEXT = 2_500;
const MAX_EDITION_URL = 1_000;
// A publisher name of "also reported by", escaped (the line names at most four, each at most 60 characters).
const MAX_PUBLISHER_NAME = 80;
// Header and intro context of every part (and the digest's notices in the first).
const FRAME_BLOCKS = 3;
// One story, whatever its number of languages, must fit well inside one message's text budget.
const STORY_TEXT_BUDGET = 10_000;

/**
 * Renders a digest as Block Kit messages within Slack's limits (SPEC 7.1): each language in its own section,
 * right-to-left languages starting with RLM, a context line per story, and as many messages ("part i/n") as
 * the limits need. Each message carries metadata naming the digest and its stories.
 */
export function renderDigest(digest: Digest): RenderedMessage[] {
  const stories = digest.items.map((item, index) => ({
    item,
    number: index + 1,
    blocks: storyBlocks(item, index + 1, digest.languages),
  }));
  const parts: Array<typeof stories> = [];
  let current: typeof stories = [];
  // Digest-level warnings (the day's LLM budget spent) head every part.
  const notice = digest.warnings?.length
    ? [context(`:warning: ${escapeWithin(digest.warnings.join(' · '), 2_000)}`)]
    : [];
  const frameBlocks = FRAME_BLOCKS + notice.length;
  let blocks = frameBlocks;
  let chars = 0;
  for (const story of stories) {
    const storyChars = story.blocks.reduce((n, b) => n + blockTextLength(b), 0);
    // +1 for the divider in front of every story but the first of a message.
    const extra = story.blocks.length + (current.length ? 1 : 0);
    if (
      current.length &&
      (blocks + extra > SLACK_LIMITS.blocksPerMessage || chars + storyChars > SLACK_LIMITS.messageText - 1_000)
    ) {
      parts.push(current);
      current = [];
      blocks = frameBlocks;
      chars = 0;
    }
    blocks += story.blocks.length + (current.length ? 1 : 0);
    chars += storyChars;
    current.push(story);
  }
  if (current.length || parts.length === 0) parts.push(current);

  return parts.map((part, i) => {
    const label = parts.length > 1 ? ` (part ${i + 1}/${parts.length})` : '';
    const storyIds = part.map((s) => s.item.id);
    const body: SlackBlock[] = [];
    part.forEach((story, j) => {
      if (j > 0) body.push(divider());
      body.push(...story.blocks);
    });
    if (part.length === 0) body.push(section('No new migration stories.'));
    const first = part[0]?.number ?? 0;
    const last = part[part.length - 1]?.number ?? 0;
    const count = `${digest.items.length} ${digest.items.length === 1 ? 'story' : 'stories'}`;
    const range = parts.length > 1 ? `stories ${first}–${last} of ${digest.items.length}` : count;
    const blocksOut = [
      header(`Migration news · ${formatDay(digest.generatedAt)}${label}`),
      context(
        `${range} · ${digest.languages.map((l) => isolate(nativeLanguageName(l, { capitalise: true }))).join(' + ')}${label ? ` · part ${i + 1}/${parts.length}` : ''}`,
      ),
      ...notice,
      // Digest-level notices (translations need an LLM, sources failed), said once, in the first message.
      ...(i === 0 && digest.notices?.length
        ? [context(`:information_source: ${escapeWithin(digest.notices.join(' · '), 2_000)}`)]
        : []),
      ...body,
    ];
    const fallback = `Migration news digest${label}: ${part.map((s) => `${s.number}. ${escapeMrkdwn(fallbackTitle(s.item, digest.languages))}`).join(' · ') || 'no new stories'}`;
    return {
      payload: slackMessage(fallback, blocksOut, {
        event_type: DIGEST_EVENT_TYPE,
        event_payload: { digest_id: digest.id, story_ids: storyIds.join(','), part: i + 1, parts: parts.length },
      }),
      storyIds,
    };
  });
}

/** The blocks of one story: a section per language with text, then a context line, then warnings. */
function storyBlocks(item: DigestItem, number: number, languages: string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  const notes: string[] = [];
  const perLanguage = Math.floor(STORY_TEXT_BUDGET / Math.max(1, languages.length));
  for (const lang of languages) {
    const text = item.text[lang];
    // A language without text has no section: the digest's notice says once why (SPEC 5.3).
    if (!text) continue;
    if (text.origin === 'translation')
      notes.push(`${escapeMrkdwn(nativeLanguageName(lang, { capitalise: true }))}: machine-translated`);
    const mark = isRightToLeft(lang) ? RLM : '';
    const edition = item.editions.find((e) => e.language === lang && safeUrl(e.url));
    // The LLM writes Markdown (SPEC 7.1): a title is a link's words, so plain; a summary becomes safe mrkdwn whose
    // links are only words (a digest links to the story's own articles, never where an article steered the LLM).
    const title = mrkdwnLink(edition?.url ?? item.url, markdownToPlain(text.title), MAX_TITLE);
    const head = `${mark}*${title}*`;
    const budget = Math.max(100, Math.min(MAX_SUMMARY, perLanguage - head.length - 2));
    const summary = escapeWithin(text.summary.replace(/\s*\n\s*/g, ' ').trim(), budget, summaryMrkdwn);
    blocks.push(section(summary ? `${head}\n${mark}${summary}` : head));
  }
  // No text in any digest language (offline, an edition in a third language): a short extract in its own language.
  if (blocks.length === 0 && item.original) {
    const { language, title, summary } = item.original;
    const mark = isRightToLeft(language) ? RLM : '';
    const text = escapeWithin(summary.replace(/\s*\n\s*/g, ' ').trim(), Math.min(MAX_SUMMARY, 600));
    blocks.push(section(`${mark}*${mrkdwnLink(item.url, title, MAX_TITLE)}*${text ? `\n${mark}${text}` : ''}`));
    notes.unshift(`${isolate(escapeMrkdwn(nativeLanguageName(language, { capitalise: true })))} · original`);
  }
  // Nothing at all to show (an item without an extract): still offer the article.
  if (blocks.length === 0)
    blocks.push(section(`*${mrkdwnLink(item.url, `Article in ${englishLanguageName(item.language)}`, MAX_TITLE)}*`));
  // Per-story actions ride on the story's first section (an accessory adds no block to the 50-block budget).
  const first = blocks[0];
  const menu = storyMenu(item);
  if (first?.type === 'section' && menu) first.accessory = menu;
  const when = item.publishedAt ? formatTime(item.publishedAt) : 'date unknown';
  blocks.push(
    context(
      `*${number}* · ${escapeWithin(item.sourceName, 100)} · original: ${escapeMrkdwn(englishLanguageName(item.language))} · ${when}`,
      ...notes,
      editionLinks(item),
      // Names escaped one by one inside the line's own isolates (escaping the whole line would strip those too).
      alsoReportedBy(item, (name) => escapeWithin(name, MAX_PUBLISHER_NAME)) ?? '',
    ),
  );
  const warnings = visibleWarnings(item, languages);
  if (warnings.length > 0) blocks.push(context(`:warning: ${escapeWithin(warnings.join(' · '), 2_000)}`));
  return blocks;
}

function summaryMrkdwn(markdown: string): string {
  return markdownToMrkdwn(markdown, { links: 'words' });
}

/** The story's overflow menu: ask, original text, mute its source here. Values are ids only (at most 150 characters). */
function storyMenu(item: DigestItem): SlackElement | null {
  if (!storyIdSchema.safeParse(item.id).success) return null;
  const option = (text: string, value: string) => ({ text: { type: 'plain_text', text: text.slice(0, 75) }, value });
  const options = [
    option('Ask about this story', `ask:${item.id}`),
    option('Show the original text', `orig:${item.id}`),
  ];
  // plain_text is never parsed for mentions; the brackets are dropped anyway so no copy of the label can become one.
  if (sourceIdSchema.safeParse(item.source).success)
    options.push(
      option(`Mute ${item.sourceName.replace(/[<>&]/g, '').replace(/\s+/g, ' ').trim()} here`, `mute:${item.source}`),
    );
  return { type: 'overflow', action_id: ACTION.story, options };
}

/** "Read: English · العربية · Français (source-id)": one link per edition, primary first. */
function editionLinks(item: DigestItem): string {
  const seen = new Map<string, number>();
  for (const e of item.editions) seen.set(e.language, (seen.get(e.language) ?? 0) + 1);
  const links: string[] = [];
  let length = 0;
  let left = 0;
  for (const e of item.editions) {
    if (!safeUrl(e.url, MAX_EDITION_URL)) continue;
    const label = `${nativeLanguageName(e.language, { capitalise: true })}${(seen.get(e.language) ?? 0) > 1 ? ` (${e.sourceName ?? e.source})` : ''}`;
    const link = mrkdwnLink(e.url, label, 120);
    if (length + link.length > MAX_LINKS_TEXT) {
      left++;
      continue;
    }
    links.push(link);
    length += link.length + 3;
  }
  if (links.length === 0) return '';
  return `Read: ${links.join(' · ')}${left ? ` · +${left} more` : ''}`;
}

function fallbackTitle(item: DigestItem, languages: string[]): string {
  for (const lang of languages) {
    const text = item.text[lang];
    if (text) return markdownToPlain(text.title).replace(/\s+/g, ' ').slice(0, 120);
  }
  return item.original?.title.replace(/\s+/g, ' ').slice(0, 120) ?? item.sourceName;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'date unknown' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// One formatter for every call: toLocaleDateString builds a new one each time (~1 ms per digest part, x 1,000 channels).
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : DAY.format(d);
}
