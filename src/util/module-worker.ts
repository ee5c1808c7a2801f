import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that sits next to `base` (the caller's `import.meta.url`): `name.js` once
 * built; from the sources, `name.ts` through tsx's loader (loader hooks registered on the main thread do not reach
 * workers, so the worker registers tsx itself). Null when neither file is there.
 */
export function moduleWorker(base: string, name: string, options: WorkerOptions = {}): Worker | null {
  const built = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  const source = new URL(`./${name}.ts`, base);
  if (!existsSync(fileURLToPath(source))) return null;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
