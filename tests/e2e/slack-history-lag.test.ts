import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { ChannelRef } from '../../src/domain/types.js';
import { deliverDigest } from '../../src/schedule/deliver-digest.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.stop());

const slack = (channelId: string): ChannelRef => ({ platform: 'slack', channelId });

/**
 * SPEC 7.4: a post whose answer was lost is confirmed through message metadata before it is sent again. Slack's
 * history shows a new message only after a short lag: a check made at once would miss a post that went through.
 */
describe('a post that Slack took but answered with an error, while its history lags', () => {
  it('is found once the history shows it, not posted a second time', { timeout: 60_000 }, async () => {
    const digest = await buildDigest(
      { ...h.bot.deps, maxItems: 3 },
      { languages: ['en', 'ar'], since: new Date(Date.now() - 86_400_000).toISOString(), limit: 3 },
    );
    h.fake.historyLag(2_500);
    h.fake.fail('chat.postMessage', 'internal_error', { landed: true, channel: 'CLAG' });
    const outcome = await deliverDigest(h.bot.deps, { channel: slack('CLAG'), digest, kind: 'on_demand' });
    h.fake.historyLag(0);
    expect(outcome.status).toBe('posted');
    expect(h.fake.posted({ channel: 'CLAG' })).toHaveLength(1);
  });
});
