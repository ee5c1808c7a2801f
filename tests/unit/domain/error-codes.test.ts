import { describe, expect, it } from 'vitest';
import { toChatError as slackToChatError } from '../../../adapters/slack/to-chat-error.js';
import { toChatError as teamsToChatError } from '../../../adapters/teams/send-activities.js';
import { errorHint } from '../../../src/cli/error-hint.js';
import { exitCodeFor } from '../../../src/cli/exit-code.js';
import {
  APP_ERROR_CODES,
  AppError,
  CHAT_ERROR_CODES,
  COMMAND_ERROR_CODES,
  CONFIG_ERROR_CODES,
  ChatError,
  CommandError,
  ConfigError,
  LLM_ERROR_CODES,
  LlmError,
  SOURCE_ERROR_CODES,
  STORE_ERROR_CODES,
  SourceError,
  StoreError,
  type StoreErrorCode,
} from '../../../src/domain/errors.js';
import { LeaseLostError } from '../../../src/schedule/hold-lease.js';
import { StoreError as StoreErrorFromOldPath } from '../../../src/store/store-error.js';

/** What the bot does about a store failure: the switch must name every code, or `npm run check` fails. */
function storeAdvice(error: StoreError): string {
  switch (error.code) {
    case 'STORE_UNUSABLE':
      return 'fix DATABASE_URL';
    case 'STORE_UNAVAILABLE':
      return 'retry later';
    case 'STORIES_TAKEN':
      return 'rebuild the digest';
    case 'LOCK_TIMEOUT':
      return 'wait for the other instance';
    case 'LEASE_LOST':
      return 'stop: another worker owns it';
    default: {
      const unhandled: never = error.code;
      return unhandled;
    }
  }
}

/** Never called: each line is a type error that `npm run check` proves (an unused @ts-expect-error fails it). */
function _unknownCodesDoNotCompile(): unknown[] {
  return [
    // @ts-expect-error a code from no list
    new AppError('SOMETHING_ELSE', 'x'),
    // @ts-expect-error AppError's own list does not hold the subclasses' codes
    new AppError('FEED_TIMEOUT', 'x'),
    // @ts-expect-error a store code is not a source code
    new SourceError('LOCK_TIMEOUT', 'x'),
    // @ts-expect-error a source code is not a store code
    new StoreError('FEED_TIMEOUT', 'x'),
    // @ts-expect-error codes are the product's, not OpenAI's
    new LlmError('rate_limit_exceeded', 'x'),
    // @ts-expect-error a Slack error string is translated at the adapter's edge, never passed through
    new ChatError('channel_not_found', 'x'),
    // @ts-expect-error only the commands that check their arguments have a COMMAND_BAD_ code
    new CommandError('COMMAND_BAD_HELP', 'x'),
    (error: StoreError) => {
      switch (error.code) {
        case 'STORE_UNUSABLE':
        case 'STORE_UNAVAILABLE':
          return 'database';
        default: {
          // @ts-expect-error STORIES_TAKEN, LOCK_TIMEOUT and LEASE_LOST are not handled: not exhaustive
          const unhandled: never = error.code;
          return unhandled;
        }
      }
    },
  ];
}

describe('error codes', () => {
  const lists = {
    AppError: APP_ERROR_CODES,
    SourceError: SOURCE_ERROR_CODES,
    ConfigError: CONFIG_ERROR_CODES,
    LlmError: LLM_ERROR_CODES,
    ChatError: CHAT_ERROR_CODES,
    CommandError: COMMAND_ERROR_CODES,
    StoreError: STORE_ERROR_CODES,
  };

  it('exports one list per class, each code spelt as its own key, no code in two lists', () => {
    const all: string[] = [];
    for (const [name, list] of Object.entries(lists)) {
      expect(Object.keys(list).length, name).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(list)) expect(value, name).toBe(key);
      all.push(...Object.keys(list));
    }
    expect(new Set(all).size).toBe(all.length);
  });

  it('builds each class with its codes, as an AppError named after the class', () => {
    const built: [AppError<string>, string, string][] = [
      ...Object.values(APP_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new AppError(c, 'm'),
        'AppError',
        c,
      ]),
      ...Object.values(SOURCE_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new SourceError(c, 'm'),
        'SourceError',
        c,
      ]),
      [new ConfigError(['problem']), 'ConfigError', CONFIG_ERROR_CODES.CONFIG_INVALID],
      ...Object.values(LLM_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new LlmError(c, 'm'),
        'LlmError',
        c,
      ]),
      ...Object.values(CHAT_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new ChatError(c, 'm'),
        'ChatError',
        c,
      ]),
      ...Object.values(COMMAND_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new CommandError(c, 'm'),
        'CommandError',
        c,
      ]),
      ...Object.values(STORE_ERROR_CODES).map((c): [AppError<string>, string, string] => [
        new StoreError(c, 'm'),
        'StoreError',
        c,
      ]),
    ];
    for (const [error, name, code] of built) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
    }
  });

  it('switches exhaustively over the StoreError codes', () => {
    const advice = (Object.keys(STORE_ERROR_CODES) as StoreErrorCode[]).map((code) =>
      storeAdvice(new StoreError(code, 'm')),
    );
    expect(new Set(advice).size).toBe(Object.keys(STORE_ERROR_CODES).length);
  });

  it('keeps StoreError importable from its old path, and LeaseLostError coded LEASE_LOST', () => {
    expect(StoreErrorFromOldPath).toBe(StoreError);
    const lost = new LeaseLostError('d1');
    expect(lost).toBeInstanceOf(AppError);
    expect(lost.code).toBe(STORE_ERROR_CODES.LEASE_LOST);
  });
});

describe('behaviour by code', () => {
  it('gives the CLI exit code by class and code', () => {
    expect(exitCodeFor(new ConfigError(['PORT: bad']))).toBe(2);
    expect(exitCodeFor(new AppError('USAGE_PLATFORM', 'm'))).toBe(2);
    expect(exitCodeFor(new AppError('NOT_FOUND', 'm'))).toBe(2);
    expect(exitCodeFor(new StoreError('STORE_UNUSABLE', 'm'))).toBe(2);
    expect(exitCodeFor(new ChatError('CONFIG', 'm'))).toBe(2);
    expect(exitCodeFor(new StoreError('STORE_UNAVAILABLE', 'm'))).toBe(1);
    expect(exitCodeFor(new StoreError('LOCK_TIMEOUT', 'm'))).toBe(1);
    expect(exitCodeFor(new AppError('PROMPT_NOT_FOUND', 'm'))).toBe(1);
    expect(exitCodeFor(new LlmError('LLM_AUTH_FAILED', 'm'))).toBe(1);
    expect(exitCodeFor(new ChatError('AUTH_FAILED', 'm'))).toBe(1);
  });

  it('gives the CLI hint by code', () => {
    expect(errorHint(new ConfigError(['x'], { hint: 'fix sources.yaml' }))).toBe('fix sources.yaml');
    expect(errorHint(new StoreError('STORE_UNUSABLE', 'cannot open'))).toMatch(/DATABASE_URL/);
    expect(errorHint(new StoreError('STORE_UNAVAILABLE', 'database is locked'))).toMatch(
      /another process holds the SQLite file/,
    );
    expect(errorHint(new StoreError('LOCK_TIMEOUT', 'm'))).toMatch(/another instance holds the lock/);
    expect(errorHint(new StoreError('STORIES_TAKEN', 'm'))).toBeNull();
    expect(errorHint(new AppError('PORT_IN_USE', 'm'))).toMatch(/--port/);
    expect(errorHint(new LlmError('LLM_AUTH_FAILED', 'm'))).toMatch(/OPENAI_API_KEY/);
    expect(errorHint(new LlmError('LLM_REQUEST_REJECTED', 'm'))).toMatch(/OPENAI_MODEL/);
    expect(errorHint(new LlmError('LLM_TIMEOUT', 'm'))).toMatch(/the LLM endpoint failed/);
    expect(errorHint(new AppError('PROMPT_INVALID', 'm'))).toMatch(/npm ci/);
    expect(errorHint(new AppError('USAGE_QUESTION', 'm'))).toMatch(/--help/);
    expect(errorHint(new SourceError('FEED_TIMEOUT', 'm'))).toBeNull();
  });

  it('carries the user hint only on the codes that have one', () => {
    const slack = (error: string) =>
      slackToChatError({ code: 'slack_webapi_platform_error', data: { error } }, 'chat.postMessage');
    expect(slack('channel_not_found')).toMatchObject({
      code: 'NOT_IN_CHANNEL',
      userHint: expect.stringMatching(/\/invite/),
    });
    expect(slack('is_archived')).toMatchObject({ code: 'CHANNEL_ARCHIVED', userHint: null });
    expect(slack('some_new_error')).toMatchObject({
      code: 'PLATFORM_ERROR',
      userHint: null,
      message: expect.stringMatching(/some_new_error/),
    });
    const teams = (statusCode: number) => teamsToChatError(Object.assign(new Error('refused'), { statusCode }));
    expect(teams(403)).toMatchObject({
      code: 'BOT_NOT_IN_CONVERSATION',
      userHint: expect.stringMatching(/Add the Migration News app/),
    });
    expect(teams(404)).toMatchObject({ code: 'CONVERSATION_NOT_FOUND', userHint: null });
    expect(teams(418)).toMatchObject({ code: 'TEAMS_SEND_FAILED', userHint: null });
  });
});
