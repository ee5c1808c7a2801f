import { safe } from './render-text.js';
import { collectStatus, type DeliverySummary, type SourceHealth, type StatusReport } from '../chat/collect-status.js';
import { describeBudget } from '../chat/describe-status.js';
import { openApp } from './open-app.js';
import { type Palette, palette, useColor } from './use-color.js';

/** `migration-news status [--json]`: subscriptions and next runs, deliveries and failures, source health, LLM usage. */
export async function statusCommand(opts: { json?: boolean; sources?: string }): Promise<void> {
  const app = await openApp({
    ...(opts.sources ? { sources: opts.sources } : {}),
    sourcesUse: 'name',
    quietLogs: true,
  });
  const { core } = app;
  try {
    // Without a sources file, the sources are those the store has fetched, under the names stored with them.
    const sources = core.sourcesFile === null ? null : core.sources;
    const report = await collectStatus({ store: core.store, sources, budget: core.budget }, { recent: 10 });
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ store: { status: 'ok', dialect: core.store.dialect }, ...report }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${formatStatus(report, core.store.dialect, palette(useColor(process.stdout)))}\n`);
    }
  } finally {
    await app.close();
  }
}

/** The report as a terminal page: one section per concern, failures in red. */
export function formatStatus(report: StatusReport, dialect: string, p: Palette): string {
  const lines: string[] = [];
  lines.push(
    `${p.bold('Store')}: ${dialect} · last ingest ${report.lastIngestAt ? utc(report.lastIngestAt) : p.yellow('never')}`,
  );

  const { ok, failing, neverFetched } = report.sources;
  lines.push(
    '',
    `${p.bold('Sources')}: ${ok} ok, ${failing ? p.red(`${failing} failing`) : '0 failing'}, ${neverFetched} not fetched`,
  );
  const idWidth = Math.max(4, ...report.sources.list.map((s) => s.id.length));
  for (const s of report.sources.list) lines.push(`  ${sourceLine(s, idWidth, p)}`);

  lines.push('', `${p.bold('Subscriptions')} (${report.subscriptions.length})`);
  if (report.subscriptions.length === 0)
    lines.push(p.dim('  none: `migration-news subscriptions add` or `subscribe` in a channel'));
  for (const s of report.subscriptions) {
    const when = s.pausedAt
      ? p.yellow(`PAUSED since ${utc(s.pausedAt)}: ${safe(s.pausedReason ?? 'the bot is not in the channel')}`)
      : `next ${s.nextRunAt ? utc(s.nextRunAt) : p.yellow('unknown')}`;
    lines.push(
      `  ${s.platform} ${s.channelId}  cron "${s.cron}" ${s.timezone}  ${s.languages.join(',')}${s.filter.length ? `  filter ${s.filter.join(',')}` : ''}  ${when}`,
    );
  }

  const d = report.deliveries.last24h;
  lines.push(
    '',
    `${p.bold('Deliveries')}, last 24 h: ${d.posted} posted, ${d.failed ? p.red(`${d.failed} failed`) : '0 failed'}, ${d.pending} pending`,
  );
  if (report.deliveries.recent.length === 0) lines.push(p.dim('  none yet'));
  for (const delivery of report.deliveries.recent) lines.push(`  ${deliveryLine(delivery, p)}`);

  const llm = report.llm;
  lines.push(
    '',
    `${p.bold('LLM')}, last 24 h: ${llm.calls} call(s), ${llm.tokens.toLocaleString('en-US')} tokens (${llm.promptTokens.toLocaleString('en-US')} prompt + ${llm.completionTokens.toLocaleString('en-US')} completion)`,
  );
  if (llm.budget) lines.push(`  ${llm.budget.spent ? p.red(describeBudget(llm.budget)) : describeBudget(llm.budget)}`);
  return lines.join('\n');
}

function sourceLine(s: SourceHealth, width: number, p: Palette): string {
  const id = s.id.padEnd(width);
  if (s.health === 'never') return `${p.dim('·')} ${id}  ${s.name}: ${p.dim('not fetched yet')}`;
  if (s.health === 'failing') {
    return `${p.red('✗')} ${id}  ${s.name}: ${p.red(`FAILING for ${s.consecutiveFailures} fetch(es)`)}${s.lastSuccessAt ? `, last success ${utc(s.lastSuccessAt)}` : ''}: ${safe(s.error ?? 'unknown error')}`;
  }
  return `${p.green('✓')} ${id}  ${s.name}: last fetch ${utc(s.lastFetchAt ?? '')}, ${s.itemsNew} new / ${s.itemsDuplicate} duplicate / ${s.itemsUpdated} updated`;
}

function deliveryLine(d: DeliverySummary, p: Palette): string {
  const head = `${utc(d.at)}  ${d.platform} ${d.channelId}  ${d.kind === 'scheduled' ? 'scheduled' : 'on demand'}`;
  // Not posted on purpose: the platform could not confirm an earlier attempt (SPEC 7.4); retried with back-off.
  const waiting =
    d.status === 'failed' ? /^UNCONFIRMED: (cannot confirm an earlier post .*)$/s.exec(d.error ?? '') : null;
  if (waiting) return `${head}  ${p.yellow('waiting')}: ${safe(waiting[1] ?? '')}`;
  if (d.status === 'failed')
    return `${head}  ${p.red(`FAILED after ${d.attempts} attempt(s)`)}: ${safe(d.error ?? 'unknown error')}`;
  return `${head}  ${d.status}, ${d.stories} ${d.stories === 1 ? 'story' : 'stories'}`;
}

function utc(iso: string): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'unknown';
}
