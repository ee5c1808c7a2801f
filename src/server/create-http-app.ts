import express from 'express';
import type { Store } from '../ports/store.js';

export interface HttpAppDeps {
  store: Store;
  /** Extra health details (last ingest, adapters, scheduler). */
  health?: () => Promise<Record<string, unknown>>;
}

/**
 * The one HTTP server of `serve` (SPEC 7). Adapters add their own routes (/slack/events, /api/messages)
 * to this app; no global body parser, because Slack signatures are computed over the raw body.
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.get('/healthz', async (_req, res) => {
    const extra = await (deps.health?.() ?? Promise.resolve({})).catch((err: unknown) => ({ healthError: (err as Error).message }));
    try {
      await deps.store.ping();
      res.status(200).json({ status: 'ok', store: { status: 'ok', dialect: deps.store.dialect }, ...extra });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', store: { status: 'unreachable', error: (error as Error).message }, ...extra });
    }
  });
  return app;
}
