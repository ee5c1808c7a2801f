import { CronExpressionParser } from 'cron-parser';

/** The next time a cron expression fires in a time zone, after `from`. */
export function nextSlot(cron: string, timezone: string, from: Date = new Date()): Date | null {
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: from }).next().toDate();
  } catch {
    return null;
  }
}

/** The latest slot at or before `at` (used for catch-up after downtime: one digest, not one per missed slot). */
export function latestSlot(cron: string, timezone: string, at: Date = new Date()): Date | null {
  try {
    // +1 ms so a slot exactly at `at` counts as reached.
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(at.getTime() + 1) })
      .prev()
      .toDate();
  } catch {
    return null;
  }
}
