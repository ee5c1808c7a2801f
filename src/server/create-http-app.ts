import express from 'express';
import { collectStatus, type StatusDeps, type StatusReport } from '../chat/collect-status.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import type { LlmBudget } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import { hasPreviewToken, requirePreviewToken } from './check-preview-token.js';

export interface HttpAppDeps {
  store: Pick<Store, 'dialect' | 'ping'> & StatusDeps['store'];
  /** Configured sources, for the source health in /healthz. */
  sources?: Array<{ id: string; name: string }>;
  /** Served at GET /metrics when given. */
  metrics?: Metrics;
  /** Extra health details (adapters, scheduler). */
  health?: () => Promise<Record<string, unknown>>;
  /** PREVIEW_TOKEN: when set, /metrics needs it and /healthz shows details only with it. */
  previewToken?: string | undefined;
  /** LLM_DAILY_TOKEN_BUDGET, shown in /healthz details. */
  budget?: LlmBudget | null;
}

/**
 * The one HTTP server of `serve` (SPEC 7). Adapters add their own routes (/slack/events, /api/messages)
 * to this app; no global body parser, because Slack signatures are computed over the raw body.
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.get('/healthz', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    // Load balancers get up/down without the token; the details (counts, budget, adapters) need it when one is set.
    if (deps.previewToken && !hasPreviewToken(req, deps.previewToken)) {
      const up = await deps.store.ping().then(
        () => true,
        () => false,
      );
      res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'error' });
      return;
    }
    const extra = await (deps.health?.() ?? Promise.resolve({})).catch((err: unknown) => ({
      healthError: (err as Error).message,
    }));
    res.set('Cache-Control', 'no-store');
    try {
      await deps.store.ping();
    } catch (error) {
      res
        .status(503)
        .json({ status: 'unavailable', store: { status: 'unreachable', error: (error as Error).message }, ...extra });
      return;
    }
    // The lists (channel ids, error texts) only to a caller that proved it holds PREVIEW_TOKEN.
    const lists = Boolean(deps.previewToken);
    try {
      const report = await collectStatus(
        { store: deps.store, sources: deps.sources ?? [], budget: deps.budget ?? null },
        // Deliveries are read only when they are listed: a probe's request reads counts.
        { recent: lists ? HEALTH_RECENT_DELIVERIES : 0 },
      );
      res.status(200).json({
        status: 'ok',
        store: { status: 'ok', dialect: deps.store.dialect },
        ...healthSummary(report, lists),
        ...extra,
      });
    } catch (error) {
      res.status(503).json({
        status: 'unavailable',
        store: { status: 'failing', dialect: deps.store.dialect, error: (error as Error).message },
        ...extra,
      });
    }
  });
  if (deps.metrics) app.get('/metrics', requirePreviewToken(deps.previewToken), metricsRoute(deps.metrics));
  return app;
}

/** The last deliveries /healthz lists (with their failures), newest first. */
const HEALTH_RECENT_DELIVERIES = 10;

/**
 * The /healthz details (issue 8: subscriptions and their next runs, the last deliveries and failures, source health,
 * LLM usage over the last day). Counts for everyone allowed details; with `lists` (a caller that sent PREVIEW_TOKEN)
 * also each subscription, source and recent delivery, with channel ids and error texts. Without a token configured
 * the endpoint is public (load balancers probe it), so it keeps to counts.
 */
function healthSummary(report: StatusReport, lists: boolean) {
  const next =
    report.subscriptions
      .filter((s) => !s.pausedAt)
      .map((s) => s.nextRunAt)
      .filter((t): t is string => Boolean(t))
      .sort()[0] ?? null;
  return {
    lastIngest: report.lastIngestAt,
    sources: {
      ok: report.sources.ok,
      failing: report.sources.failing,
      neverFetched: report.sources.neverFetched,
      ...(lists ? { list: report.sources.list } : {}),
    },
    subscriptions: {
      count: report.subscriptions.length,
      /** Paused because the bot is out of their channel (each one's reason is in the list). */
      paused: report.subscriptions.filter((s) => s.pausedAt).length,
      nextRunAt: next,
      ...(lists ? { list: report.subscriptions } : {}),
    },
    deliveries: {
      last24h: {
        posted: report.deliveries.last24h.posted,
        failed: report.deliveries.last24h.failed,
        pending: report.deliveries.last24h.pending,
      },
      ...(lists ? { recent: report.deliveries.recent } : {}),
    },
    llm: {
      since: report.llm.since,
      calls: report.llm.calls,
      tokens: report.llm.tokens,
      promptTokens: report.llm.promptTokens,
      completionTokens: report.llm.completionTokens,
      ...(report.llm.budget
        ? {
            budget: {
              day: report.llm.budget.day,
              used: report.llm.budget.used,
              limit: report.llm.budget.limit,
              spent: report.llm.budget.spent,
              resetsAt: report.llm.budget.resetsAt,
            },
          }
        : {}),
    },
  };
}
