import { describe, expect, it } from 'vitest';
import { capRetryAfter } from '../../../src/llm/cap-retry-after.js';

function respond(status: number, headers: Record<string, string>): typeof fetch {
  return async () => new Response('{}', { status, headers });
}

describe('capRetryAfter', () => {
  it('passes through a retry-after within the cap', async () => {
    const res = await capRetryAfter(5_000, respond(429, { 'retry-after': '2' }))('http://x');
    expect(res.headers.get('x-should-retry')).toBeNull();
  });

  it('tells the SDK not to retry when retry-after (seconds, ms or date) exceeds the cap', async () => {
    const cases: Array<Record<string, string>> = [
      { 'retry-after': '3600' },
      { 'retry-after-ms': '90000' },
      { 'retry-after': new Date(Date.now() + 600_000).toUTCString() },
    ];
    for (const headers of cases) {
      const res = await capRetryAfter(5_000, respond(503, headers))('http://x');
      expect(res.status).toBe(503);
      expect(res.headers.get('x-should-retry')).toBe('false');
    }
  });

  it('leaves successful responses alone', async () => {
    const res = await capRetryAfter(1, respond(200, { 'retry-after': '3600' }))('http://x');
    expect(res.headers.get('x-should-retry')).toBeNull();
  });
});
