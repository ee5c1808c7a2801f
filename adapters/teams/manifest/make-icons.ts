import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** Teams app icons: a 192x192 full-colour icon and a 32x32 white-on-transparent outline. */
export interface TeamsIcons {
  color: Buffer;
  outline: Buffer;
}

const ACCENT = [0x1f, 0x5f, 0x8b] as const;
const SAMPLES = 4; // 4x4 supersampling for smooth edges

/** A globe (outer ring, equator, one meridian) in a unit square: is the point (0..1, 0..1) on the line art? */
function globe(stroke: number): (x: number, y: number) => boolean {
  const r = 0.36;
  return (x, y) => {
    const dx = x - 0.5;
    const dy = y - 0.5;
    const d = Math.hypot(dx, dy);
    if (Math.abs(d - r) <= stroke / 2) return true; // outer ring
    if (d > r) return false;
    if (Math.abs(dy) <= stroke / 2) return true; // equator
    if (Math.abs(dy + r * 0.45) <= stroke / 2.4 || Math.abs(dy - r * 0.45) <= stroke / 2.4) return true; // parallels
    const e = Math.hypot(dx / (r * 0.45), dy / r); // meridian ellipse
    return Math.abs(e - 1) * r * 0.45 <= stroke / 2;
  };
}

function draw(
  size: number,
  inside: (x: number, y: number) => boolean,
  background: readonly [number, number, number] | null,
): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (inside((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits++;
        }
      }
      const coverage = hits / (SAMPLES * SAMPLES);
      const i = (py * size + px) * 4;
      if (background) {
        // White line art over the accent colour, fully opaque.
        for (let c = 0; c < 3; c++)
          png.data[i + c] = Math.round((background[c] ?? 0) * (1 - coverage) + 255 * coverage);
        png.data[i + 3] = 255;
      } else {
        // Outline icon: white only, coverage as alpha, transparent elsewhere (Teams requirement).
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * coverage);
      }
    }
  }
  return PNG.sync.write(png);
}

export function makeIcons(): TeamsIcons {
  return {
    color: draw(192, globe(0.045), ACCENT),
    outline: draw(32, globe(0.075), null),
  };
}

/** `tsx adapters/teams/manifest/make-icons.ts` writes color.png and outline.png next to the manifest. */
async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const icons = makeIcons();
  await writeFile(join(here, 'color.png'), icons.color);
  await writeFile(join(here, 'outline.png'), icons.outline);
  process.stderr.write(`wrote ${join(here, 'color.png')} and ${join(here, 'outline.png')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
