import { existsSync } from 'node:fs';
import { startPreviewServer } from '../preview/start-preview-server.js';
import { previewRenderers } from '../app/preview-renderers.js';
import { runIngest } from './ingest-command.js';
import { openCore } from './open-core.js';

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
  const core = await openCore({ ...(sources ? { sources } : {}), quietLogs: true });
  let server: Awaited<ReturnType<typeof startPreviewServer>>;
  try {
    if ((await core.store.stories.count()) === 0) {
      process.stderr.write(`The store is empty: ingesting ${sources ?? core.config.sourcesFile} first.\n`);
      const reports = await runIngest(core);
      const failed = reports.filter((r) => r.status === 'failed');
      for (const r of failed) process.stderr.write(`  ${r.sourceId}: FAILED ${r.error ?? ''}\n`);
    }
    server = await startPreviewServer(
      {
        store: core.store,
        llm: core.llm,
        log: core.log,
        promptVersion: core.promptVersion,
        concurrency: core.config.llmConcurrency,
        inputTokenCap: core.config.llmInputTokenCap,
        sources: core.sources,
        maxItems: core.config.digest.maxItems,
        defaultLanguages: core.config.digest.languages,
        defaults: { languages: core.config.digest.languages, cron: core.config.digest.cron, timezone: core.config.digest.timezone },
        ...previewRenderers,
      },
      { port: opts.port ?? core.config.port, host: opts.host },
    );
  } catch (error) {
    await core.close();
    throw error;
  }
  const shown = opts.host === '127.0.0.1' || opts.host === '::1' || opts.host === '0.0.0.0' ? 'localhost' : opts.host;
  process.stdout.write(`Preview: http://${shown}:${server.port}/  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await core.close();
}

