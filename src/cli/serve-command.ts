import { openApp } from './open-app.js';

export async function serveCommand(opts: { sources?: string }): Promise<void> {
  const app = await openApp({
    ...(opts.sources ? { sources: opts.sources } : {}),
    processMetrics: true,
    waitForStore: true,
  });
  const { core } = app;
  const bot = await app.serve().catch(async (error: unknown) => {
    // Refused credentials (exit 2) or a port in use: nothing keeps running.
    await app.close().catch(() => undefined);
    throw error;
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.log.info({ signal }, 'shutting down: finishing in-flight work');
    // A stuck post must not keep the process alive for ever.
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        core.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
