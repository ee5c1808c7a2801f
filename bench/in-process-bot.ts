import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import type { Story, Subscription } from '../src/domain/types.js';
import { type Core, createCore } from '../src/app/create-core.js';
import { type RunningBot, startBot } from '../src/app/start-bot.js';
import { silentLogger } from '../src/util/create-logger.js';

export interface InProcessBot {
  core: Core;
  bot: RunningBot;
  stop(): Promise<void>;
}

/** A working directory with a sources file (the bot never polls it: POLL_CRON is set far away). */
export async function benchDir(): Promise<{ dir: string; sourcesFile: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-bot-'));
  const sourcesFile = join(dir, 'sources.yaml');
  await writeFile(
    sourcesFile,
    [
      'sources:',
      '  - { id: iom-en, name: IOM, url: iom-en.xml }',
      '  - { id: iom-ar, name: IOM, url: iom-ar.xml }',
      '',
    ].join('\n'),
  );
  return { dir, sourcesFile, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The bot of `serve` (createCore + startBot, real Bolt), in this process, on a loopback port. */
export async function startInProcessBot(env: Record<string, string>, stories: Story[] = []): Promise<InProcessBot> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', POLL_CRON: '0 0 1 1 *', ...env });
  const core = await createCore(config, { log: silentLogger() });
  if (stories.length) await core.store.stories.write({ newStories: stories, addedEditions: [], updatedEditions: [] });
  const bot = await startBot(core, { port: 0, host: '127.0.0.1' });
  return { core, bot, stop: () => bot.stop() };
}

/** Slack channel subscriptions that never fire on their own (the benchmark runs their slots itself). */
export async function subscribeChannels(core: Core, channels: string[], languages: string[]): Promise<Subscription[]> {
  const now = new Date().toISOString();
  return Promise.all(
    channels.map((channelId) =>
      core.store.subscriptions.upsert({
        id: randomUUID(),
        platform: 'slack',
        channelId,
        conversationRef: null,
        cron: '0 0 1 1 *',
        timezone: 'UTC',
        languages,
        filter: [],
        createdBy: 'bench',
        createdAt: new Date(Date.now() - 3_600_000).toISOString(),
        updatedAt: now,
        lastSlotAt: null,
      }),
    ),
  );
}
