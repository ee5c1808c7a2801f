import type { App } from '../app/create-app.js';
import type { SourceReport } from '../ingest/ingest-sources.js';
import { openApp } from './open-app.js';
import { createProgress } from './progress.js';

export async function ingestCommand(opts: { sources?: string; json?: boolean }): Promise<void> {
  const app = await openApp({ ...opts, quietLogs: true });
  try {
    const reports = await runIngest(app);
    if (opts.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else process.stdout.write(`${formatIngestSummary(reports)}\n`);
    if (reports.length > 0 && reports.every((r) => r.status === 'failed')) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

/** One ingest of every configured source, with a progress bar on a terminal. */
export async function runIngest(app: App): Promise<SourceReport[]> {
  const progress = createProgress('ingest', app.core.sources.length);
  try {
    return await app.ingest({ onSourceDone: (r) => progress.tick(r.sourceId) });
  } finally {
    progress.stop();
  }
}

export function formatIngestSummary(reports: SourceReport[]): string {
  const lines = reports.map((r) =>
    r.status === 'failed'
      ? `${r.sourceId}: FAILED ${r.error ?? ''}`
      : `${r.sourceId}: ${r.new} new, ${r.duplicate} duplicate, ${r.updated} updated${r.status === 'not_modified' ? ' (not modified)' : ''}`,
  );
  const total = reports.reduce(
    (t, r) => ({
      new: t.new + r.new,
      duplicate: t.duplicate + r.duplicate,
      failed: t.failed + (r.status === 'failed' ? 1 : 0),
    }),
    {
      new: 0,
      duplicate: 0,
      failed: 0,
    },
  );
  lines.push(
    `ingest: ${total.new} new, ${total.duplicate} duplicate, ${total.failed} failed source(s) of ${reports.length}`,
  );
  return lines.join('\n');
}
