import { collectStatus, type StatusReport, type SubscriptionStatus } from '../chat/collect-status.js';
import { type BuildDigestDeps, buildDigest } from '../digest/build-digest.js';
import { buildStatusViews, sourcesLine } from '../chat/build-status-view.js';
import type { SubscriptionDefaults } from '../chat/change-subscription.js';
import { buildFormModel } from '../chat/handle-interaction.js';
import type { Digest } from '../domain/digest.js';
import type { SourceConfig } from '../domain/types.js';
import type { LlmBudget, LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import type { StatusView, SubscriptionFormModel } from '../domain/interactions.js';
import { WINDOW_BEFORE_CREATION_MS, WINDOW_MAX_MS } from '../schedule/run-subscription.js';

/** One Teams message of the preview: the Adaptive Card, and the size of the activity that carries it. */
export interface TeamsPreviewMessage {
  card: unknown;
  /** UTF-8 bytes of the activity as sent (Teams refuses ~28 KB and more). */
  bytes?: number;
}

/** What the chat surfaces show: the Slack Home tab's channels, and the subscription form's defaults. */
export interface ChatSurfacesInput {
  views: StatusView[];
  sourcesLine: string;
  form: SubscriptionFormModel;
}

export interface PreviewRenderers {
  /** The Slack pane: the messages that would be posted, as HTML, and how many there are. */
  renderSlack(digest: Digest): { messages: number; html: string };
  renderTeams(digest: Digest): TeamsPreviewMessage[];
  /** The Slack Home tab as HTML and the Teams subscribe card (JSON), so a person can see them (issue #14). */
  renderChatSurfaces?(input: ChatSurfacesInput): { slackHome: string; teamsForm: unknown };
}

/** The preview builds digests from stored summaries only (BuildDigestDeps) and reads the status; it never posts. */
export interface PreviewDeps {
  store: BuildDigestDeps['store'] & Pick<Store, 'subscriptions' | 'deliveryLog' | 'llmCalls' | 'mutes' | 'channels'>;
  llm: LlmClient | null;
  log: Logger;
  promptVersion: string;
  sources: SourceConfig[];
  maxItems: number;
  /** The adapters' own renderers, passed in by the composition root (the core never imports an adapter). */
  renderers: PreviewRenderers;
  /** Languages of new subscriptions (DIGEST_LANGUAGES): the preview's default pair. */
  defaultLanguages: string[];
  /** Defaults of new subscriptions (the form's presets); DIGEST_CRON's usual default and UTC when absent. */
  defaults?: SubscriptionDefaults;
  now?: () => Date;
  /** PREVIEW_TOKEN: when set, GET / needs it (bearer or ?token=). */
  previewToken?: string | undefined;
  /** LLM_DAILY_TOKEN_BUDGET, shown with the status. */
  budget?: LlmBudget | null;
}

/** Query parameters of GET / (untrusted: validated here). */
export interface PreviewQuery {
  langs?: unknown;
  subscription?: unknown;
  limit?: unknown;
  /** PREVIEW_TOKEN given as ?token= (already checked): kept in the page's form so that changing a selector keeps access. */
  token?: unknown;
}

export interface PreviewModel {
  languages: string[];
  /** Language lists offered by the selector, as "en,ar". */
  languageOptions: string[];
  subscription: SubscriptionStatus | null;
  limit: number;
  /** What the digest holds, in words. */
  scope: string;
  notices: string[];
  /** The ?token= the page was opened with, for its form; absent when the page was opened with a bearer header or no token. */
  formToken?: string;
  digest: Digest;
  slack: { messages: number; html: string };
  teams: TeamsPreviewMessage[];
  status: StatusReport;
  /** The Slack Home tab (HTML) and the Teams subscribe card, when the renderers provide them. */
  chat: { slackHome: string; teamsForm: unknown } | null;
}

const COMMON_PAIRS = ['en,ar', 'fr,ar', 'en,fr', 'en,es', 'en,fa', 'ar,en'];
const LANGUAGES = /^[a-z]{2,3}(,[a-z]{2,3}){0,3}$/;

/** The digest the page shows, rendered for both platforms, with the selector options and the bot's status. */
export async function buildPreview(deps: PreviewDeps, query: PreviewQuery): Promise<PreviewModel> {
  const now = deps.now?.() ?? new Date();
  const notices: string[] = [];
  const status = await collectStatus(
    { store: deps.store, sources: deps.sources, now: () => now, budget: deps.budget ?? null },
    { recent: 10 },
  );

  let subscription: SubscriptionStatus | null = null;
  const wantedSub = param(query.subscription);
  if (wantedSub) {
    subscription = status.subscriptions.find((s) => s.id === wantedSub) ?? null;
    if (!subscription) notices.push('That subscription does not exist (any more): showing the latest stories instead.');
  }

  let languages = subscription?.languages ?? deps.defaultLanguages;
  const wantedLangs = param(query.langs)?.toLowerCase().replace(/\s+/g, '');
  if (wantedLangs) {
    if (LANGUAGES.test(wantedLangs)) languages = [...new Set(wantedLangs.split(','))];
    else notices.push('Languages must be 1 to 4 codes such as en,ar: showing the default languages.');
  }

  let limit = deps.maxItems;
  const wantedLimit = param(query.limit);
  if (wantedLimit) {
    const n = Number(wantedLimit);
    if (Number.isInteger(n) && n >= 1 && n <= 50) limit = n;
    else notices.push('The number of stories must be a whole number from 1 to 50.');
  }

  let digest: Digest;
  let scope: string;
  if (subscription) {
    const sub = subscription;
    const stored = await deps.store.subscriptions.get(sub.platform, sub.channelId);
    const createdAt = Date.parse(stored?.createdAt ?? now.toISOString());
    const since = new Date(
      Math.max(now.getTime() - WINDOW_MAX_MS, createdAt - WINDOW_BEFORE_CREATION_MS),
    ).toISOString();
    // What the scheduler would post: without the sources muted in that channel.
    const mutedSources = await deps.store.mutes.list(sub.platform, sub.channelId);
    digest = await buildDigest(deps, {
      languages,
      since,
      limit,
      filter: sub.filter,
      undeliveredTo: { platform: sub.platform, channelId: sub.channelId },
      mutedSources,
      now,
      storedOnly: true,
    });
    scope = `The next scheduled digest of ${sub.platform} ${sub.channelId}${sub.nextRunAt ? ` (${utc(sub.nextRunAt)})` : ''}: stories not delivered there yet${sub.filter.length ? `, filtered on ${sub.filter.join(', ')}` : ''}.`;
    if (digest.items.length === 0) {
      notices.push(
        'Nothing new for this channel since its last digest (nothing would be posted): showing its latest stories instead.',
      );
      digest = await buildDigest(deps, {
        languages,
        since: null,
        limit,
        filter: sub.filter,
        mutedSources,
        now,
        storedOnly: true,
      });
    }
  } else {
    // Stored summaries only: a page load never calls the LLM, whatever languages it asks for (#15).
    digest = await buildDigest(deps, { languages, since: null, limit, now, storedOnly: true });
    // Not "as latest would post them": latest covers only the last 24 hours, the preview every stored story.
    scope = `The latest ${limit} stored ${limit === 1 ? 'story' : 'stories'}, of any age.`;
  }
  if (digest.items.length === 0)
    notices.push('No stories are stored yet: run migration-news ingest (or wait for the next poll).');

  const languageOptions = [
    ...new Set([
      languages.join(','),
      deps.defaultLanguages.join(','),
      ...status.subscriptions.map((s) => s.languages.join(',')),
      ...COMMON_PAIRS,
    ]),
  ];
  return {
    languages,
    languageOptions,
    subscription,
    limit,
    scope,
    notices,
    ...(deps.previewToken && typeof query.token === 'string' && query.token ? { formToken: query.token } : {}),
    digest,
    slack: deps.renderers.renderSlack(digest),
    teams: deps.renderers.renderTeams(digest),
    status,
    chat: await chatSurfaces(deps),
  };
}

async function chatSurfaces(deps: PreviewDeps): Promise<PreviewModel['chat']> {
  if (!deps.renderers.renderChatSurfaces) return null;
  const formDeps = {
    store: deps.store,
    sources: deps.sources,
    defaults: deps.defaults ?? { languages: deps.defaultLanguages, cron: '0 8 * * *', timezone: 'UTC' },
  };
  const [{ views }, form, states] = await Promise.all([
    buildStatusViews(deps, 'slack'),
    buildFormModel(formDeps, 'slack', null),
    deps.store.sources.list(),
  ]);
  return deps.renderers.renderChatSurfaces({ views, sourcesLine: sourcesLine(deps.sources, states), form });
}

/** A single query value; repeated or nested parameters count as absent. */
function param(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined;
}

function utc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
