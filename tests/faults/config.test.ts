import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/run-cli.js';

/**
 * SPEC 8, row 5. `digest` with bad settings and a bad sources file is tests/e2e/cli-digest.test.ts; here the
 * long-running command, `serve`, which must not start half-configured, and secrets in bad values, which must not
 * be echoed.
 */
describe('SPEC 8 · invalid configuration: exit 2 with every problem listed, each naming the setting', () => {
  it('`serve` refuses to start, lists every bad variable at once, and never prints a secret it rejects', async () => {
    const result = await runCli(['serve'], {
      PORT: '99999',
      DIGEST_LANGUAGES: 'english',
      DIGEST_TIMEZONE: 'Mars/Olympus',
      SLACK_BOT_TOKEN: 'xoxb-real-looking-secret',
      SLACK_APP_TOKEN: 'not-an-app-token-secret',
      MicrosoftAppType: 'Whatever',
      DATABASE_URL: 'mysql://u:hunter2@db/x',
    });
    expect(result.code).toBe(2);
    for (const name of [
      'PORT',
      'DIGEST_LANGUAGES',
      'DIGEST_TIMEZONE',
      'SLACK_APP_TOKEN',
      'MicrosoftAppType',
      'DATABASE_URL',
    ])
      expect(result.stderr).toContain(`${name}:`);
    expect(result.stderr).not.toMatch(/not-an-app-token-secret|xoxb-real-looking-secret|hunter2/);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stdout).toBe('');
  });

  it('names a missing companion setting in the same run as a bad value (not only once the values are fixed)', async () => {
    const result = await runCli(['serve'], {
      DIGEST_CRON: 'every morning',
      SLACK_BOT_TOKEN: 'xoxb-1',
      MicrosoftAppId: 'app-id',
      MicrosoftAppType: 'SingleTenant',
    });
    expect(result.code).toBe(2);
    for (const name of ['DIGEST_CRON', 'SLACK_SIGNING_SECRET', 'MicrosoftAppPassword', 'MicrosoftAppTenantId'])
      expect(result.stderr).toContain(`${name}:`);
    // A valid set of companions adds no problem of its own: only the bad value is named.
    const fine = await runCli(['serve'], {
      DIGEST_CRON: 'every morning',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
    });
    expect(fine.code).toBe(2);
    expect(fine.stderr).toContain('DIGEST_CRON:');
    expect(fine.stderr).not.toMatch(/SLACK_SIGNING_SECRET:|SLACK_BOT_TOKEN:/);
  });

  it('`serve` refuses a bad LLM_CONCURRENCY or LLM_INPUT_TOKEN_CAP, naming each', async () => {
    for (const [concurrency, cap] of [
      ['0', 'lots'],
      ['eight', '10'],
      ['2.5', '-1'],
    ] as const) {
      const result = await runCli(['serve'], { LLM_CONCURRENCY: concurrency, LLM_INPUT_TOKEN_CAP: cap });
      expect(result.code, `${concurrency} / ${cap}`).toBe(2);
      expect(result.stderr).toContain(`LLM_CONCURRENCY: "${concurrency}"`);
      expect(result.stderr).toContain(`LLM_INPUT_TOKEN_CAP: "${cap}"`);
    }
  });
});
