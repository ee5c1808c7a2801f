import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/create-core.js';
import { startBot } from '../../src/app/start-bot.js';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';
import { startTestCore } from '../helpers/test-core.js';
import { makeSubscription } from '../helpers/factories.js';

const CHANNEL = 'C0WARN001';

describe('operator messages (issue 13, item 7)', () => {
  it('logs why a catch-up digest was not delivered, at warn level', async () => {
    const fake = await startFakeSlackApi();
    fake.notInChannel.add(CHANNEL);
    // A test core only for its temp dir, config and stored stories; the bot gets a core with a capturing logger.
    const { dir, core: seed } = await startTestCore('mnb-warn-', {
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.apiUrl,
    });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000).toISOString();
    await seed.store.subscriptions.upsert(
      makeSubscription({
        id: 'sub-warn',
        channelId: CHANNEL,
        createdAt: twoDaysAgo,
        updatedAt: twoDaysAgo,
        lastSlotAt: twoDaysAgo,
      }),
    );
    await seed.close();
    const { log, lines } = createCaptureLogger('info');
    const core = await createCore(seed.config, { log });
    const bot = await startBot(core, { port: 0, host: '127.0.0.1', fetchAtStart: false });
    try {
      await bot.ready;
      // The bot is not in the channel: the subscription is paused (not retried every slot), and the log says why.
      const warned = lines.find(
        (l) =>
          l.level === 40 &&
          l.msg === 'scheduled digest not delivered: the bot is not in the channel; the subscription is paused',
      );
      expect(warned).toMatchObject({ subscription: 'sub-warn', channel: CHANNEL });
      expect(String(warned?.reason)).toContain('not_in_channel');
      expect(
        lines.some(
          (l) => l.level === 40 && l.msg.includes('delivery refused') && String(l.err).includes('not_in_channel'),
        ),
      ).toBe(true);
      expect(lines.find((l) => l.level === 40 && l.msg.startsWith('subscription paused'))).toMatchObject({
        channel: CHANNEL,
        reason: expect.stringContaining('NOT_IN_CHANNEL'),
      });
    } finally {
      await bot.stop();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
