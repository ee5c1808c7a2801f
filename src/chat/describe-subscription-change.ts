import type { Subscription } from '../domain/types.js';

/**
 * What a `subscribe` did, in one line: "Subscribed." for a new one; for an existing one "Updated: <what changed>.
 * Kept: <the rest>." so that re-adding never silently keeps (or drops) a setting.
 */
export function describeSubscriptionChange(before: Subscription | undefined, after: Subscription): string {
  if (!before) return 'Subscribed.';
  const fields: Array<[string, (s: Subscription) => string]> = [
    ['schedule', (s) => `cron "${s.cron}"`],
    ['time zone', (s) => s.timezone],
    ['languages', (s) => `${s.languages.join(' + ')}${s.languagesOnly ? ' only' : ''}`],
    ['filter', (s) => (s.filter.length ? s.filter.join(', ') : 'none')],
  ];
  const changed = fields
    .filter(([, show]) => show(before) !== show(after))
    .map(([name, show]) => `${name} ${show(before)} → ${show(after)}`);
  const kept = fields
    .filter(([, show]) => show(before) === show(after))
    .map(([name, show]) => `${name} ${show(after)}`);
  return `Updated: ${changed.length ? changed.join('; ') : 'nothing changed'}.${kept.length ? ` Kept: ${kept.join('; ')}.` : ''}`;
}
