import { parentPort, workerData } from 'node:worker_threads';
import { packItem, READ_WORKER, type ReadReply, type ReadRequest } from './read-message.js';
import { readSource } from './read-source.js';

// The worker of read-in-worker.ts: reads the sources it is sent (fetch, parse, language, hash) and answers.
const port = workerData === READ_WORKER ? parentPort : null;
if (port) {
  const answer = (reply: ReadReply) => port.postMessage(reply);
  port.on('message', (request: ReadRequest) => {
    readSource(request.source, request.previous).then(
      (result) => answer({ id: request.id, result: { ...result, items: result.items.map(packItem) } }),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        answer({ id: request.id, error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } });
      },
    );
  });
  port.postMessage({ ready: true });
}
