import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { moduleWorker } from '../../../src/util/module-worker.js';

describe('moduleWorker', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * A directory of ES modules (as this project's package.json declares) with the given files, and a URL of a file in
   * it, as a caller's import.meta.url would be.
   */
  async function folder(files: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'mnb-module-worker-'));
    for (const [name, text] of Object.entries({ 'package.json': '{"type":"module"}', ...files }))
      await writeFile(join(dir, name), text);
    return pathToFileURL(join(dir, 'caller.js')).href;
  }

  const firstMessage = (worker: Worker) =>
    new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));

  const echo = (from: string) =>
    `import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage({ from: '${from}', got: workerData });\n`;

  it('runs the built .js when there is one, with the options given', async () => {
    const base = await folder({ 'job.js': echo('js'), 'job.ts': echo('ts') });
    const worker = moduleWorker(base, 'job', { workerData: 7 });
    expect(worker).not.toBeNull();
    try {
      expect(await firstMessage(worker as Worker)).toEqual({ from: 'js', got: 7 });
    } finally {
      await worker?.terminate();
    }
  });

  it('runs the .ts through tsx when nothing is built', async () => {
    const typed = `import { parentPort } from 'node:worker_threads';\nconst n: number = 2;\nparentPort?.postMessage({ from: 'ts', got: n * 21 });\n`;
    const base = await folder({ 'job.ts': typed });
    const worker = moduleWorker(base, 'job');
    try {
      expect(await firstMessage(worker as Worker)).toEqual({ from: 'ts', got: 42 });
    } finally {
      await worker?.terminate();
    }
  });

  it('starts nothing when neither file is there', async () => {
    const base = await folder({ 'other.js': echo('js') });
    expect(moduleWorker(base, 'job')).toBeNull();
  });
});
