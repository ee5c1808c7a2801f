import { buildDigest } from '../digest/build-digest.js';
import { digestSchema } from '../domain/digest.js';
import { runIngest } from './ingest-command.js';
import { openApp } from './open-app.js';
import { createProgress } from './progress.js';
import { renderDigestText } from './render-text.js';
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
  const app = await openApp({
    ...(opts.sources ? { sources: opts.sources } : {}),
    // Stored stories only: the names stored with each source serve when there is no sources file.
    sourcesUse: opts.ingest ? 'fetch' : 'name',
    quietLogs: true,
  });
  try {
    const { core } = app;
    const reports = opts.ingest ? await runIngest(app) : [];
    // Nothing could be fetched: still show what is stored, but say so on the digest and on stderr.
    const allFailed =
      reports.length > 0 && reports.every((r) => r.status === 'failed')
        ? `all ${reports.length} sources failed to fetch`
        : null;
    const languages = opts.langs ?? core.config.digest.languages;
    const stories = opts.limit ?? core.config.digest.maxItems;
    const progress = createProgress('summarise', stories);
    const digest = await buildDigest(app.digestDeps({ onStoryDone: (id) => progress.tick(id) }), {
      languages,
      since: opts.since,
      limit: stories,
    }).finally(() => progress.stop());
    if (allFailed) {
      digest.notices = [...(digest.notices ?? []), `${allFailed}: showing stored stories only`];
      process.stderr.write(
        `warning: ${allFailed} (see \`migration-news ingest\` for each error); showing stored stories only\n`,
      );
    }
    digestSchema.parse(digest);
    const out =
      opts.format === 'text'
        ? renderDigestText(digest, { color: useColor(process.stdout) })
        : opts.format === 'json'
          ? JSON.stringify(digest, null, 2)
          : await app.formatFor(opts.format, digest);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    // A runtime failure (SPEC 3): nothing fetched and nothing stored to show.
    if (allFailed && digest.items.length === 0) process.exitCode = 1;
  } finally {
    await app.close();
  }
}
