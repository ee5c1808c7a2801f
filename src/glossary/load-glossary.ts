import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';
import { packageRoot } from '../llm/load-prompt.js';
import { type GlossaryConcept, type GlossaryFile, glossaryFileSchema } from './glossary-schema.js';

/** The glossary shipped with the bot: src/glossary/migration-glossary.json (see its README). */
export const DEFAULT_GLOSSARY_FILE = join('src', 'glossary', 'migration-glossary.json');

export interface Glossary {
  version: number;
  concepts: readonly GlossaryConcept[];
}

const cache = new Map<string, Glossary>();

/**
 * Reads and validates a glossary file (zod) once per path. A missing or invalid file is a packaging bug:
 * AppError GLOSSARY_NOT_FOUND / GLOSSARY_INVALID naming the file and the first problems.
 */
export function loadGlossary(file: string = join(packageRoot(), DEFAULT_GLOSSARY_FILE)): Glossary {
  const cached = cache.get(file);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('GLOSSARY_NOT_FOUND', `cannot read the glossary ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const parsed = glossaryFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('GLOSSARY_INVALID', `invalid glossary ${file}: ${problems.join('; ')}`);
  }
  const glossary = fromFile(parsed.data);
  cache.set(file, glossary);
  return glossary;
}

function fromFile(file: GlossaryFile): Glossary {
  return { version: file.version, concepts: file.concepts };
}
