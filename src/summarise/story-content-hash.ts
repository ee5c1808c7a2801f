import { createHash } from 'node:crypto';
import type { Story } from '../domain/types.js';

/** sha256 of the story's sorted edition content hashes: changes when any edition changes, not when editions are reordered. */
export function storyContentHash(story: Story): string {
  const hashes = story.editions.map((e) => e.contentHash).sort();
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}
