import { z } from 'zod';
import { isValidCron } from '../config/load-config.js';
import { CommandError } from '../domain/errors.js';
import { isKnownLanguage } from '../domain/languages.js';
import { isValidTimezone } from '../util/is-valid-timezone.js';

/** The command grammar of SPEC 7.3, shared by Slack and Teams (and the console). */
export type Command =
  | { name: 'latest'; limit: number | null }
  | { name: 'search'; words: string }
  | {
      name: 'subscribe';
      cron: string | null;
      timezone: string | null;
      languages: string[] | null;
      filter: string[] | null;
      /** `lang xx,yy only`: leave out stories with no text in these languages. */
      languagesOnly?: boolean;
    }
  | { name: 'unsubscribe' }
  | { name: 'status' }
  | { name: 'sources' }
  | { name: 'lang'; languages: string[]; only?: boolean }
  | { name: 'updates'; on: boolean }
  | { name: 'help' };

export const MAX_COMMAND_LENGTH = 1000;

const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const languagesSchema = z
  .array(z.string().regex(/^[a-z]{2,3}$/))
  .min(1)
  .max(4);

/** Parses the text after `/migration-news` (or after the bot mention). Throws CommandError with a user-facing message. */
export function parseCommand(input: string): Command {
  if (input.length > MAX_COMMAND_LENGTH)
    throw new CommandError(
      'COMMAND_TOO_LONG',
      `That command is too long (${input.length} characters, at most ${MAX_COMMAND_LENGTH}).`,
    );
  const text = input.replace(/[\u200e\u200f\u00a0]/g, ' ').trim();
  const tokens = tokenize(text);
  const [head = '', ...rest] = tokens;
  switch (head.toLowerCase()) {
    case '':
      return { name: 'latest', limit: null };
    case 'latest': {
      if (rest.length === 0) return { name: 'latest', limit: null };
      const n = Number(rest[0]);
      if (rest.length > 1 || !Number.isInteger(n) || n < 1 || n > 50)
        throw usage('latest', '`latest` takes an optional number of stories from 1 to 50, e.g. `latest 5`.');
      return { name: 'latest', limit: n };
    }
    case 'search': {
      const words = rest.join(' ').trim();
      if (!words) throw usage('search', '`search` needs words to look for, e.g. `search Lampedusa arrivals`.');
      return { name: 'search', words };
    }
    case 'subscribe':
      return parseSubscribe(rest);
    case 'unsubscribe':
      noArgs('unsubscribe', rest);
      return { name: 'unsubscribe' };
    case 'status':
      noArgs('status', rest);
      return { name: 'status' };
    case 'sources':
      noArgs('sources', rest);
      return { name: 'sources' };
    case 'lang': {
      const only = rest.length === 2 && rest[1]?.toLowerCase() === 'only';
      if (rest.length !== 1 && !only)
        throw usage(
          'lang',
          '`lang` takes a language pair and optionally `only`, e.g. `lang en,ar` or `lang en,ar only`.',
        );
      return { name: 'lang', languages: parseLanguages(rest[0] ?? ''), only };
    }
    case 'updates': {
      const value = (rest[0] ?? '').toLowerCase();
      if (rest.length !== 1 || (value !== 'on' && value !== 'off'))
        throw usage('updates', '`updates` takes `on` or `off`, e.g. `updates off`.');
      return { name: 'updates', on: value === 'on' };
    }
    case 'help':
      return { name: 'help' };
    default:
      throw new CommandError('COMMAND_UNKNOWN', `I don't know the command "${head.slice(0, 40)}".`);
  }
}

function parseSubscribe(tokens: string[]): Command {
  const result: Extract<Command, { name: 'subscribe' }> = {
    name: 'subscribe',
    cron: null,
    timezone: null,
    languages: null,
    filter: null,
  };
  let i = 0;
  const next = (what: string) => {
    const value = tokens[++i];
    if (value === undefined) throw usage('subscribe', `\`subscribe\` expected ${what}.`);
    return value;
  };
  for (; i < tokens.length; i++) {
    const word = (tokens[i] ?? '').toLowerCase();
    if (word === 'daily' || word === 'weekdays') {
      const [h, m] = parseTime(next('a time such as 08:00'));
      result.cron = scheduleCron(word, [h, m]);
    } else if (word === 'weekly') {
      const day = parseDay(next('a day such as mon'));
      const [h, m] = parseTime(next('a time such as 08:00'));
      result.cron = scheduleCron('weekly', [h, m], day);
    } else if (word === 'cron') {
      const expr = next('a quoted cron expression, e.g. cron "0 8 * * 1-5"');
      if (!isValidCron(expr))
        throw usage('subscribe', `"${expr}" is not a valid cron expression (5 fields, or 6 with seconds).`);
      result.cron = expr.trim().replace(/\s+/g, ' ');
    } else if (word === 'tz') {
      result.timezone = parseTimezone(next('an IANA time zone such as Europe/Geneva'));
    } else if (word === 'lang') {
      result.languages = parseLanguages(next('languages such as en,ar'));
      if (tokens[i + 1]?.toLowerCase() === 'only') {
        result.languagesOnly = true;
        i++;
      }
    } else if (word === 'filter') {
      result.filter = parseFilter(tokens.slice(i + 1).join(' '));
      break;
    } else {
      throw usage('subscribe', `I did not understand "${(tokens[i] ?? '').slice(0, 40)}" in \`subscribe\`.`);
    }
  }
  return result;
}

export function parseTime(value: string): [number, number] {
  const match = /^([01]?\d|2[0-3])[:h.]([0-5]\d)$/.exec(value);
  if (!match) throw usage('subscribe', `"${value}" is not a time; use HH:MM, e.g. 08:00.`);
  return [Number(match[1]), Number(match[2])];
}

export function parseLanguages(value: string): string[] {
  const list = value
    .toLowerCase()
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const parsed = languagesSchema.safeParse(list);
  if (!parsed.success || new Set(list).size !== list.length) {
    throw usage(
      'lang',
      `"${value.slice(0, 40)}" is not a language list; use 1 to 4 two-letter codes, e.g. en,ar or fr,ar.`,
    );
  }
  // A code no one knows ("xx") would give digests with nothing in that language: refuse it by name.
  const unknown = list.filter((code) => !isKnownLanguage(code));
  if (unknown.length)
    throw usage(
      'lang',
      `${unknown.map((c) => `"${c}"`).join(', ')} ${unknown.length === 1 ? 'is not a language code' : 'are not language codes'} I know; use codes such as en, ar, fr, es, fa.`,
    );
  return list;
}

// Shared with the chat forms (validate-subscription-form.ts): one rule per field, whichever way it is typed.
/** A day name (mon... or monday...) as its cron number. */
export function parseDay(value: string): number {
  const day = value.toLowerCase().slice(0, 3);
  const number = DAYS[day];
  // "monday", "Mon" and "mon" are Monday; "Funday" is echoed as typed.
  if (number === undefined || !/^[a-z]+$/i.test(value) || !FULL_DAYS.some((d) => d.startsWith(value.toLowerCase()))) {
    throw usage('subscribe', `"${value.slice(0, 40)}" is not a day; use mon, tue, wed, thu, fri, sat or sun.`);
  }
  return number;
}

/** The cron of `daily HH:MM`, `weekdays HH:MM`, `weekly DAY HH:MM`. */
export function scheduleCron(kind: 'daily' | 'weekdays' | 'weekly', [h, m]: [number, number], day = 1): string {
  return `${m} ${h} * * ${kind === 'daily' ? '*' : kind === 'weekdays' ? '1-5' : day}`;
}

/** An IANA time zone, as typed. */
export function parseTimezone(value: string): string {
  if (!isValidTimezone(value))
    throw usage('subscribe', `"${value}" is not an IANA time zone (e.g. Africa/Cairo, Europe/Paris, UTC).`);
  return value;
}

/** Filter words, comma- or space-separated (at most 20); `none` (or `off`) alone clears the filter. */
export function parseFilter(words: string): string[] {
  if (/^\s*(none|off)\s*$/i.test(words)) return [];
  const list = words
    .split(/[,\s]+/)
    .map((w) => w.trim())
    .filter(Boolean);
  if (list.length === 0)
    throw usage('subscribe', '`filter` needs words, e.g. `filter Libya, Lampedusa` (`filter none` removes it).');
  return list.slice(0, 20);
}

function noArgs(name: 'unsubscribe' | 'status' | 'sources', rest: string[]): void {
  if (rest.length > 0) throw usage(name, `\`${name}\` takes no arguments.`);
}

/** The commands that take arguments, or refuse them: each has its COMMAND_BAD_ code. */
type CheckedCommand = 'latest' | 'search' | 'subscribe' | 'unsubscribe' | 'status' | 'sources' | 'lang' | 'updates';

function usage(command: CheckedCommand, message: string): CommandError {
  return new CommandError(`COMMAND_BAD_${command.toUpperCase() as Uppercase<CheckedCommand>}`, message);
}

/** Splits on spaces, keeping "quoted strings" (straight or curly quotes, as Slack clients type them) together. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /["“”„]([^"“”„]*)["“”„]|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push(m[1] ?? m[2] ?? '');
  return tokens;
}

export const HELP_TEXT = [
  'Migration news: bilingual digests of migration news, with answers to your questions in the thread.',
  '',
  'Commands:',
  '  latest [N]                    post a digest of the latest stories (24 h, at most N)',
  '  search <words>                find stories of the last 30 days (any language)',
  '  subscribe [daily HH:MM | weekdays HH:MM | weekly DAY HH:MM | cron "<expr>"] [tz <Area/City>] [lang <xx,yy>] [filter <words>]',
  '                                scheduled digests in this channel (alone: a form to fill in)',
  '  unsubscribe                   stop scheduled digests here',
  "  status                        this channel's subscription, next run, last delivery, sources",
  '  sources                       the configured news sources and their health',
  "  lang <xx,yy> [only]           change this channel's languages; `only` leaves out stories with no text in them",
  "  updates on|off                threaded updates when a delivered story's figures or title are revised (default on)",
  '  help                          this text',
  '',
  'Examples:',
  '  latest 5',
  '  subscribe weekdays 08:30 tz Africa/Cairo lang en,ar',
  '  subscribe weekly mon 09:00 filter Libya, Lampedusa',
  '  subscribe filter none          (keep everything else, remove the filter)',
  '  search Bodrum',
  '  Ask a question in the thread of a digest, e.g. "How many people were rescued?"',
].join('\n');
