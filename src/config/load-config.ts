import { validate as validateCron } from 'node-cron';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';
import { isKnownLanguage } from '../domain/languages.js';
import { DEFAULT_INPUT_TOKEN_CAP } from '../summarise/build-summarise-request.js';
import { isValidTimezone } from '../util/is-valid-timezone.js';
import { maskUrlPassword } from '../util/mask-url-password.js';

const languageList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'each language must be a BCP-47 primary tag such as en, ar, fr'))
      .min(1)
      .max(4)
      // "xx" has the right shape but names no language: every digest would miss it.
      .superRefine((list, ctx) => {
        const unknown = list.filter((l) => /^[a-z]{2,3}$/.test(l) && !isKnownLanguage(l));
        if (unknown.length)
          ctx.addIssue({
            code: 'custom',
            message: `${unknown.map((l) => `"${l}"`).join(', ')}: not a language code; use codes such as en, ar, fr, es, fa`,
          });
      }),
  );

const cronExpr = z
  .string()
  .refine((v) => isValidCron(v), { message: 'is not a valid cron expression (5 fields, or 6 with seconds)' });
const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/migration-news.db')
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB',
    }),
  SOURCES_FILE: z.string().min(1).default('config/sources.yaml'),
  DIGEST_LANGUAGES: languageList.default(['en', 'ar']),
  DIGEST_CRON: cronExpr.default('0 8 * * *'),
  DIGEST_TIMEZONE: z
    .string()
    .refine(isValidTimezone, { message: 'is not an IANA time zone such as Europe/Geneva' })
    .default('UTC'),
  DIGEST_MAX_ITEMS: z.coerce.number().int().min(1).max(50).default(10),
  POLL_CRON: cronExpr.default('*/30 * * * *'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  LLM_INPUT_TOKEN_CAP: z.coerce.number().int().min(300).max(100_000).default(DEFAULT_INPUT_TOKEN_CAP),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api/'),
  MicrosoftAppId: z.string().min(1).optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().min(1).optional(),
  // Azure AD's login host (sovereign clouds, proxies, tests); MSAL refuses anything but https.
  TEAMS_LOGIN_URL: z
    .url({ protocol: /^https$/, error: 'must be an https URL such as https://login.microsoftonline.com' })
    .default('https://login.microsoftonline.com'),
  TEAMS_ENABLED: booleanish.optional(),
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  // Cost control and retention (#15): integers only, so "2e6" or "1.5" is a clear error, not a surprise.
  LLM_DAILY_TOKEN_BUDGET: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number of tokens per UTC day (0 = unlimited)')
    .transform(Number)
    .default(2_000_000),
  PREVIEW_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (sent as a bearer token or ?token=)')
    .optional(),
  STORE_RETENTION_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number of days (0 = keep forever)')
    .transform(Number)
    .refine((n) => n <= 36_500, { message: 'must be at most 36500 days (0 = keep forever)' })
    .default(180),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string;
  sourcesFile: string;
  digest: { languages: string[]; cron: string; timezone: string; maxItems: number };
  pollCron: string;
  llm: { apiKey: string; baseURL: string | undefined; model: string } | null;
  /** LLM_CONCURRENCY: LLM calls in flight at once (all stories of a digest go out together within it). */
  llmConcurrency: number;
  /** LLM_INPUT_TOKEN_CAP: estimated tokens of article text per edition sent to the model (SPEC 5.2 trimming). */
  llmInputTokenCap: number;
  /** Model name recorded for offline summaries (cache key). */
  model: string;
  slack: { botToken: string; signingSecret: string | undefined; appToken: string | undefined; apiUrl: string } | null;
  teams: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: string | undefined;
    tenantId: string | undefined;
    /** True when no MicrosoftAppId is set: the endpoint accepts unauthenticated requests (local use). */
    unauthenticated: boolean;
    /** TEAMS_LOGIN_URL without a trailing slash: the bot asks `{loginUrl}/{tenant}` for its Bot Framework token. */
    loginUrl: string;
  } | null;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** How long a delivery stays leased to its worker without renewal (by the database's clock). */
  deliveryLeaseMs: number;
  /** LLM_DAILY_TOKEN_BUDGET: tokens per UTC day shared through the store; 0 = unlimited. */
  llmDailyTokenBudget: number;
  /** PREVIEW_TOKEN: protects GET / and /metrics (and /healthz details) when set. */
  previewToken: string | undefined;
  /** STORE_RETENTION_DAYS: 0 = keep forever. */
  retentionDays: number;
}

/** Reads and validates the environment; every problem is reported at once, each naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "unset", as users expect from `KEY=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      const value = cleaned[name];
      const masked =
        name === 'DATABASE_URL' && value !== undefined ? maskUrlPassword(value) : isSecret(name) ? '***' : value;
      const shown = value === undefined ? '' : ` ${JSON.stringify(masked)}`;
      problems.push(`${name}:${shown} ${issue.message}`);
    }
  }
  // Settings that need each other, checked on what is set even when a value above is invalid: all at once (SPEC 4).
  problems.push(...missingCompanions(cleaned));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;

  const teamsEnabled = e.TEAMS_ENABLED ?? Boolean(e.MicrosoftAppId);
  return {
    databaseUrl: e.DATABASE_URL,
    sourcesFile: e.SOURCES_FILE,
    digest: {
      languages: e.DIGEST_LANGUAGES,
      cron: e.DIGEST_CRON,
      timezone: e.DIGEST_TIMEZONE,
      maxItems: e.DIGEST_MAX_ITEMS,
    },
    pollCron: e.POLL_CRON,
    llm: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL } : null,
    model: e.OPENAI_API_KEY ? e.OPENAI_MODEL : 'offline',
    llmConcurrency: e.LLM_CONCURRENCY,
    llmInputTokenCap: e.LLM_INPUT_TOKEN_CAP,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
        }
      : null,
    teams: teamsEnabled
      ? {
          appId: e.MicrosoftAppId,
          appPassword: e.MicrosoftAppPassword,
          appType: e.MicrosoftAppType,
          tenantId: e.MicrosoftAppTenantId,
          unauthenticated: !e.MicrosoftAppId,
          loginUrl: e.TEAMS_LOGIN_URL.replace(/\/+$/, ''),
        }
      : null,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    deliveryLeaseMs: e.DELIVERY_LEASE_MS,
    llmDailyTokenBudget: e.LLM_DAILY_TOKEN_BUDGET,
    previewToken: e.PREVIEW_TOKEN,
    retentionDays: e.STORE_RETENTION_DAYS,
  };
}

function isSecret(name: string): boolean {
  // Tokens are credentials (SLACK_BOT_TOKEN, PREVIEW_TOKEN); token counts (LLM_INPUT_TOKEN_CAP) are not.
  return /TOKEN$|SECRET|PASSWORD|KEY/i.test(name) || name === 'DATABASE_URL';
}

/**
 * node-cron accepts 5 or 6 fields; reject anything else (e.g. 7-field Quartz expressions). The expression must also
 * read in cron-parser, which gives the next run (`status`) and the missed slot (catch-up): node-cron accepts a few
 * that it cannot read (a range that wraps, "7-1"), whose runs would then never be caught up.
 */
export function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (!(fields.length === 5 || fields.length === 6) || !validateCron(expr)) return false;
  try {
    CronExpressionParser.parse(expr);
    return true;
  } catch {
    return false;
  }
}

/** The variables that another set variable requires, each as a problem naming it (presence only, so raw values do). */
function missingCompanions(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }
  if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword: required with MicrosoftAppId (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant');
  }
  return problems;
}
