import { buildDigest } from '../digest/build-digest.js';
import { digestSchema } from '../domain/digest.js';
import { digestFormatters } from '../app/digest-formatters.js';
import { runIngest } from './ingest-command.js';
import { openCore } from './open-core.js';
import { createProgress } from './progress.js';
import { useColor } from './use-color.js';

interface DigestOptions {
  sources?: string;
  since: string | null;
  limit?: number;
  langs?: string[];
  format: 'text' | 'json' | 'slack' | 'teams';
  ingest: boolean;
}

export async function digestCommand(opts: DigestOptions): Promise<void> {
  const core = await openCore({ ...(opts.sources ? { sources: opts.sources } : {}), quietLogs: true });
  try {
    const reports = opts.ingest ? await runIngest(core) : [];
    // Nothing could be fetched: still show what is stored, but say so on the digest and on stderr.
    const allFailed = reports.length > 0 && reports.every((r) => r.status === 'failed') ? `all ${reports.length} sources failed to fetch` : null;
    const languages = opts.langs ?? core.config.digest.languages;
    const stories = opts.limit ?? core.config.digest.maxItems;
    const progress = createProgress('summarise', stories);
    const digest = await buildDigest(
      {
        store: core.store, llm: core.llm, log: core.log, promptVersion: core.promptVersion, sources: core.sources,
        maxItems: core.config.digest.maxItems, onStoryDone: (id) => progress.tick(id),
        concurrency: core.config.llmConcurrency, inputTokenCap: core.config.llmInputTokenCap,
      },
      { languages, since: opts.since, limit: stories },
    ).finally(() => progress.stop());
    if (allFailed) {
      digest.notices = [...(digest.notices ?? []), `${allFailed}: showing stored stories only`];
      process.stderr.write(`warning: ${allFailed} (see \`migration-news ingest\` for each error); showing stored stories only\n`);
    }
    digestSchema.parse(digest);
    const out = digestFormatters[opts.format](digest, { color: useColor(process.stdout) });
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    // A runtime failure (SPEC 3): nothing fetched and nothing stored to show.
    if (allFailed && digest.items.length === 0) process.exitCode = 1;
  } finally {
    await core.close();
  }
}
