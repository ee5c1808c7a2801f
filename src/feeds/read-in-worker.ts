import type { Worker } from 'node:worker_threads';
import { SOURCE_ERROR_CODES, SourceError, type SourceErrorCode } from '../domain/errors.js';
import type { SourceConfig } from '../domain/types.js';
import { READ_WORKER, type ReadReply, type ReadRequest, unpackItem } from './read-message.js';
import type { ReadSourceResult } from './read-source.js';
import { moduleWorker } from '../util/module-worker.js';

export interface WorkerReader {
  readSource(source: SourceConfig, previous: ReadRequest['previous']): Promise<ReadSourceResult>;
  /** Stops the worker; the caller must call it (a running worker keeps the process alive). */
  close(): Promise<void>;
}

/**
 * The worker's heap: its live data is small (the language model, the feeds in flight), but V8 lets a busy heap grow to
 * several times that before collecting. A small young generation and a cap on the old one keep it near its live size
 * (measured: ~40 MB less RSS for a 20,000-item ingest, same speed). Were the cap ever reached, the worker would stop
 * and its reads would continue in this thread.
 */
const LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 };

/** How long the worker may take to load its modules before ingest goes on without it. */
const READY_TIMEOUT_MS = 15_000;

/**
 * readSource in a worker thread: parsing, language detection and hashing (most of an ingest's CPU time) then run on a
 * second core while this thread stores what is already read. Every read happens in the one worker, so per-host
 * limits and the address policy hold as in this thread. Resolves null when the worker cannot start (a runtime that
 * cannot load it, such as a test runner): the caller reads in this thread. If the worker dies, the reads it had not
 * answered, and all later ones, are done in this thread.
 */
export async function startWorkerReader(): Promise<WorkerReader | null> {
  let worker: Worker;
  try {
    const created = moduleWorker(import.meta.url, 'read-worker', { workerData: READ_WORKER, resourceLimits: LIMITS });
    if (!created) return null;
    worker = created;
  } catch {
    return null;
  }
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    worker.once('message', (m: { ready?: boolean }) => {
      clearTimeout(timer);
      resolve(m.ready === true);
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!started) {
    await worker.terminate().catch(() => undefined);
    return null;
  }

  const pending = new Map<
    number,
    { request: ReadRequest; resolve: (r: ReadSourceResult) => void; reject: (e: unknown) => void }
  >();
  let nextId = 1;
  let alive = true;
  let closing = false;
  const readHere = async (request: ReadRequest) =>
    (await import('./read-source.js')).readSource(request.source, request.previous);
  worker.on('message', (reply: ReadReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('result' in reply) waiting.resolve({ ...reply.result, items: reply.result.items.map(unpackItem) });
    else {
      const { name, message, code } = reply.error;
      waiting.reject(
        isSourceErrorCode(code)
          ? new SourceError(code, message)
          : Object.assign(new Error(message), { name }, typeof code === 'string' ? { code } : {}),
      );
    }
  });
  const fallBack = () => {
    if (!alive) return;
    alive = false;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      if (closing) waiting.reject(new Error('ingest worker stopped'));
      else readHere(waiting.request).then(waiting.resolve, waiting.reject);
    }
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);

  return {
    readSource(source, previous) {
      const request: ReadRequest = { id: nextId++, source, previous };
      if (!alive) return readHere(request);
      return new Promise((resolve, reject) => {
        pending.set(request.id, { request, resolve, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      closing = true;
      await worker.terminate().catch(() => undefined);
    },
  };
}

/** A code the worker sent back is a SourceError's when it is in the list; any other coded error keeps its name and code. */
function isSourceErrorCode(code: unknown): code is SourceErrorCode {
  return typeof code === 'string' && Object.hasOwn(SOURCE_ERROR_CODES, code);
}
