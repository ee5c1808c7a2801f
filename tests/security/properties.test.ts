import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from '../../adapters/slack/blocks/escape-mrkdwn.js';
import { canonicalUrl } from '../../src/editions/canonical-url.js';
import { decodeSlackEntities } from '../../adapters/slack/preview/mrkdwn-to-html.js';

/**
 * Property-based tests (fast-check) of the two functions whose every input is attacker-controlled: the Slack
 * escaper (feed text -> mrkdwn) and the canonical URL (feed links -> dedupe keys). Example-based cases are in
 * tests/unit/slack-escape.test.ts and tests/unit/ingest-canonical-url.test.ts (which also proves idempotency on
 * generated URLs); these state what must hold for any input.
 */

const RUNS = { numRuns: 3_000 };

// What escapeMrkdwn drops on purpose: control characters (not tab/newline), bidi embeddings/overrides/isolates, BOM.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters being dropped
const DROPPED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const strip = (text: string) => text.replace(DROPPED, '');

/** Strings rich in what Slack parses: mention and link syntax, entities, pipes, controls, bidi marks. */
const slackish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '|',
        '<!channel>',
        '<!here>',
        '<@U123>',
        '<#C1|x>',
        '<http://evil.example|click>',
        '&lt;',
        '&amp;',
        '&gt;',
        '&#60;',
        '\u202e',
        '\u2066',
        '\x1b[31m',
        '\u200f',
        '\n',
        '\t',
        'مرحبا',
        '😀',
      ),
      fc.string({ unit: 'binary', maxLength: 20 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('property: Slack escaping (escapeMrkdwn, escapeWithin, mrkdwnLink)', () => {
  it('leaves no < or > that could start a Slack control sequence, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(slackish, fc.string({ unit: 'binary' })), (text) => {
        const out = escapeMrkdwn(text);
        expect(out).not.toMatch(/[<>]/);
        // Every & starts one of the three entities Slack decodes, so decoding is unambiguous.
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
      RUNS,
    );
  });

  it('unescapes (as Slack displays it) to the input, minus the control and bidi characters it drops', () => {
    fc.assert(
      fc.property(fc.oneof(slackish, fc.string({ unit: 'binary' })), (text) => {
        expect(decodeSlackEntities(escapeMrkdwn(text))).toBe(strip(text));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(strip(text) === text);
        expect(decodeSlackEntities(escapeMrkdwn(text))).toBe(text);
      }),
      RUNS,
    );
  });

  it('escapeWithin stays within its budget, never cuts an entity, and shows a prefix of the input', () => {
    fc.assert(
      fc.property(slackish, fc.integer({ min: 8, max: 300 }), (text, max) => {
        const out = escapeWithin(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        const shown = decodeSlackEntities(out);
        if (shown !== strip(text)) {
          expect(shown.endsWith('…')).toBe(true);
          expect(strip(text).startsWith(shown.slice(0, -1))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('mrkdwnLink makes exactly one link to an http(s) URL, or plain escaped text', () => {
    const urls = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom(
        'javascript:alert(1)',
        'data:text/html,x',
        'http://x.example/a|b<!channel>',
        'https://x.example/?a=<b>&c=|d',
        'ftp://x',
        '',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(urls, slackish, (url, label) => {
        const out = mrkdwnLink(url, label);
        const link = /^<([^<>|\s]+)\|([^<>]*)>$/.exec(out);
        if (!link) {
          expect(out).not.toMatch(/[<>]/);
          return;
        }
        const target = new URL(decodeSlackEntities(link[1] ?? ''));
        expect(['http:', 'https:']).toContain(target.protocol);
        expect(link[2]).not.toMatch(/[<>]/);
      }),
      RUNS,
    );
  });
});

const TRACKING_KEYS = fc.oneof(
  fc.constantFrom('fbclid', 'FBCLID', 'gclid', 'utm_source', 'utm_medium', 'utm_campaign', 'UTM_Content', 'utm_term'),
  fc.stringMatching(/^[a-z0-9]{1,8}$/).map((suffix) => `utm_${suffix}`),
);
const trackingParams = fc.array(fc.tuple(TRACKING_KEYS, fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 4 });
const urls = fc.webUrl({
  withQueryParameters: true,
  withFragments: true,
  authoritySettings: { withPort: true, withUserInfo: true },
});

/** Inserts `params` into the query of `url`, each at a random place. */
function withParams(url: string, params: Array<[string, string]>, seed: number): string {
  const [beforeHash, hash = ''] = url.split(/#(.*)/s) as [string, string?];
  const [base, query = ''] = beforeHash.split(/\?(.*)/s) as [string, string?];
  const parts = query ? query.split('&') : [];
  for (const [i, [key, value]] of params.entries())
    parts.splice((seed + i * 7) % (parts.length + 1), 0, `${key}=${encodeURIComponent(value)}`);
  return `${base}?${parts.join('&')}${hash ? `#${hash}` : ''}`;
}

/** Query pairs per key, in order, decoded: what a server reads. */
function querySemantics(url: URL): Array<[string, string[]]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) out.set(key, [...(out.get(key) ?? []), value]);
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

describe('property: canonicalUrl', () => {
  it('never throws, and returns null or a URL that is its own canonical form, for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          urls,
          fc.string().map((s) => `https://${s}`),
          fc.string().map((s) => `http://example.org/${s}`),
        ),
        (input) => {
          const once = canonicalUrl(input);
          if (once === null) return;
          expect(['http:', 'https:']).toContain(new URL(once).protocol);
          expect(canonicalUrl(once)).toBe(once);
        },
      ),
      RUNS,
    );
  });

  it('strips utm_* and fbclid (any case, anywhere in the query) and nothing else', () => {
    fc.assert(
      fc.property(urls, trackingParams, fc.nat(), (url, params, seed) => {
        const tracked = withParams(url, params, seed);
        const canonical = canonicalUrl(tracked);
        expect(canonical).toBe(canonicalUrl(url));
        if (canonical)
          for (const key of new URL(canonical).searchParams.keys())
            expect(key.toLowerCase()).not.toMatch(/^utm_|^fbclid$/);
      }),
      RUNS,
    );
  });

  it('keeps what the URL means: scheme, host, port, path segments, and every query value in order for its key', () => {
    fc.assert(
      fc.property(urls, (raw) => {
        const original = new URL(raw);
        fc.pre(
          ![...original.searchParams.keys()].some(
            (k) =>
              /^(utm_|at_|hsa_|pk_|mtm_|matomo_|ga_|_)/i.test(k) ||
              /^(fbclid|gclid|ref_src|spm|scm|cmp|ocid|ito|smid|xtor|echobox)$/i.test(k),
          ),
        );
        const canonical = new URL(canonicalUrl(raw) ?? 'invalid:');
        expect(canonical.protocol).toBe(original.protocol);
        expect(canonical.hostname).toBe(original.hostname.replace(/\.+$/, ''));
        expect(canonical.port).toBe(original.port);
        expect(canonical.hash).toBe('');
        expect(pathSegments(canonical)).toEqual(pathSegments(original));
        expect(querySemantics(canonical)).toEqual(querySemantics(original));
      }),
      RUNS,
    );
  });

  it('is the same for every upper/lower-case spelling of the host', () => {
    fc.assert(
      fc.property(urls, fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (raw, flips) => {
        const { host } = new URL(raw);
        const at = raw.indexOf(host, raw.indexOf('//') + 2);
        fc.pre(at > 0);
        const mixed = [...host].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(canonicalUrl(`${raw.slice(0, at)}${mixed}${raw.slice(at + host.length)}`)).toBe(canonicalUrl(raw));
      }),
      RUNS,
    );
  });
});
