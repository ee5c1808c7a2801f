#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { errorHint } from './cli/error-hint.js';
import { palette, useColor } from './cli/use-color.js';
import { exitCodeFor } from './cli/exit-code.js';
import { ConfigError } from './domain/errors.js';
import { isKnownLanguage } from './domain/languages.js';

// Results go to stdout, logs to stderr; exit 0 success, 2 bad usage or configuration, 1 failure (SPEC 3).
loadDotenv({ quiet: true });

const program = new Command('migration-news')
  .description('Bilingual migration-news digests for Slack and Microsoft Teams')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) })
  .showHelpAfterError('(run with --help for usage)');

/**
 * Bad option values, collected rather than thrown at the first one, so that one run names every problem of the command
 * line (SPEC 3); they are reported before the command runs, or with the error Commander stops at.
 */
const badOptions: string[] = [];

/** An option's value parser that records a bad value (Commander's wording) and lets parsing go on. */
function collecting<T>(flags: string, parse: (value: string) => T): (value: string) => T | undefined {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      badOptions.push(`error: option '${flags}' argument '${value}' is invalid. ${(error as Error).message}`);
      return undefined;
    }
  };
}

/** Commander's `.choices()` check, collected: the choices still show in --help. */
function oneOf(flags: string, choices: string[]): (value: string) => string | undefined {
  return collecting(flags, (value) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return value;
  });
}

const sourcesOption = () =>
  new Option('--sources <file>', 'sources file (YAML or JSON); default $SOURCES_FILE or config/sources.yaml');

program
  .command('ingest')
  .description('poll every source once and store new stories')
  .addOption(sourcesOption())
  .option('--json', 'print the per-source report as JSON')
  .action(async (opts) => (await import('./cli/ingest-command.js')).ingestCommand(opts));

program
  .command('digest')
  .description('ingest, summarise what is missing, and print a digest')
  .addOption(sourcesOption())
  .addOption(
    new Option('--since <when>', 'window: 24h, 7d, an ISO date, or "all"')
      .argParser(collecting('--since <when>', parseSince))
      .default(parseSince('24h'), '24h'),
  )
  .option('--limit <n>', 'most stories (default $DIGEST_MAX_ITEMS)', collecting('--limit <n>', parseLimit))
  .option(
    '--langs <list>',
    'languages, e.g. en,ar (default $DIGEST_LANGUAGES)',
    collecting('--langs <list>', parseLanguages),
  )
  .addOption(formatOption(['text', 'json', 'slack', 'teams']))
  .option('--no-ingest', 'use stored stories only')
  .action(async (opts) => (await import('./cli/digest-command.js')).digestCommand(opts));

program
  .command('ask')
  .description('grounded answer about one stored article')
  .argument('<item>', 'story id or article URL')
  .argument('<question...>', 'the question')
  .addOption(formatOption(['text', 'json']))
  .action(async (item: string, question: string[], opts) =>
    (await import('./cli/ask-command.js')).askCommand(item, question.join(' '), opts),
  );

program
  .command('serve')
  .description('run the bot: HTTP server (Slack, Teams, /healthz, preview), scheduler and poller')
  .addOption(sourcesOption())
  .action(async (opts) => (await import('./cli/serve-command.js')).serveCommand(opts));

program
  .command('status')
  .description('subscriptions and next runs, last deliveries and failures, source health, LLM usage over the last day')
  .addOption(sourcesOption())
  .option('--json', 'print the status as JSON')
  .action(async (opts) => (await import('./cli/status-command.js')).statusCommand(opts));

program
  .command('preview')
  .description(
    'serve only the preview page (GET /) on the stored stories; ingests the demo feeds first when the store is empty',
  )
  .addOption(
    new Option('--sources <file>', 'sources file to ingest when the store is empty; default examples/sources.yaml'),
  )
  .option('--port <n>', 'HTTP port, 0 for any free port (default $PORT or 3978)', collecting('--port <n>', parsePort))
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .action(async (opts) => (await import('./cli/preview-command.js')).previewCommand(opts));

const subscriptions = program
  .command('subscriptions')
  .description('manage channel subscriptions without a chat client');
subscriptions
  .command('list')
  .option('--json', 'print JSON')
  .action(async (opts) => (await import('./cli/subscriptions-command.js')).listSubscriptions(opts));
subscriptions
  .command('add')
  .description('e.g. subscriptions add slack C0123 weekdays 08:00 tz Africa/Cairo lang en,ar')
  .argument('<platform>', 'slack or teams')
  .argument('<channel>', 'channel or conversation id')
  .argument(
    '[schedule...]',
    'same words as the chat command: daily HH:MM | weekdays HH:MM | weekly DAY HH:MM | cron "<expr>" [tz ..] [lang ..] [filter ..]',
  )
  .action(async (platform: string, channel: string, words: string[]) =>
    (await import('./cli/subscriptions-command.js')).addSubscription(platform, channel, words),
  );
subscriptions
  .command('remove')
  .argument('<platform>', 'slack or teams')
  .argument('<channel>', 'channel or conversation id')
  .action(async (platform: string, channel: string) =>
    (await import('./cli/subscriptions-command.js')).removeSubscription(platform, channel),
  );

function formatOption(choices: string[]): Option {
  const flags = '--format <format>';
  return new Option(flags, 'output format').choices(choices).argParser(oneOf(flags, choices)).default('text');
}

// Every bad option value at once, before any command runs (Commander calls the parsers above while parsing).
program.hook('preAction', () => {
  if (badOptions.length > 0) throw new CommanderError(2, 'commander.invalidArgument', badOptions.join('\n'));
});

function parseSince(value: string): string | null {
  if (value === 'all') return null;
  const rel = /^(\d+)\s*([hdw])$/.exec(value.trim());
  if (rel) {
    const hours = Number(rel[1]) * ({ h: 1, d: 24, w: 168 } as Record<string, number>)[rel[2] ?? 'h']!;
    return new Date(Date.now() - hours * 3_600_000).toISOString();
  }
  const t = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(t)) return new Date(t).toISOString();
  throw new InvalidArgumentError('use 24h, 7d, 2w, an ISO date such as 2026-11-01, or "all"');
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('a whole number from 0 to 65535 (0 picks a free port)');
  return n;
}

const MAX_CLI_LIMIT = 1000;

function parseLimit(value: string): number {
  const n = Number(value);
  // Wider than chat's `latest` (1-50, posted into a channel): the terminal and JSON may list a whole archive.
  if (!Number.isInteger(n) || n < 1 || n > MAX_CLI_LIMIT)
    throw new InvalidArgumentError(`a whole number from 1 to ${MAX_CLI_LIMIT}`);
  return n;
}

function parseLanguages(value: string): string[] {
  const list = value
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  if (list.length === 0 || list.length > 4 || list.some((l) => !/^[a-z]{2,3}$/.test(l))) {
    throw new InvalidArgumentError('1 to 4 language codes separated by commas, e.g. en,ar');
  }
  // "xx" has the right shape but names no language: the digest would show it empty (as DIGEST_LANGUAGES refuses it).
  const unknown = list.filter((l) => !isKnownLanguage(l));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `${unknown.map((l) => `"${l}"`).join(', ')}: not a language code; use codes such as en, ar, fr, es, fa`,
    );
  return [...new Set(list)];
}

const paint = palette(useColor(process.stderr));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
  // The bad values collected while parsing: alone (the hook above), or with the error Commander stopped at.
  if (badOptions.length > 0 && error instanceof CommanderError) {
    const own = error.code === 'commander.invalidArgument';
    process.stderr.write(`${badOptions.join('\n')}\n${own ? '(run with --help for usage)\n' : ''}`);
  }
  if (error instanceof ConfigError) process.stderr.write(`${paint.red(error.message)}\n`);
  else if (!(error instanceof CommanderError))
    process.stderr.write(`${paint.red('error:')} ${(error as Error)?.message ?? String(error)}\n`);
  const hint = error instanceof CommanderError ? null : errorHint(error);
  if (hint) process.stderr.write(`${paint.yellow('hint:')} ${hint}\n`);
}
