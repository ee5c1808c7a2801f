import { CronExpressionParser } from 'cron-parser';

/** The next time a cron expression fires in a time zone, after `from`. */
export function nextSlot(cron: string, timezone: string, from: Date = new Date()): Date | null {
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: from }).next().toDate();
  } catch {
    return null;
  }
}

/**
 * The latest slot at or before `at` (used for catch-up after downtime: one digest, not one per missed slot), one of
 * the slots `nextSlot` gives. cron-parser's prev() does not always agree with its next() at a DST change (from the
 * shifted slot of a spring-forward day it answers the day before, and that day's digest would never be caught up),
 * so the answer is found walking forward with next() from two slots back.
 */
export function latestSlot(cron: string, timezone: string, at: Date = new Date()): Date | null {
  try {
    // +1 ms so a slot exactly at `at` counts as reached.
    const back = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(at.getTime() + 1) });
    const previous = back.prev().toDate();
    const from = back.prev().toDate();
    const forward = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(from.getTime() - 1) });
    let latest: Date | null = null;
    for (let step = 0; step < 8; step++) {
      const slot = forward.next().toDate();
      if (slot.getTime() > at.getTime()) break;
      latest = slot;
    }
    return latest ?? previous;
  } catch {
    return null;
  }
}
