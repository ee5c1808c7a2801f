import { createServer, type Server } from 'node:http';

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
 * away later; every other route answers 503 with Retry-After, so Slack delivers its events again and a load balancer
 * sends nothing here yet. Nothing is processed: no store, no adapter exists yet.
 */
export async function serveWhileWaiting(
  options: { port: number; host: string },
  error: string,
): Promise<WaitingServer> {
  let last = error;
  const server: Server = createServer((req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Retry-After', String(RETRY_AFTER_S));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    // The request body is not read: nothing is done with it.
    const health = req.method === 'GET' && (req.url ?? '').split('?')[0] === '/healthz';
    const body = health
      ? { status: 'unavailable', store: { status: 'unreachable', error: last }, starting: true }
      : { error: 'the bot is starting: its database cannot be reached yet; try again shortly' };
    res.writeHead(503).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
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
