import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/domain/errors.js';
import { runCli } from '../e2e/run-cli.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('#15 cost and retention settings: validated like every other variable', () => {
  it('`serve` exits 2 naming LLM_DAILY_TOKEN_BUDGET, PREVIEW_TOKEN and STORE_RETENTION_DAYS, all at once', async () => {
    const result = await runCli(['serve'], {
      LLM_DAILY_TOKEN_BUDGET: '2e6',
      PREVIEW_TOKEN: 'has spaces in it',
      STORE_RETENTION_DAYS: '-30',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'LLM_DAILY_TOKEN_BUDGET: "2e6" must be a whole number of tokens per UTC day (0 = unlimited)',
    );
    expect(result.stderr).toContain('STORE_RETENTION_DAYS: "-30" must be a whole number of days (0 = keep forever)');
    // A rejected token is a secret all the same: named, never echoed.
    expect(result.stderr).toContain('PREVIEW_TOKEN: "***"');
    expect(result.stderr).not.toContain('has spaces in it');
    expect(result.stdout).toBe('');
  });

  it.each([
    ['LLM_DAILY_TOKEN_BUDGET', '1.5'],
    ['LLM_DAILY_TOKEN_BUDGET', 'lots'],
    ['LLM_DAILY_TOKEN_BUDGET', '-1'],
    ['LLM_DAILY_TOKEN_BUDGET', '9999999999999999'],
    ['STORE_RETENTION_DAYS', '7d'],
    ['STORE_RETENTION_DAYS', '99999'],
    ['PREVIEW_TOKEN', 'tab\there'],
  ])('refuses %s=%j', (name, value) => {
    expect(problems({ [name]: value }).some((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  it('takes the documented defaults, 0 as unlimited / keep forever, and a token', () => {
    expect(loadConfig({})).toMatchObject({
      llmDailyTokenBudget: 2_000_000,
      retentionDays: 180,
      previewToken: undefined,
    });
    expect(
      loadConfig({ LLM_DAILY_TOKEN_BUDGET: '0', STORE_RETENTION_DAYS: '0', PREVIEW_TOKEN: 's3cret' }),
    ).toMatchObject({
      llmDailyTokenBudget: 0,
      retentionDays: 0,
      previewToken: 's3cret',
    });
  });
});
