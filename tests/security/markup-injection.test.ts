import type { Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswerText, renderDigestText } from '../../src/cli/render-text.js';
import { renderMessage as renderSlack } from '../../adapters/slack/blocks/render-message.js';
import { renderMessage as renderTeams } from '../../adapters/teams/cards/render-message.js';
import { describeStatus } from '../../src/chat/describe-status.js';
import type { Answer } from '../../src/domain/answer.js';
import type { Digest } from '../../src/domain/digest.js';
import type { SourceConfig } from '../../src/domain/types.js';
import { ingestSources } from '../../src/ingest/ingest-sources.js';
import type { OutgoingMessage } from '../../src/ports/chat-adapter.js';
import type { Store } from '../../src/ports/store.js';
import { createPreviewRouter } from '../../src/preview/create-preview-router.js';
import { ASSETS_PATH } from '../../src/preview/preview-assets.js';
import { previewRenderers } from '../../src/app/preview-renderers.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { runCli } from '../e2e/run-cli.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { makeDigest, makeDigestItem, makeEdition } from '../helpers/factories.js';

/**
 * SPEC 7.1/7.2/8: hostile text in every field a feed controls (title, summary, source name, warnings, links), and in
 * what a chat user or the LLM writes, rendered through every surface: Slack Block Kit, Teams Adaptive Cards, the
 * terminal, the preview page. Each surface is checked with its own notion of "live" markup; unit tests of each
 * escaper hold the single-payload cases (tests/unit/slack-*, teams-*, preview-*).
 */

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<#C123|general>',
  '<!subteam^S123>',
  '<http://evil.example|click>',
  '[click](http://evil.example)',
  '<at>Bob</at>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '\x1b[31mRED\x1b[0m',
  '\x1b]8;;http://evil.example\x07hyperlink\x1b]8;;\x07',
  '\x9b2J',
  '\u202eevil\u202c',
  '{{DATE(2017-02-14T06:08:39Z)}}',
  '**bold** _it_ # heading',
].join(' ');

const SAFE_URL = 'https://news.example.org/hostile';

function hostileDigest(): Digest {
  return makeDigest({
    items: [
      makeDigestItem({
        id: 'hostile',
        url: SAFE_URL,
        sourceName: `IOM ${HOSTILE}`,
        text: {
          en: { title: `Title ${HOSTILE}`, summary: `Summary ${HOSTILE}`, origin: 'source' },
          ar: { title: `عنوان ${HOSTILE}`, summary: `ملخص ${HOSTILE}`, origin: 'translation' },
        },
        editions: [
          { url: SAFE_URL, source: 'iom-en', language: 'en' },
          { url: 'javascript:alert(1)', source: `ar ${HOSTILE}`, language: 'ar' },
          { url: 'http://evil.example/"><script>alert(1)</script>', source: 'x', language: 'fr' },
        ],
        warnings: [`figure ${HOSTILE} not found in the source`],
      }),
    ],
  });
}

const hostileAnswer: Answer = {
  question: `Question ${HOSTILE}`,
  language: 'en',
  answer: `Answer ${HOSTILE}`,
  story: { id: 'hostile', url: SAFE_URL, title: `Story ${HOSTILE}` },
  quotes: [{ text: `Quote ${HOSTILE}`, language: 'en', storyId: 'hostile', url: 'javascript:alert(1)' }],
  covered: true,
};

const MESSAGES: Array<[string, OutgoingMessage]> = [
  ['digest', { kind: 'digest', digest: hostileDigest() }],
  ['answer', { kind: 'answer', answer: hostileAnswer }],
  ['notice', { kind: 'notice', tone: 'error', text: `I don't know the command "${HOSTILE}".` }],
  [
    'story list',
    {
      kind: 'stories',
      heading: `Stories matching "${HOSTILE}"`,
      stories: [
        {
          id: 'hostile',
          title: `Title ${HOSTILE}`,
          url: SAFE_URL,
          sourceName: `Src ${HOSTILE}`,
          language: 'en',
          publishedAt: null,
        },
      ],
    },
  ],
  // Issue #14's surfaces: the original text of a story, the status card, a confirmation with Undo.
  [
    'original text',
    {
      kind: 'original',
      original: {
        storyId: 'hostile',
        editions: [
          {
            language: 'ar',
            sourceName: `IOM ${HOSTILE}`,
            title: `عنوان ${HOSTILE}`,
            url: SAFE_URL,
            extract: `نص ${HOSTILE}`,
          },
          {
            language: 'en',
            sourceName: 'x',
            title: `Title ${HOSTILE}`,
            url: 'javascript:alert(1)',
            extract: `Text ${HOSTILE}`,
          },
        ],
      },
    },
  ],
  [
    'status',
    {
      kind: 'status',
      text: `Sources: ${HOSTILE}`,
      view: {
        platform: 'teams',
        channelId: `C1 ${HOSTILE}`,
        subscription: {
          schedule: `daily ${HOSTILE}`,
          cron: '0 8 * * *',
          timezone: 'UTC',
          languages: ['en', 'ar'],
          filter: [HOSTILE],
          nextRunAt: null,
        },
        muted: [{ id: 'iom-en', name: `IOM ${HOSTILE}` }],
        lastDelivery: {
          at: '2026-01-01T08:00:00.000Z',
          kind: 'scheduled',
          status: 'failed',
          stories: 1,
          error: `feed said ${HOSTILE}`,
          waiting: null,
        },
        updates: true,
        budgetLine: `LLM budget ${HOSTILE}`,
        sourcesLine: `1 source: 1 failing (${HOSTILE})`,
      },
    },
  ],
  [
    'undoable',
    {
      kind: 'undoable',
      text: `IOM ${HOSTILE} is muted here.`,
      undo: { name: 'unmute', sourceId: 'iom-en' },
      label: 'Undo',
    },
  ],
];

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

// Control characters, and the bidi embeddings/overrides that make text read differently (the renderers' own
// first-strong isolates, U+2068/U+2069 around language names, are fine).
/** Values of every `url`-named property (Action.OpenUrl, selectAction, images). */
function urlsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (typeof v === 'string' && /url$/i.test(key) ? [v] : urlsIn(v)));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

/** Slack mrkdwn: mentions and links only exist inside < >; the only ones allowed are links to the story's own http(s) URL. */
function expectInertSlack(text: string, allowedTargets: string[]): void {
  expect(text).not.toMatch(/<[!@#]/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  const links = [...text.matchAll(/<([^<>|]*)(?:\|[^<>]*)?>/g)];
  for (const [, target] of links) expect(allowedTargets, `link to ${target} in ${text}`).toContain(target);
  const rest = text.replace(/<([^<>|]*)(?:\|[^<>]*)?>/g, '').replace(/^(\u200f)?>/gm, '');
  expect(rest).not.toMatch(/[<>]/);
}

describe('SPEC 8 · malicious feed content (mention injection, script tags, markup): rendered as inert text on every surface, never pings anyone', () => {
  describe('Slack Block Kit', () => {
    it.each(MESSAGES)('%s', (kind, message) => {
      const rendered = renderSlack(message);
      expect(rendered.length).toBeGreaterThan(0);
      // Links the bot itself builds: the story's and its editions' own http(s) URLs (a feed decides where its articles
      // are); an LLM answer's Markdown link, shown with its real URL.
      const allowed = [
        SAFE_URL,
        'http://evil.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E',
        ...(kind === 'answer' ? ['http://evil.example/'] : []),
      ];
      for (const { payload } of rendered) {
        for (const text of strings({ text: payload.text, blocks: payload.blocks })) expectInertSlack(text, allowed);
        expect(JSON.stringify(payload)).not.toContain('javascript:');
      }
      if (kind !== 'answer') expect(JSON.stringify(rendered)).toContain('&lt;!channel&gt;');
    });
  });

  describe('Teams Adaptive Cards', () => {
    it.each(MESSAGES)('%s', (_kind, message) => {
      const rendered = renderTeams(message);
      expect(rendered.length).toBeGreaterThan(0);
      for (const { activity } of rendered) {
        const json = JSON.stringify(activity);
        expect(json).not.toMatch(/<\/?at>/i);
        expect(json).not.toContain('"mention"');
        expect(JSON.stringify(activity.entities ?? [])).not.toContain('mention');
        expect(json).not.toContain('{{DATE(2017');
        expect(json).not.toContain('javascript:');
        for (const text of strings(activity.attachments)) {
          expect(text).not.toMatch(CONTROL_OR_BIDI);
          // Markdown and HTML only work unescaped; every [ ] < > * _ # a feed wrote is backslash-escaped.
          expect(text).not.toMatch(/(?<!\\)\]\(http/);
          expect(text).not.toMatch(/(?<!\\)<(script|img|svg|at)\b/i);
          expect(text).not.toMatch(/(?<!\\)\*\*bold/);
        }
        for (const url of urlsIn(activity.attachments)) expect(url, url).toMatch(/^https?:\/\//);
      }
    });
  });

  describe('terminal text', () => {
    it.each([
      ['digest, coloured', () => renderDigestText(hostileDigest(), { color: true })],
      ['digest, plain', () => renderDigestText(hostileDigest())],
      ['answer', () => renderAnswerText(hostileAnswer)],
    ])('%s', (_name, render) => {
      // Only the renderer's own bold/dim sequences may reach the terminal.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the renderer's own escape sequences
      const text = render().replace(/\x1b\[(1|2|22)m/g, '');
      expect(text).not.toMatch(CONTROL_OR_BIDI);
      expect(text).toContain('<!channel>'); // shown as typed: a terminal has no mentions
    });
  });

  describe('preview page HTML', () => {
    let dir: string;
    let store: Store;
    let server: Server;
    let html: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mnb-injection-'));
      store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
      const at = new Date(Date.now() - 3_600_000).toISOString();
      const edition = makeEdition({
        id: 'hostile-en',
        storyId: 'hostile',
        sourceId: 'evil',
        url: SAFE_URL,
        title: `Title ${HOSTILE}`,
        text: `Boats reached Lampedusa. ${HOSTILE}. Forty people were rescued.`,
        publishedAt: at,
        firstSeenAt: at,
      });
      await store.stories.write({
        newStories: [
          {
            id: 'hostile',
            primaryEditionId: edition.id,
            firstSeenAt: at,
            updatedAt: at,
            publishedAt: at,
            editions: [edition],
          },
        ],
        addedEditions: [],
        updatedEditions: [],
      });
      const sources: SourceConfig[] = [
        {
          id: 'evil',
          name: `Evil ${HOSTILE}`,
          url: 'https://evil.example/feed',
          fullText: 'never',
          allowPrivateAddress: false,
        },
      ];
      const app = express();
      app.use(
        createPreviewRouter({
          store,
          llm: null,
          log: silentLogger(),
          promptVersion: 'offline',
          sources,
          maxItems: 10,
          defaultLanguages: ['en', 'ar'],
          renderers: previewRenderers,
        }),
      );
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const address = server.address();
      html = await (
        await fetch(
          `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/?langs=${encodeURIComponent('en,ar')}`,
        )
      ).text();
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await store?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes no markup of its own from feed text: no script but its own, no event handler, no image, no javascript: link', () => {
      const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
      expect(tags.length).toBeGreaterThan(10);
      for (const [tag, name, attributes] of tags) {
        expect(['img', 'svg', 'iframe', 'object', 'embed', 'at'], tag).not.toContain(name?.toLowerCase());
        expect(attributes, tag).not.toMatch(/\son[a-z]+\s*=/i);
        expect(attributes, tag).not.toMatch(/javascript:/i);
        if (name?.toLowerCase() === 'script')
          expect(attributes, tag).toMatch(new RegExp(`src="${ASSETS_PATH}/[\\w.-]+"|type="application/json"`));
      }
      const bad = [...html.matchAll(new RegExp(CONTROL_OR_BIDI.source, 'g'))].map(
        (m) =>
          `U+${m[0].codePointAt(0)?.toString(16)} ${JSON.stringify(html.slice((m.index ?? 0) - 60, (m.index ?? 0) + 10))}`,
      );
      expect(bad).toEqual([]);
    });

    it('shows the hostile text as text, and no Slack mention as a live mention', () => {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&lt;!channel&gt;');
      expect(html).not.toContain('sk-broadcast');
      // The Teams cards travel as JSON in a data script element: no "<" that could close it.
      for (const [, json] of html.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g))
        expect(json).not.toContain('<');
    });
  });

  describe('`status` quoting a failing feed', () => {
    let server: FeedServer;
    let dir: string;
    let store: Store;
    beforeAll(async () => {
      server = await startFeedServer({
        '/feed': { body: '@channel <!here> <@U123> \x1b[31m \u202eevil not a feed', contentType: 'text/plain' },
      });
      dir = await mkdtemp(join(tmpdir(), 'mnb-injection-status-'));
      store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
    });
    afterAll(async () => {
      await store?.close();
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('renders the error text a feed controls as inert text on Slack and Teams', async () => {
      const sources: SourceConfig[] = [
        { id: 'evil', name: `Evil ${HOSTILE}`, url: server.url('/feed'), fullText: 'never', allowPrivateAddress: true },
      ];
      const [report] = await ingestSources({ store, log: silentLogger() }, sources);
      expect(report?.status).toBe('failed');
      const status = await describeStatus({ store, sources }, { platform: 'slack', channelId: 'C1' });
      expect(status).toContain('<!here>');
      for (const { payload } of renderSlack({ kind: 'notice', tone: 'info', text: status })) {
        for (const text of strings({ text: payload.text, blocks: payload.blocks })) expectInertSlack(text, []);
      }
      const teams = renderTeams({ kind: 'notice', tone: 'info', text: status });
      expect(JSON.stringify(teams)).not.toMatch(/<\/?at>|"mention"/);
      for (const text of strings(teams)) expect(text).not.toMatch(CONTROL_OR_BIDI);

      // The terminal `status` command prints the same error text.
      const sourcesFile = join(dir, 'sources.yaml');
      await writeFile(sourcesFile, `sources:\n  - { id: evil, name: Evil, url: "${server.url('/feed')}" }\n`);
      const cli = await runCli(['status', '--sources', sourcesFile], {
        DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain('FAILING');
      expect(cli.stdout).not.toMatch(CONTROL_OR_BIDI);
    });
  });
});
