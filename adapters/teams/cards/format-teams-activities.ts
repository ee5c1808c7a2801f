import type { Digest } from '../../../src/domain/digest.js';
import { renderDigestActivities } from './render-digest-card.js';

/** `migration-news digest --format teams`: the exact activity payload(s) the bot would send, as JSON. */
export function formatTeamsActivities(digest: Digest): string {
  return JSON.stringify(
    renderDigestActivities(digest).map((part) => part.activity),
    null,
    2,
  );
}
