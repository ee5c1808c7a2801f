/**
 * Resolves a link found in a feed or page against its base URL(s); returns it only when it is an
 * http(s) URL (javascript:, data:, mailto: links from untrusted feeds are dropped).
 */
export function resolveHttpUrl(
  href: string | null | undefined,
  ...bases: Array<string | null | undefined>
): string | null {
  const value = href?.trim();
  if (!value) return null;
  for (const base of [...bases.filter((b): b is string => !!b), undefined]) {
    try {
      const url = base ? new URL(value, base) : new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // not resolvable against this base: try the next one
    }
  }
  return null;
}
