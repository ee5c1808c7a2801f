import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL prefix of the preview page's scripts and styles. */
export const ASSETS_PATH = '/preview/assets';

/**
 * The files the page loads, by name: its own script and style (src/preview/public, also when running from dist/),
 * and Microsoft's Adaptive Cards renderer from the installed package. Only these names are served.
 */
export function previewAssets(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const adaptiveCards = join(dirname(require.resolve('adaptivecards/package.json')), 'dist');
  const publicDir = findPublicDir();
  return new Map([
    ['preview.js', join(publicDir, 'preview.js')],
    ['preview.css', join(publicDir, 'preview.css')],
    ['adaptivecards.min.js', join(adaptiveCards, 'adaptivecards.min.js')],
    ['adaptivecards.css', join(adaptiveCards, 'adaptivecards.css')],
  ]);
}

function findPublicDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  if (existsSync(join(here, 'public', 'preview.js'))) return join(here, 'public');
  // Compiled to dist/src/preview/: the static files stay in the package's src/preview/public.
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'src', 'preview', 'public');
  }
  return join(here, 'public');
}
