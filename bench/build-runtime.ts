import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from './run-child.js';

/** The JavaScript the measured processes run: what `npm ci` builds, without tsx (whose loader costs ~35 MB per thread). */
export interface Runtime {
  kind: 'dist' | 'transpiled' | 'tsx';
  /** Directory holding src/, adapters/ and bench/ as .js (null for tsx). */
  dir: string | null;
  /** How a child node process runs a TypeScript entry point of this repository (e.g. "src/cli.ts"). */
  args(entry: string): string[];
  describe: string;
}

// One copy per checkout: worktrees sharing one node_modules must not overwrite each other's transpiled sources.
const OUT = join(
  ROOT,
  'node_modules',
  '.cache',
  `migration-news-bench-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`,
);
const SOURCES = ['src', 'adapters', 'bench'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function newest(paths: string[]): number {
  return Math.max(0, ...paths.map((p) => statSync(p).mtimeMs));
}

let cached: Runtime | null = null;

/**
 * The runtime for child processes: the repository's own build (dist/) when it exists and is newer than every source
 * file; otherwise a transpile-only copy of the sources (TypeScript's transpileModule, as tsc emits without type
 * checking) under node_modules/.cache, next to the dependencies it imports; tsx if even that fails.
 */
export function benchRuntime(): Runtime {
  if (cached) return cached;
  const sources = SOURCES.flatMap((d) => files(join(ROOT, d)));
  const dist = join(ROOT, 'dist');
  const srcNewest = newest(sources.filter((f) => !f.startsWith(join(ROOT, 'bench'))));
  try {
    const distFresh = existsSync(join(dist, 'src', 'cli.js')) && newest(files(join(dist, 'src'))) >= srcNewest;
    rmSync(OUT, { recursive: true, force: true });
    for (const file of sources) {
      const target = join(OUT, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) {
        copyFileSync(file, target);
        continue;
      }
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
      });
      writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
    }
    // ESM needs the package type where node looks for it (node stops looking at node_modules); the prompts are found
    // next to the nearest package.json.
    writeFileSync(join(OUT, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    for (const file of files(join(ROOT, 'prompts'))) {
      const target = join(OUT, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
    const built = (entry: string) => join(OUT, entry.replace(/\.ts$/, '.js'));
    cached = distFresh
      ? {
          kind: 'dist',
          dir: OUT,
          // The CLI from the repository's build; bench scripts from the transpiled copy.
          args: (entry) => [entry.startsWith('src/') ? join(dist, entry.replace(/\.ts$/, '.js')) : built(entry)],
          describe: 'node, dist/ build',
        }
      : {
          kind: 'transpiled',
          dir: OUT,
          args: (entry) => [built(entry)],
          describe: 'node, sources transpiled (no fresh dist/)',
        };
  } catch (error) {
    cached = {
      kind: 'tsx',
      dir: null,
      args: (entry) => ['--import', 'tsx', join(ROOT, entry)],
      describe: `node --import tsx (build failed: ${(error as Error).message})`,
    };
  }
  return cached;
}
