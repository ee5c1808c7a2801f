import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mnb-subs-'));
const sources = join(dir, 'sources.yaml');
writeFileSync(sources, 'sources:\n  - { id: iom-en, name: IOM, url: iom-en.xml, language: en }\n');
const env = (db: string) => ({ DATABASE_URL: `sqlite:${join(dir, db)}`, SOURCES_FILE: sources });

describe('subscriptions add validates and reports (issue 13, item 6)', () => {
  it('refuses an unknown language code, naming it, with exit 2 and nothing stored', async () => {
    const result = await runCli(
      ['subscriptions', 'add', 'slack', 'C0123ABCD', 'daily', '08:00', 'lang', 'en,xx'],
      env('lang.db'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"xx" is not a language code');
    const store = await createStore(`sqlite:${join(dir, 'lang.db')}`);
    expect(await store.subscriptions.list()).toEqual([]);
    await store.close();
  });

  it('refuses a Slack channel name such as #general', async () => {
    const result = await runCli(['subscriptions', 'add', 'slack', '#general', 'daily', '08:00'], env('name.db'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"#general" is not a Slack channel id');
  });

  it('echoes the day it does not know ("Funday")', async () => {
    const result = await runCli(
      ['subscriptions', 'add', 'slack', 'C0123ABCD', 'weekly', 'Funday', '08:00'],
      env('day.db'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"Funday" is not a day');
  });

  it('accepts a Teams conversation the bot has no reference for, with a warning saying how to fix it', async () => {
    const result = await runCli(
      ['subscriptions', 'add', 'teams', '19:abc@thread.tacv2', 'daily', '08:00'],
      env('teams.db'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('subscribed teams 19:abc@thread.tacv2');
    expect(result.stderr).toMatch(/warning: .*no conversation reference.*mention the bot there once/);
  });

  it('says "updated" on a re-add, listing what changed and what was kept; `lang en,ar only` is stored', async () => {
    const first = await runCli(
      ['subscriptions', 'add', 'slack', 'C0123ABCD', 'daily', '08:00', 'tz', 'Africa/Cairo', 'lang', 'en,ar'],
      env('re.db'),
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('subscribed slack C0123ABCD');
    const again = await runCli(
      ['subscriptions', 'add', 'slack', 'C0123ABCD', 'weekly', 'monday', '09:30', 'lang', 'en,ar', 'only'],
      env('re.db'),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('updated slack C0123ABCD');
    expect(again.stdout).toContain('schedule cron "0 8 * * *" → cron "30 9 * * 1"');
    expect(again.stdout).toContain('languages en + ar → en + ar only');
    expect(again.stdout).toMatch(/Kept: time zone Africa\/Cairo; filter none/);
    const store = await createStore(`sqlite:${join(dir, 're.db')}`);
    expect(await store.subscriptions.get('slack', 'C0123ABCD')).toMatchObject({
      cron: '30 9 * * 1',
      timezone: 'Africa/Cairo',
      languagesOnly: true,
    });
    await store.close();
  });
});

describe('DIGEST_LANGUAGES (issue 13, item 6)', () => {
  it('refuses an unknown language code, naming it', async () => {
    const result = await runCli(['status'], { ...env('env.db'), DIGEST_LANGUAGES: 'en,xx' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DIGEST_LANGUAGES: "en,xx" "xx": not a language code');
  });
  it('removes a filter with `filter none`, keeping the rest (before: the filter could only go with unsubscribe)', async () => {
    const first = await runCli(
      ['subscriptions', 'add', 'slack', 'C0FILTER1', 'daily', '07:00', 'filter', 'Libya,', 'Lampedusa'],
      env('filter.db'),
    );
    expect(first.code).toBe(0);
    const cleared = await runCli(['subscriptions', 'add', 'slack', 'C0FILTER1', 'filter', 'none'], env('filter.db'));
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('filter Libya, Lampedusa → none');
    const store = await createStore(`sqlite:${join(dir, 'filter.db')}`);
    expect(await store.subscriptions.get('slack', 'C0FILTER1')).toMatchObject({ cron: '0 7 * * *', filter: [] });
    await store.close();
    // `filter` with nothing after it is still bad usage, and says how to remove one.
    const empty = await runCli(['subscriptions', 'add', 'slack', 'C0FILTER1', 'filter'], env('filter.db'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('filter none');
  });
  it('refuses a cron expression the next-run and catch-up reader cannot read (a wrapping range), as bad usage', async () => {
    // Before: node-cron accepted it, `status` showed "next unknown" and a missed slot was never caught up.
    const wrapped = await runCli(['subscriptions', 'add', 'slack', 'C0CRONWRP', 'cron', '0 8 * * 7-1'], env('cron.db'));
    expect(wrapped.code).toBe(2);
    expect(wrapped.stderr).toContain('is not a valid cron expression');
    const fine = await runCli(['subscriptions', 'add', 'slack', 'C0CRONWRP', 'cron', '0 8 * * 0,1'], env('cron.db'));
    expect(fine.code).toBe(0);
    expect(fine.stdout).not.toContain('next run unknown');
  });
});
