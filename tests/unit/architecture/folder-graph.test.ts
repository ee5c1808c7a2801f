import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = join(ROOT, 'src');
const COMPOSITION_ROOT = 'src/app';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file (static, dynamic, type-only and re-exports), as repository paths of .ts files. */
function importsOf(file: string, root = ROOT): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(root, resolve(dirname(file), name)).replace(/\.js$/, '.ts'));
}

/** The folder of a repository path: `src/chat/parse-command.ts` -> `src/chat`. */
const folderOf = (path: string) => dirname(path);

function folderGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(relative(ROOT, file));
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to !== from && (to.startsWith('src') || to.startsWith('adapters'))) edges.add(to);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan): each is a folder cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The path of one cycle inside a component, for a readable failure: a -> b -> a. */
function describeCycle(graph: Map<string, Set<string>>, component: string[]): string {
  const members = new Set(component);
  const start = component[0]!;
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const to = [...(graph.get(at) ?? [])].find((t) => members.has(t) && (t === start || !seen.has(t)));
    if (!to) return `${component.join(', ')}`;
    path.push(to);
    if (to === start) return path.join(' -> ');
    seen.add(to);
    at = to;
  }
}

describe('the folder import graph of src/', () => {
  const files = sourceFiles(SRC);
  const graph = folderGraph(files);

  it('has no cycle between folders', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(graph).map((component) => describeCycle(graph, component))).toEqual([]);
  });

  it('imports adapters/ only from the composition root', () => {
    const offenders = files
      .map((file) => relative(ROOT, file))
      .filter((file) => !file.startsWith(`${COMPOSITION_ROOT}/`))
      .flatMap((file) =>
        importsOf(join(ROOT, file))
          .filter((target) => target.startsWith('adapters/'))
          .map((target) => `${file} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the composition root is where the adapters are wired', () => {
    const wired = sourceFiles(join(ROOT, COMPOSITION_ROOT))
      .flatMap((file) => importsOf(file))
      .filter((target) => target.startsWith('adapters/'));
    expect(wired.some((target) => target.startsWith('adapters/slack/'))).toBe(true);
    expect(wired.some((target) => target.startsWith('adapters/teams/'))).toBe(true);
  });

  it('has no cycle between the folders of adapters/ either', () => {
    const adapterGraph = folderGraph(sourceFiles(join(ROOT, 'adapters')));
    expect(adapterGraph.size).toBeGreaterThan(3);
    expect(cycles(adapterGraph).map((component) => describeCycle(adapterGraph, component))).toEqual([]);
  });

  it('adapters never import the composition root or another adapter', () => {
    const offenders = sourceFiles(join(ROOT, 'adapters')).flatMap((file) => {
      const from = relative(ROOT, file);
      const platform = from.split('/')[1];
      return importsOf(file)
        .filter(
          (target) =>
            target.startsWith(`${COMPOSITION_ROOT}/`) ||
            (target.startsWith('adapters/') && target.split('/')[1] !== platform),
        )
        .map((target) => `${from} -> ${target}`);
    });
    expect(offenders).toEqual([]);
  });

  it('sees every form of import an offender could use (the reader itself)', () => {
    // A stand-in repository: src/probe/probe.ts importing adapters/ every way TypeScript allows.
    const root = mkdtempSync(join(tmpdir(), 'mnb-architecture-'));
    try {
      mkdirSync(join(root, 'src', 'probe'), { recursive: true });
      const file = join(root, 'src', 'probe', 'probe.ts');
      writeFileSync(
        file,
        [
          "import { a } from '../../adapters/slack/static.js';",
          "import type { B } from '../../adapters/teams/type-only.js';",
          "export { c } from '../../adapters/slack/re-export.js';",
          "const d = await import('../../adapters/teams/dynamic.js');",
          "import ts from 'typescript';",
        ].join('\n'),
      );
      expect(importsOf(file, root)).toEqual([
        'adapters/slack/static.ts',
        'adapters/teams/type-only.ts',
        'adapters/slack/re-export.ts',
        'adapters/teams/dynamic.ts',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    const graph = new Map([
      ['src/a', new Set(['src/b'])],
      ['src/b', new Set(['src/c'])],
      ['src/c', new Set(['src/a'])],
      ['src/d', new Set(['src/a'])],
    ]);
    expect(cycles(graph).map((component) => describeCycle(graph, component))).toEqual([
      'src/a -> src/b -> src/c -> src/a',
    ]);
  });
});
