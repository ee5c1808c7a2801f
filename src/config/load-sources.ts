import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';
import type { SourceConfig } from '../domain/types.js';
import { isKnownLanguage } from '../domain/languages.js';
import { isPrivateAddress } from '../http/is-private-address.js';
import { editDistance } from '../util/edit-distance.js';

const ALLOWED_KEYS = ['id', 'name', 'url', 'language', 'type', 'filter', 'fullText'];

const sourceSchema = z.object({
  id: z
    .string({ error: 'is required: a unique id of [a-z0-9-]' })
    .regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-] (lower-case letters, digits, hyphens)'),
  name: z
    .string({ error: 'is required: the name shown in digests' })
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters'),
  url: z
    .string({ error: 'is required: an http(s) URL or a path relative to the sources file' })
    .min(1, 'must not be empty'),
  language: z
    .string({ error: 'must be a language code such as en, ar' })
    // BCP-47 as feeds and people write it: "AR" and "ar-EG" declare Arabic (the primary tag is what is used).
    .transform((tag) => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '')
    .refine(isKnownLanguage, 'must be a known BCP-47 language tag such as en, ar, fr (a code, not a language name)')
    .optional(),
  type: z
    .enum(['rss', 'atom', 'jsonfeed'], { error: 'must be rss, atom or jsonfeed (or left out: detected)' })
    .optional(),
  filter: z
    .string({ error: 'must be "migration" or comma-separated words' })
    .trim()
    .min(1, 'must not be empty: leave it out, or give "migration" or comma-separated words')
    .optional(),
  fullText: z.enum(['auto', 'always', 'never'], { error: 'must be auto, always or never' }).default('auto'),
});

type SourceFields = z.infer<typeof sourceSchema>;

/**
 * Reads and validates the sources file (YAML or JSON); every problem is reported at once. `origin` names where the
 * path came from (`--sources` or SOURCES_FILE), so an unreadable file points at the right setting.
 */
export async function loadSources(
  path: string,
  origin: '--sources' | 'SOURCES_FILE' = 'SOURCES_FILE',
): Promise<SourceConfig[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    const hint =
      origin === '--sources'
        ? 'check the path given with --sources (relative to the current directory)'
        : 'check SOURCES_FILE (in the environment or .env), or pass --sources FILE';
    throw new ConfigError([`${origin}: cannot read ${path} (${(cause as Error).message})`], { hint });
  }
  return parseSources(raw, path);
}

export function parseSources(raw: string, path: string): SourceConfig[] {
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
  } catch (cause) {
    throw new ConfigError(
      [`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(cause as Error).message})`],
      { hint: `fix the syntax of ${path}` },
    );
  }
  if (!isRecord(data)) {
    const problem = `${path}: (top level): expected "sources:" with a list of sources, found ${describe(data)}`;
    throw new ConfigError([problem], { hint: `fix ${path}` });
  }
  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (key === 'sources') continue;
    const hint = meansSources(key) ? 'did you mean "sources"?' : 'only "sources" is allowed';
    problems.push(`${path}: (top level): unknown key "${key}" (${hint})`);
  }
  // Under a misspelt key ("source:"), the list is checked too: fixing the key then brings no new problem.
  const listKey = Object.hasOwn(data, 'sources')
    ? 'sources'
    : Object.keys(data).find((k) => meansSources(k) && Array.isArray(data[k]));
  const list = listKey ? data[listKey] : undefined;
  if (!listKey)
    problems.push(`${path}: (top level): "sources:" is missing: expected "sources:" with a list of sources`);
  else if (!Array.isArray(list))
    problems.push(`${path}: sources: expected a list of sources ("- id: ..." lines), found ${describe(list)}`);
  else if (list.length === 0) problems.push(`${path}: ${listKey}: the list is empty; add at least one source`);

  const seen = new Map<string, number>();
  const base = dirname(resolve(path));
  const sources: SourceConfig[] = [];
  (Array.isArray(list) ? list : []).forEach((entry: unknown, index: number) => {
    // Every problem names the file, the source (its id when it has one) and the key.
    const named =
      isRecord(entry) && typeof entry.id === 'string' && entry.id ? ` (source "${entry.id.slice(0, 60)}")` : '';
    const problem = (key: string, message: string) =>
      problems.push(`${path}: ${listKey}.${index}.${key}${named}: ${message}`);
    if (!isRecord(entry)) {
      problems.push(`${path}: ${listKey}.${index}: expected a source with id, name and url`);
      return;
    }
    for (const key of Object.keys(entry))
      if (!ALLOWED_KEYS.includes(key)) problem(key, `unknown key (allowed: ${ALLOWED_KEYS.join(', ')})`);
    if (typeof entry.id === 'string') {
      const first = seen.get(entry.id);
      if (first !== undefined) problem('id', `duplicate id "${entry.id}" (also ${listKey}.${first})`);
      else seen.set(entry.id, index);
    }
    const parsed = sourceSchema.safeParse(entry);
    if (!parsed.success)
      for (const issue of parsed.error.issues) problem(String(issue.path[0] ?? '(source)'), issue.message);
    const url =
      typeof entry.url === 'string' && entry.url
        ? resolveUrl(entry.url, base, (message) => problem('url', message))
        : null;
    if (parsed.success && url) sources.push(toSourceConfig(parsed.data, url));
  });
  if (problems.length) throw new ConfigError(problems, { hint: `fix ${path}: every problem in it is listed above` });
  return sources;
}

/** The URL to fetch: an http(s) URL (internal hosts allowed only when configured literally) or a file path. */
function resolveUrl(
  value: string,
  base: string,
  problem: (message: string) => void,
): { url: string; allowPrivateAddress: boolean } | null {
  if (/^https?:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      // An operator who configures an internal address explicitly may fetch from it; nothing else may.
      return { url: u.toString(), allowPrivateAddress: isInternalHost(u.hostname) };
    } catch {
      problem(`"${value}" is not a valid URL`);
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
    problem(`"${value.slice(0, 100)}": only http(s) URLs or paths relative to the sources file are allowed`);
    return null;
  }
  return { url: pathToFileURL(resolve(base, value)).toString(), allowPrivateAddress: false };
}

function toSourceConfig(s: SourceFields, target: { url: string; allowPrivateAddress: boolean }): SourceConfig {
  return {
    id: s.id,
    name: s.name,
    url: target.url,
    ...(s.language ? { language: s.language } : {}),
    ...(s.type ? { type: s.type } : {}),
    ...(s.filter ? { filter: s.filter } : {}),
    fullText: s.fullText,
    allowPrivateAddress: target.allowPrivateAddress,
  };
}

/** A misspelt "sources": another case, or at most two letters off ("source", "Sources", "sorces"). */
function meansSources(key: string): boolean {
  return editDistance(key.toLowerCase(), 'sources') <= 2;
}

/** What a YAML or JSON value is, for "found ..." in a problem. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty file or an empty value)';
  if (Array.isArray(value)) return 'a list (is the "sources:" line above it missing?)';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A configured host that is literally internal: "localhost" or a private, loopback or link-local IP. */
function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && isPrivateAddress(host);
}
