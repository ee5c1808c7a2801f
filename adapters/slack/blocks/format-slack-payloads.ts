import type { Digest } from '../../../src/domain/digest.js';
import { renderDigest } from './render-digest.js';

/** Placeholder for the channel in `digest --format slack`: the real one comes from the command or subscription. */
export const CHANNEL_PLACEHOLDER = 'CHANNEL_ID';

/**
 * `migration-news digest --format slack`: the exact chat.postMessage payloads the bot would post for this
 * digest, as a JSON array (one element per message), ready for the Block Kit Builder or `curl`.
 */
export function formatSlackPayloads(digest: Digest): string {
  const payloads = renderDigest(digest).map(({ payload }) => ({ channel: CHANNEL_PLACEHOLDER, ...payload }));
  return JSON.stringify(payloads, null, 2);
}
