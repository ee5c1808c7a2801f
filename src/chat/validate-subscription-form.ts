import { z } from 'zod';
import { type FormField, SCHEDULE_CHOICES } from '../domain/interactions.js';
import type { Command } from './parse-command.js';
import { parseDay, parseFilter, parseLanguages, parseTime, parseTimezone, scheduleCron } from './parse-command.js';

export type SubscribeCommand = Extract<Command, { name: 'subscribe' }>;

/** The raw form payload (Slack view state, Teams card inputs) after the adapter has read it: strings only. */
export const subscriptionFormSchema = z.object({
  channel: z.string().trim().max(300).optional(),
  schedule: z.string().trim().max(20).optional(),
  day: z.string().trim().max(20).optional(),
  time: z.string().trim().max(20).optional(),
  timezone: z.string().trim().max(100).optional(),
  languages: z.array(z.string().trim().max(20)).max(8).optional(),
  filter: z.string().max(500).optional(),
});
export type SubscriptionFormFields = z.infer<typeof subscriptionFormSchema>;

export type FormValidation =
  | { ok: true; channelId: string | null; command: SubscribeCommand }
  | { ok: false; errors: Partial<Record<FormField, string>> };

/**
 * Validates a submitted subscription form with the grammar's own field rules (parse-command.ts), so that a form
 * and `subscribe weekly mon 09:00 tz ... lang ... filter ...` accept and refuse exactly the same values. Every
 * field at fault gets its own message.
 */
export function validateSubscriptionForm(raw: unknown): FormValidation {
  const shape = subscriptionFormSchema.safeParse(raw);
  if (!shape.success) {
    const errors: Partial<Record<FormField, string>> = {};
    for (const issue of shape.error.issues) {
      const field = String(issue.path[0] ?? 'schedule') as FormField;
      errors[field] ??= 'This value is not valid.';
    }
    return { ok: false, errors };
  }
  const f = shape.data;
  const errors: Partial<Record<FormField, string>> = {};
  const check = <T>(field: FormField, fn: () => T): T | null => {
    try {
      return fn();
    } catch (error) {
      errors[field] = (error as Error).message.replace(/`subscribe` /, '');
      return null;
    }
  };
  const schedule = f.schedule?.toLowerCase() ?? '';
  const required = <T>(
    field: FormField,
    value: string | undefined,
    missing: string,
    fn: (v: string) => T,
  ): T | null => {
    if (value) return check(field, () => fn(value));
    errors[field] = missing;
    return null;
  };
  if (!SCHEDULE_CHOICES.some(([kind]) => kind === schedule)) errors.schedule = 'Pick daily, weekdays or weekly.';
  const day = schedule === 'weekly' ? required('day', f.day, 'Pick the day of the weekly digest.', parseDay) : null;
  const time = required('time', f.time, 'Pick a time, e.g. 08:00.', parseTime);
  const timezone = required('timezone', f.timezone, 'Pick a time zone.', parseTimezone);
  const langs = (f.languages ?? []).map((l) => l.toLowerCase()).filter(Boolean);
  // The same language twice is refused, as `lang en,en` is: the second pick was meant to be another language.
  const twice = new Set(langs).size < langs.length;
  if (twice) errors.languages = 'Pick two different languages, or leave the second one empty.';
  const languages = twice
    ? null
    : required('languages', langs.join(','), 'Pick at least one language.', parseLanguages);
  const filter = f.filter?.trim() ? check('filter', () => parseFilter(f.filter ?? '')) : [];
  if (Object.keys(errors).length > 0 || !time || !timezone || !languages) return { ok: false, errors };
  return {
    ok: true,
    channelId: f.channel?.trim() || null,
    command: {
      name: 'subscribe',
      cron: scheduleCron(schedule as 'daily', time, day ?? 1),
      timezone,
      languages,
      filter,
    },
  };
}
