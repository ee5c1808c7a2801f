import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../domain/errors.js';

export interface Prompt {
  /** "<name>/<version>", recorded with every result the prompt produces. */
  version: string;
  system: string;
  user: string;
}

const SAFE = /^[a-z0-9][a-z0-9-]*$/;
const HEADING = /^#[ \t]+(system|user)[ \t]*$/gim;
const cache = new Map<string, Prompt>();

/** The package root: the first directory above this file with a package.json (works from src/ via tsx and from dist/src/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new AppError('PROMPT_NOT_FOUND', `no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * A missing or malformed prompt is a packaging bug, not an LLM outage, so it throws AppError (codes
 * PROMPT_NOT_FOUND, PROMPT_INVALID) rather than LlmError, which callers turn into offline fallbacks.
 *
 * Reads prompts/<name>/<version>.md: a "# system" section and a "# user" section (a template with
 * {{placeholders}}, see renderPrompt); text before the first heading is a comment for humans.
 */
export function loadPrompt(name: string, version: string): Prompt {
  if (!SAFE.test(name) || !SAFE.test(version)) {
    throw new AppError('PROMPT_NOT_FOUND', `invalid prompt name or version: ${name}/${version}`);
  }
  const key = `${name}/${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const file = join(packageRoot(), 'prompts', name, `${version}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('PROMPT_NOT_FOUND', `prompt ${key} not found at ${file}`, { cause: err });
  }
  const sections: Record<string, string> = {};
  const headings = [...text.matchAll(HEADING)];
  headings.forEach((h, i) => {
    const start = (h.index ?? 0) + h[0].length;
    const end = headings[i + 1]?.index ?? text.length;
    sections[(h[1] ?? '').toLowerCase()] = text.slice(start, end).trim();
  });
  const { system, user } = sections;
  if (!system || !user)
    throw new AppError('PROMPT_INVALID', `prompt ${key} needs a "# system" and a "# user" section (${file})`);
  const prompt = { version: key, system, user };
  cache.set(key, prompt);
  return prompt;
}
