import { CronExpressionParser } from 'cron-parser';
import { latestSlot, nextSlot } from './cron-slots.js';

/** setTimeout's longest delay (about 24.8 days): a slot further away is reached in steps. */
const MAX_DELAY_MS = 2_147_483_647;

/** A subscription's clock: calls `onSlot` at each slot of its cron in its time zone. */
export interface SlotTimer {
  /** Arms it for the slots after `from` (default now): a slot between `from` and now fires at once. */
  start(from?: Date): void;
  destroy(): void;
  /** The next slot it will fire for; null once destroyed. */
  getNextRun(): Date | null;
}

/**
 * Fires at the slots cron-parser computes (`nextSlot`), the same slots `status` shows and catch-up uses (`latestSlot`),
 * so every instance, and a restarted one, names a slot alike. node-cron, which this replaces for subscriptions, skips
 * a time that a spring-forward change skips (no digest that day) and fires a fall-back time at its second occurrence
 * while cron-parser names the first (a restarted instance's catch-up and another's tick were two slots, two digests).
 * A process frozen or busy past several slots fires once, for the latest. Throws on an expression or zone it cannot read.
 */
export function createSlotTimer(
  cron: string,
  timezone: string,
  onSlot: (slot: Date) => void,
  now: () => number = Date.now,
): SlotTimer {
  CronExpressionParser.parse(cron, { tz: timezone });
  let timer: NodeJS.Timeout | null = null;
  let next: Date | null = null;
  let destroyed = false;

  const wait = (at: Date) => {
    timer = setTimeout(fire, Math.min(MAX_DELAY_MS, Math.max(0, at.getTime() - now())));
  };
  const arm = (from = new Date(now())) => {
    next = nextSlot(cron, timezone, from);
    if (next) wait(next);
  };
  function fire(): void {
    timer = null;
    if (destroyed || !next) return;
    // Early (a step of a long wait, or the wall clock was set back): wait on.
    if (now() < next.getTime()) {
      wait(next);
      return;
    }
    onSlot(latestSlot(cron, timezone, new Date(now())) ?? next);
    arm();
  }

  return {
    start(from) {
      if (!destroyed && !timer) arm(from);
    },
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    getNextRun: () => (destroyed ? null : (next ?? nextSlot(cron, timezone, new Date(now())))),
  };
}
