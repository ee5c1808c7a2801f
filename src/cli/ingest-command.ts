import { ingestSources, type SourceReport } from '../ingest/ingest-sources.js';
import { openCore } from './open-core.js';
import { createProgress } from './progress.js';

export async function ingestCommand(opts: { sources?: string; json?: boolean }): Promise<void> {
  const core = await openCore({ ...opts, quietLogs: true });
  try {
    const reports = await runIngest(core, core.sources);
    if (opts.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else process.stdout.write(`${formatIngestSummary(reports)}\n`);
    if (reports.length > 0 && reports.every((r) => r.status === 'failed')) process.exitCode = 1;
  } finally {
    await core.close();
  }
}

export async function runIngest(core: Awaited<ReturnType<typeof openCore>>, sources = core.sources): Promise<SourceReport[]> {
  const progress = createProgress('ingest', sources.length);
  try {
    return await ingestSources({ store: core.store, log: core.log, onSourceDone: (r) => progress.tick(r.sourceId) }, sources);
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
  const total = reports.reduce((t, r) => ({ new: t.new + r.new, duplicate: t.duplicate + r.duplicate, failed: t.failed + (r.status === 'failed' ? 1 : 0) }), {
    new: 0,
    duplicate: 0,
    failed: 0,
  });
  lines.push(`ingest: ${total.new} new, ${total.duplicate} duplicate, ${total.failed} failed source(s) of ${reports.length}`);
  return lines.join('\n');
}
