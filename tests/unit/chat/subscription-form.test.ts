import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/chat/parse-command.js';
import { validateSubscriptionForm } from '../../../src/chat/validate-subscription-form.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The grammar text a form is equivalent to. */
function asGrammar(f: {
  schedule: string;
  day: string;
  time: string;
  timezone: string;
  languages: readonly string[];
  filter: string;
}): string {
  const when = f.schedule === 'weekly' ? `weekly ${f.day} ${f.time}` : `${f.schedule} ${f.time}`;
  return `subscribe ${when} tz ${f.timezone} lang ${f.languages.join(',')}${f.filter.trim() ? ` filter ${f.filter}` : ''}`;
}

describe("validateSubscriptionForm (the forms use the grammar's own field rules)", () => {
  it('accepts and refuses exactly what `subscribe ...` accepts and refuses, with the same result', () => {
    const field = {
      schedule: fc.constantFrom('daily', 'weekdays', 'weekly'),
      day: fc.constantFrom(...DAYS, 'xyz'),
      time: fc.oneof(
        fc.constantFrom('08:00', '23:59', '00:00', '7:05', '24:00', '12:60', '8h30'),
        fc
          .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 }))
          .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
      ),
      timezone: fc.constantFrom(
        'Africa/Cairo',
        'Europe/Paris',
        'UTC',
        'Asia/Beirut',
        'Mars/Olympus',
        'Europe/Atlantis',
      ),
      languages: fc.oneof(
        fc.constantFrom(['en', 'ar'], ['fr', 'ar'], ['en'], ['fa', 'en']),
        fc.array(fc.constantFrom('en', 'ar', 'english', 'e', 'ARA', 'es'), { minLength: 1, maxLength: 2 }),
      ),
      filter: fc.constantFrom('', 'Libya, Lampedusa', 'Bodrum', 'Sudan Chad'),
    };
    fc.assert(
      fc.property(fc.record(field), (f) => {
        const form = validateSubscriptionForm(f);
        let grammar: ReturnType<typeof parseCommand> | null = null;
        try {
          grammar = parseCommand(asGrammar(f));
        } catch {
          grammar = null;
        }
        if (grammar === null) expect(form.ok).toBe(false);
        else {
          expect(form.ok).toBe(true);
          // An empty filter box clears the filter (the grammar without `filter` keeps the current one).
          if (form.ok && grammar.name === 'subscribe')
            expect(form.command).toEqual({ ...grammar, filter: grammar.filter ?? [] });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names the field at fault, every one of them', () => {
    const result = validateSubscriptionForm({
      schedule: 'weekly',
      time: '25:00',
      timezone: 'Mars/Olympus',
      languages: ['english'],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['day', 'languages', 'time', 'timezone']);
    expect(result.errors.time).toContain('"25:00" is not a time');
    expect(result.errors.timezone).toContain('is not an IANA time zone');
  });

  it('refuses the same language picked twice, as `lang en,en` is refused', () => {
    const twice = validateSubscriptionForm({
      schedule: 'daily',
      time: '08:00',
      timezone: 'UTC',
      languages: ['en', 'EN'],
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.errors.languages).toBe('Pick two different languages, or leave the second one empty.');
    expect(validateSubscriptionForm({ schedule: 'daily', time: '08:00', timezone: 'UTC', languages: ['en'] }).ok).toBe(
      true,
    );
  });

  it('asks for what is missing, and refuses payloads that are not strings', () => {
    const empty = validateSubscriptionForm({});
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors).sort()).toEqual(['languages', 'schedule', 'time', 'timezone']);
    const forged = validateSubscriptionForm({ schedule: { $ne: 1 }, time: ['08:00'], languages: 'en' });
    expect(forged.ok).toBe(false);
    expect(validateSubscriptionForm(null).ok).toBe(false);
  });
});
