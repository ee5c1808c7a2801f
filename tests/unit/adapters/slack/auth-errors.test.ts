import { describe, expect, it } from 'vitest';
import { toChatError } from '../../../../adapters/slack/to-chat-error.js';

describe('Slack errors at start-up: credentials vs network (issue 13, item 2)', () => {
  it('reads invalid_auth and HTTP 401/403 as rejected credentials, and a network error as unreachable', () => {
    expect(
      toChatError({ code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } }, 'auth.test').code,
    ).toBe('AUTH_FAILED');
    expect(toChatError({ code: 'slack_webapi_http_error', statusCode: 401 }, 'auth.test').code).toBe('AUTH_FAILED');
    expect(toChatError({ code: 'slack_webapi_http_error', statusCode: 403 }, 'auth.test').code).toBe('AUTH_FAILED');
    expect(toChatError({ code: 'slack_webapi_http_error', statusCode: 503 }, 'auth.test').code).toBe('UNAVAILABLE');
    expect(
      toChatError({ code: 'slack_webapi_request_error', original: new Error('fetch failed') }, 'auth.test').code,
    ).toBe('UNAVAILABLE');
  });
});
