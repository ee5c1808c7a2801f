import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describePause, resumeOnCommand } from '../../../src/chat/follow-membership.js';
import type { ChatEvent } from '../../../src/ports/chat-adapter.js';
import { createStore } from '../../../src/store/create-store.js';
import { createLogger } from '../../../src/util/create-logger.js';
import { makeSubscription } from '../../helpers/factories.js';

const log = createLogger('silent', { pretty: false });
type Command = Extract<ChatEvent, { type: 'command' }>;

describe('a command from a paused channel', () => {
  let dir = '';
  let store: Awaited<ReturnType<typeof createStore>>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-follow-'));
    store = await createStore(`sqlite:${join(dir, 'bot.db')}`);
    await store.subscriptions.upsert(
      makeSubscription({ channelId: 'C1', cron: '30 8 * * 1-5', timezone: 'Africa/Cairo' }),
    );
    await store.subscriptions.pause('slack', 'C1', 'the bot was removed from the channel (channel_left)');
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const command = (overrides: Partial<Command> = {}): Command => ({
    type: 'command',
    platform: 'slack',
    eventId: 'e1',
    channel: { platform: 'slack', channelId: 'C1' },
    userId: 'U1',
    text: 'status',
    respond: async () => undefined,
    ...overrides,
  });

  it('resumes it when the bot can post there, saying so and that missed slots are not caught up', async () => {
    const note = await resumeOnCommand({ store, log }, command({ cannotPostHere: async () => null }));
    expect(note).toMatch(/^Digests resume: weekdays at 08:30 \(Africa\/Cairo\), en \+ ar, next run .* UTC\./);
    expect(note).toContain('not caught up');
    expect((await store.subscriptions.get('slack', 'C1'))?.pausedAt).toBeNull();
  });

  it('keeps it paused while the bot is still out, or when a Home tab button sent it', async () => {
    const hint = 'But I am not in this channel yet';
    expect(await resumeOnCommand({ store, log }, command({ cannotPostHere: async () => hint }))).toBeNull();
    expect(await resumeOnCommand({ store, log }, command({ viaButton: true }))).toBeNull();
    const sub = await store.subscriptions.get('slack', 'C1');
    expect(describePause(sub ?? {})).toMatch(
      /^Paused since .* UTC: the bot was removed from the channel \(channel_left\)\.$/,
    );
  });
});
