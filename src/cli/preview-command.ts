import { existsSync } from 'node:fs';
import type { PreviewServer } from '../preview/start-preview-server.js';
import { runIngest } from './ingest-command.js';
import { openApp } from './open-app.js';

export const DEMO_SOURCES = 'examples/sources.yaml';

interface PreviewOptions {
  port?: number;
  host: string;
  sources?: string;
}

/**
 * `migration-news preview`: only the preview page, on the stored stories (ingesting the demo feeds first when the
 * store is empty), with no chat platform and no scheduler. Runs until Ctrl-C.
 */
export async function previewCommand(opts: PreviewOptions): Promise<void> {
  const sources = opts.sources ?? (existsSync(DEMO_SOURCES) ? DEMO_SOURCES : undefined);
  const app = await openApp({ ...(sources ? { sources } : {}), quietLogs: true });
  const { core } = app;
  let server: PreviewServer;
  try {
    if ((await core.store.stories.count()) === 0) {
      process.stderr.write(`The store is empty: ingesting ${sources ?? core.config.sourcesFile} first.\n`);
      const reports = await runIngest(app);
      const failed = reports.filter((r) => r.status === 'failed');
      for (const r of failed) process.stderr.write(`  ${r.sourceId}: FAILED ${r.error ?? ''}\n`);
    }
    server = await app.preview({ port: opts.port ?? core.config.port, host: opts.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const shown = opts.host === '127.0.0.1' || opts.host === '::1' || opts.host === '0.0.0.0' ? 'localhost' : opts.host;
  process.stdout.write(`Preview: http://${shown}:${server.port}/  (Ctrl-C to stop)\n`);
  if (core.config.previewToken)
    process.stdout.write(
      'PREVIEW_TOKEN is set: open the page with ?token=<PREVIEW_TOKEN>, or send it as a bearer token\n',
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await app.close();
}
