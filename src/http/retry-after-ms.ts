/** Retry-After (delta-seconds or an HTTP date) in ms; null when absent or unreadable. */
export function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(seconds) ? null : Math.max(0, seconds);
}
