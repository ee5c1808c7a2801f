import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

/**
 * True when the request carries PREVIEW_TOKEN as `Authorization: Bearer <token>` or `?token=<token>`. Compared in
 * constant time on equal-length digests, so neither the content nor the length of the token leaks through timing.
 */
export function hasPreviewToken(req: Request, token: string): boolean {
  const header = req.get('authorization');
  const bearer = header && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined;
  const query = typeof req.query.token === 'string' ? req.query.token : undefined;
  const expected = digest(token);
  // Both candidates are compared, so which one is present does not change the timing either.
  const matches = [bearer, query].map((given) => given !== undefined && timingSafeEqual(digest(given), expected));
  return matches.some(Boolean);
}

/** Express middleware: 401 unless PREVIEW_TOKEN is given (no-op when no token is configured). */
export function requirePreviewToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token || hasPreviewToken(req, token)) {
      next();
      return;
    }
    res
      .status(401)
      .set({ 'WWW-Authenticate': 'Bearer realm="migration-news"', 'Cache-Control': 'no-store' })
      .type('text/plain')
      .send('401 Unauthorized: this route needs PREVIEW_TOKEN (Authorization: Bearer <token>, or ?token=<token>)\n');
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
