/** Milliseconds a response asks us to wait (retry-after-ms, retry-after in seconds or as an HTTP date); null when it does not say. */
function retryAfterMs(headers: Headers): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? date - Date.now() : null;
}

/**
 * Wraps fetch so the openai SDK, which honours any retry-after however long, gives up instead when a
 * 429/5xx asks for more than `maxWaitMs`: a digest run falls back to offline summaries rather than stall.
 */
export function capRetryAfter(maxWaitMs: number, baseFetch: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await baseFetch(input, init);
    if (response.status !== 429 && response.status < 500) return response;
    const wait = retryAfterMs(response.headers);
    if (wait === null || wait <= maxWaitMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false'); // the SDK obeys this header over its own retry rules
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
