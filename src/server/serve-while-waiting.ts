import type { Server } from 'node:http';
import express from 'express';
import { hasPreviewToken } from './check-preview-token.js';

/** Seconds a caller (a load balancer, Slack's event retries) is asked to wait before trying again. */
const RETRY_AFTER_S = 30;

export interface WaitingServer {
  port: number;
  /** What /healthz says is wrong (the last error opening the store). */
  setError(message: string): void;
  /** Stops listening and ends open connections, so that the bot itself can take the port. */
  close(): Promise<void>;
}

/**
 * What `serve` answers on PORT while its database cannot be reached yet (SPEC 8, issue 7: the database unreachable
 * at start: /healthz 503, recovery when it returns). /healthz says why in the same shape as when the database goes
 * away later (with PREVIEW_TOKEN set, only to a request that carries it: others get `{"status":"error"}`); every other route answers 503 with Retry-After, so Slack delivers its events again and a load balancer
 * sends nothing here yet. Nothing is processed: no store, no adapter exists yet.
 */
export async function serveWhileWaiting(
  options: {
    port: number;
    host: string;
    previewToken?: string | undefined;
    /** Platform routes that answer before the 503 (Slack: a slash command is told the bot is starting). */
    routes?: express.Router[];
  },
  error: string,
): Promise<WaitingServer> {
  let last = error;
  const app = express();
  app.disable('x-powered-by');
  for (const router of options.routes ?? []) app.use(router);
  // The request body is not read here: nothing is done with it.
  app.use((req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_S) });
    if (req.method === 'GET' && req.path === '/healthz') {
      // As when the bot runs: with PREVIEW_TOKEN set, the details need it.
      const details = !options.previewToken || hasPreviewToken(req, options.previewToken);
      res
        .status(503)
        .json(
          details
            ? { status: 'unavailable', store: { status: 'unreachable', error: last }, starting: true }
            : { status: 'error' },
        );
      return;
    }
    res.status(503).json({ error: 'the bot is starting: its database cannot be reached yet; try again shortly' });
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    setError: (message) => {
      last = message;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
