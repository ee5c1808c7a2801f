import { ChatError, ConfigError } from '../domain/errors.js';
import type { Platform } from '../domain/types.js';
import type { ChatAdapter, ChatEventHandler } from '../ports/chat-adapter.js';
import type { Logger } from '../util/create-logger.js';

/** One platform's connection as `status` and /healthz show it. */
export interface PlatformState {
  state: 'connected' | 'reconnecting' | 'refused';
  lastError: string | null;
  /** When the next attempt runs (reconnecting only). */
  nextAttemptAt: string | null;
}

export interface StartedAdapters {
  /** False while a platform is reconnecting: its deliveries wait in the outbox. */
  isReady(platform: string): boolean;
  /** {slack: "reconnecting (last error: ...)"} for `status` and /healthz. */
  describe(): Record<string, string>;
  /** Stops the background reconnect loops. */
  stop(): void;
}

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;

/**
 * Starts every adapter (SPEC 7 "First start"): a platform that cannot be reached is retried with back-off in the
 * background while the others, the scheduler and the preview go on; rejected credentials are a configuration
 * error (exit 2), at start-up only.
 */
export async function startAdapters(
  adapters: ReadonlyMap<Platform, ChatAdapter>,
  onEvent: ChatEventHandler,
  options: { log: Logger; backoffFirstMs?: number; onConnected?: (platform: Platform) => void },
): Promise<StartedAdapters> {
  const { log } = options;
  const states = new Map<string, PlatformState>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const attempt = async (adapter: ChatAdapter, delayMs: number): Promise<void> => {
    try {
      await adapter.start(onEvent);
      const was = states.get(adapter.platform);
      states.set(adapter.platform, { state: 'connected', lastError: null, nextAttemptAt: null });
      if (was?.state === 'reconnecting') {
        log.info({ platform: adapter.platform }, `${adapter.platform} reachable again: waiting deliveries go out now`);
        options.onConnected?.(adapter.platform);
      }
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (isRefused(error)) {
        states.set(adapter.platform, { state: 'refused', lastError: message, nextAttemptAt: null });
        throw error;
      }
      const next = Math.min(BACKOFF_MAX_MS, delayMs);
      states.set(adapter.platform, {
        state: 'reconnecting',
        lastError: message,
        nextAttemptAt: new Date(Date.now() + next).toISOString(),
      });
      log.warn(
        { platform: adapter.platform, err: message, retryInMs: next },
        `${adapter.platform} cannot be reached; retrying in the background (the other platforms go on)`,
      );
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        attempt(adapter, next * 2).catch((err: unknown) =>
          log.error(
            { platform: adapter.platform, err: (err as Error).message },
            `${adapter.platform} credentials were rejected: not retrying; fix them and restart`,
          ),
        );
      }, next);
      timer.unref();
      timers.add(timer);
    }
  };

  // Every platform's first attempt at once: one that is slow to answer does not hold up the others.
  const all = [...adapters.values()];
  const first = await Promise.allSettled(all.map((a) => attempt(a, options.backoffFirstMs ?? BACKOFF_FIRST_MS)));
  const refused = first.flatMap((r, i) =>
    r.status === 'rejected' ? [credentialProblem((all[i] as ChatAdapter).platform, r.reason)] : [],
  );
  if (refused.length > 0) {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    throw new ConfigError(refused);
  }

  return {
    isReady: (platform) => states.get(platform)?.state === 'connected',
    describe() {
      const out: Record<string, string> = {};
      for (const [platform, s] of states) {
        out[platform] =
          s.state === 'connected'
            ? 'connected'
            : s.state === 'refused'
              ? `credentials rejected (${s.lastError})`
              : `reconnecting (last error: ${s.lastError}; next attempt ${s.nextAttemptAt?.replace('T', ' ').slice(0, 19)} UTC)`;
      }
      return out;
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** invalid_auth, revoked tokens, HTTP 401/403: retrying cannot help. */
function isRefused(error: unknown): boolean {
  return error instanceof ChatError && error.code === 'AUTH_FAILED';
}

function credentialProblem(platform: Platform, error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (platform === 'slack') return `SLACK_BOT_TOKEN: rejected by Slack (${message})`;
  return `MicrosoftAppId / MicrosoftAppPassword: ${message}`;
}
