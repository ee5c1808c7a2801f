import { renderDigestText } from '../cli/render-text.js';
import { formatSlackPayloads } from '../../adapters/slack/format-slack-payloads.js';
import { formatTeamsActivities } from '../../adapters/teams/format-teams-activities.js';
import type { Digest } from '../domain/digest.js';

/** Composition root for `digest --format`: the CLI may see every adapter's renderer; the core does not. */
export const digestFormatters: Record<'text' | 'json' | 'slack' | 'teams', (digest: Digest, options: { color: boolean }) => string> = {
  text: (digest, { color }) => renderDigestText(digest, { color }),
  json: (digest) => JSON.stringify(digest, null, 2),
  slack: (digest) => formatSlackPayloads(digest),
  teams: (digest) => formatTeamsActivities(digest),
};
