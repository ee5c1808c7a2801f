import express from 'express';
import { buildPreview, type PreviewDeps } from './build-preview.js';
import { requirePreviewToken } from '../server/check-preview-token.js';
import { escapeHtml } from './escape-html.js';
import { ASSETS_PATH, previewAssets } from './preview-assets.js';
import { renderPreviewPage } from './render-preview-page.js';

/**
 * Feed text is shown on this page, so nothing may run but this server's own scripts: no inline script, no eval,
 * no plugins, no <base> tricks, no framing, no form posting elsewhere, no outside fetches.
 */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET / (the preview page) and its assets, on the serve app or on `migration-news preview`'s own server.
 * The renderers come from the composition root, so the core does not import the adapters.
 */
export function createPreviewRouter(deps: PreviewDeps): express.Router {
  const router = express.Router();
  const assets = previewAssets();
  const secure: express.RequestHandler = (_req, res, next) => {
    res.set({
      'Content-Security-Policy': PREVIEW_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    next();
  };

  // The page shows stored stories, channel ids and delivery errors: PREVIEW_TOKEN guards it when set. The assets below
  // are the page's own static script and style and Microsoft's card renderer, with no data in them.
  router.get('/', secure, requirePreviewToken(deps.previewToken), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const model = await buildPreview(deps, req.query as Record<string, unknown>);
      res.status(200).type('html').send(renderPreviewPage(model));
    } catch (error) {
      deps.log.error({ err: error }, 'preview page failed');
      res
        .status(500)
        .type('html')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview failed</title></head><body><h1>The preview could not be built</h1><p>${escapeHtml((error as Error).message ?? String(error))}</p></body></html>`,
        );
    }
  });

  // Browsers ask for it on every page; no icon, and no 404 in the console.
  router.get('/favicon.ico', secure, (_req, res) => {
    res.status(204).end();
  });

  router.get(`${ASSETS_PATH}/:file`, secure, (req, res) => {
    const file = req.params.file;
    const path = typeof file === 'string' ? assets.get(file) : undefined;
    if (!path) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(path, (err) => {
      if (err && !res.headersSent) res.status(404).type('text/plain').send('not found');
    });
  });

  return router;
}
