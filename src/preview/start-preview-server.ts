import type { Server } from 'node:http';
import express from 'express';
import { AppError } from '../domain/errors.js';
import type { PreviewDeps } from './build-preview.js';
import { createPreviewRouter } from './create-preview-router.js';

export interface PreviewServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** An HTTP server with only the preview page (`migration-news preview`): no chat endpoints, no scheduler. */
export async function startPreviewServer(
  deps: PreviewDeps,
  options: { port: number; host: string },
): Promise<PreviewServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(createPreviewRouter(deps));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => {
      if (!err) return resolve(s);
      const code = (err as NodeJS.ErrnoException).code;
      reject(
        code === 'EADDRINUSE'
          ? new AppError('PORT_IN_USE', `port ${options.port} on ${options.host} is already in use`, { cause: err })
          : err,
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
