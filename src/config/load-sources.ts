import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';
import type { SourceConfig } from '../domain/types.js';
import { isPrivateAddress } from '../ingest/is-private-address.js';

const sourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]'),
  name: z.string().min(1).max(100),
  url: z.string().min(1),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'must be a BCP-47 primary tag such as en, ar')
    .optional(),
  type: z.enum(['rss', 'atom', 'jsonfeed']).optional(),
  filter: z.string().min(1).optional(),
  fullText: z.enum(['auto', 'always', 'never']).default('auto'),
});

const fileSchema = z.strictObject({ sources: z.array(sourceSchema).min(1) });

/** Reads and validates the sources file (YAML or JSON); every problem is reported at once. */
export async function loadSources(path: string): Promise<SourceConfig[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError([`SOURCES_FILE: cannot read ${path} (${(cause as Error).message})`]);
  }
  return parseSources(raw, path);
}

export function parseSources(raw: string, path: string): SourceConfig[] {
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
  } catch (cause) {
    throw new ConfigError([`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(cause as Error).message})`]);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const where = i.path.length ? i.path.join('.') : '(top level)';
        const detail = i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
        return `${path}: ${where}: ${detail}`;
      }),
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const base = dirname(resolve(path));
  const sources = parsed.data.sources.map((s, index): SourceConfig => {
    if (seen.has(s.id)) problems.push(`${path}: sources.${index}.id: duplicate id "${s.id}"`);
    seen.add(s.id);
    let url: string;
    let allowPrivateAddress = false;
    if (/^https?:\/\//i.test(s.url)) {
      try {
        const u = new URL(s.url);
        url = u.toString();
        // An operator who configures an internal address explicitly may fetch from it; nothing else may.
        allowPrivateAddress = isInternalHost(u.hostname);
      } catch {
        problems.push(`${path}: sources.${index}.url: "${s.url}" is not a valid URL`);
        url = s.url;
      }
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(s.url) && !/^[a-z]:[\\/]/i.test(s.url)) {
      problems.push(`${path}: sources.${index}.url: only http(s) URLs or paths relative to the sources file are allowed`);
      url = s.url;
    } else {
      url = pathToFileURL(resolve(base, s.url)).toString();
    }
    return {
      id: s.id,
      name: s.name,
      url,
      ...(s.language ? { language: s.language } : {}),
      ...(s.type ? { type: s.type } : {}),
      ...(s.filter ? { filter: s.filter } : {}),
      fullText: s.fullText,
      allowPrivateAddress,
    };
  });
  if (problems.length) throw new ConfigError(problems);
  return sources;
}

/** A configured host that is literally internal: "localhost" or a private, loopback or link-local IP. */
function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && isPrivateAddress(host);
}
