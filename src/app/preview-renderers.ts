import { renderSlackPreview } from '../../adapters/slack/preview/render-slack-preview.js';
import { renderDigest } from '../../adapters/slack/blocks/render-digest.js';
import { renderHome } from '../../adapters/slack/blocks/render-home.js';
import { renderSubscribeCard } from '../../adapters/teams/cards/render-subscribe-card.js';
import { renderDigestActivities } from '../../adapters/teams/cards/render-digest-card.js';
import type { PreviewRenderers } from '../preview/build-preview.js';

/** Composition root for the preview page: the adapters' own renderers, so the preview shows exactly what is posted. */
export const previewRenderers: PreviewRenderers = {
  renderSlack: (digest) => {
    const payloads = renderDigest(digest).map((message) => message.payload);
    return { messages: payloads.length, html: renderSlackPreview(payloads) };
  },
  renderChatSurfaces: ({ views, sourcesLine, form }) => ({
    slackHome: renderSlackPreview([{ blocks: renderHome(views, sourcesLine).blocks }]),
    teamsForm: renderSubscribeCard({ ...form, platform: 'teams' }),
  }),
  renderTeams: (digest) =>
    renderDigestActivities(digest).map(({ activity }) => ({
      card: activity.attachments[0]?.content ?? null,
      bytes: Buffer.byteLength(JSON.stringify(activity), 'utf8'),
    })),
};
