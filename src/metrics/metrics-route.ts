import type { RequestHandler } from 'express';
import type { Metrics } from './create-metrics.js';

/** GET /metrics: the bot's registry in the Prometheus text format. */
export function metricsRoute(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    try {
      const body = await metrics.registry.metrics();
      res.status(200).type(metrics.registry.contentType).set('Cache-Control', 'no-store').send(body);
    } catch (error) {
      res
        .status(500)
        .type('text/plain')
        .send(`# metrics collection failed: ${(error as Error).message}\n`);
    }
  };
}
