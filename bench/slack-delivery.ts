import { runSubscription } from '../src/schedule/run-subscription.js';
import { type FakeSlackApi, type RecordedRequest, startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import type { BenchRow } from './bench-row.js';
import { recentStories } from './bench-stories.js';
import { benchDir, type InProcessBot, startInProcessBot, subscribeChannels } from './in-process-bot.js';

const CHANNELS = 100;
const STORIES = 30;
const RETRY_AFTER_S = 1;

interface Violation {
  channel: string;
  /** ms between the 429 and the next request to that channel (should be >= Retry-After). */
  after: number;
}

/**
 * Requests to a channel sent before the Retry-After of the 429 before them, from the fake's own record of every
 * request (arrival time, channel, status). Slack counts from its answer; the fake answers a 429 at once.
 */
export function retryAfterViolations(requests: RecordedRequest[], retryAfterSeconds: number): Violation[] {
  const byChannel = new Map<string, RecordedRequest[]>();
  for (const r of requests) {
    if (r.method !== 'chat.postMessage' || typeof r.body.channel !== 'string') continue;
    byChannel.set(r.body.channel, [...(byChannel.get(r.body.channel) ?? []), r]);
  }
  const violations: Violation[] = [];
  for (const [channel, list] of byChannel) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((r, i) => {
      const next = list[i + 1];
      if (r.status === 429 && next && next.at - r.at < retryAfterSeconds * 1000)
        violations.push({ channel, after: next.at - r.at });
    });
  }
  return violations;
}

/** Whether a channel got exactly its digest: every part once, in order, of one digest, with every story once. */
export function checkChannel(fake: FakeSlackApi, channel: string, expectedStories: number): string | null {
  const messages = fake.posted({ channel }).filter((m) => m.metadata?.event_type === 'migration_news_digest');
  if (messages.length === 0) return 'no digest';
  const payloads = messages.map((m) => m.metadata?.event_payload ?? {});
  const digestIds = new Set(payloads.map((p) => String(p.digest_id)));
  const parts = payloads.map((p) => Number(p.part));
  const total = Number(payloads[0]?.parts);
  const stories = payloads.flatMap((p) =>
    (Array.isArray(p.story_ids) ? p.story_ids : String(p.story_ids ?? '').split(',')).filter(Boolean),
  );
  if (digestIds.size !== 1) return `${digestIds.size} digests`;
  if (parts.length !== total || parts.some((p, i) => p !== i + 1)) return `parts ${parts.join(',')} of ${total}`;
  if (new Set(stories).size !== stories.length || stories.length !== expectedStories)
    return `${stories.length} stories (${new Set(stories).size} distinct)`;
  return null;
}

/**
 * SPEC 9 row 5: 100 Slack subscriptions deliver the same slot at once (multi-message digests of 30 stories) to a fake
 * Web API that allows 1 chat.postMessage per second per channel and answers faster posts 429 with Retry-After: 1.
 */
export async function benchSlackDelivery(): Promise<BenchRow[]> {
  const work = await benchDir();
  const slack = await startFakeSlackApi();
  slack.limitPerChannel({ perSecond: 1, retryAfter: RETRY_AFTER_S });
  let bot: InProcessBot | null = null;
  try {
    bot = await startInProcessBot(
      {
        DATABASE_URL: `sqlite:${work.dir}/bot.db`,
        SOURCES_FILE: work.sourcesFile,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: 'bench-signing-secret',
        SLACK_API_URL: slack.apiUrl,
        DIGEST_MAX_ITEMS: String(STORIES),
      },
      recentStories(STORIES, 'delivery'),
    );
    const channels = Array.from({ length: CHANNELS }, (_, i) => `CDLV${String(i).padStart(3, '0')}`);
    const subs = await subscribeChannels(bot.core, channels, ['en', 'ar']);
    const deps = bot.bot.deps;
    const slot = new Date();
    const started = performance.now();
    const outcomes = await Promise.all(subs.map((sub) => runSubscription(deps, sub, slot)));
    const seconds = (performance.now() - started) / 1000;
    const posts = slack.calls('chat.postMessage');
    const limited = posts.filter((r) => r.status === 429).length;
    const violations = retryAfterViolations(slack.requests, RETRY_AFTER_S);
    const wrong = channels.flatMap((c) => {
      const problem = checkChannel(slack, c, STORIES);
      return problem ? [`${c}: ${problem}`] : [];
    });
    const failed = outcomes.filter((o) => o.status !== 'posted').length;
    const parts = slack.posted({ channel: channels[0] as string }).length;
    return [
      {
        benchmark: `digest delivery to ${CHANNELS} Slack channels at 1 msg/s/channel (429 + Retry-After)`,
        measured: `${CHANNELS - wrong.length}/${CHANNELS} exact; ${violations.length} early retries`,
        target: 'every channel exactly its digest; 0 requests before Retry-After',
        pass: wrong.length === 0 && violations.length === 0 && failed === 0,
        notes: [
          `delivery: ${posts.length} chat.postMessage requests for ${CHANNELS} digests of ${parts} messages each, ${limited} answered 429 and retried; ${seconds.toFixed(1)} s in all; shortest wait after a 429: ${minWait(slack.requests)} ms (Retry-After ${RETRY_AFTER_S} s)${failed ? `; ${failed} deliveries not posted` : ''}${wrong.length ? `; WRONG: ${wrong.slice(0, 3).join('; ')}` : ''}`,
        ],
      },
    ];
  } finally {
    await bot?.stop();
    await slack.close();
    await work.remove();
  }
}

function minWait(requests: RecordedRequest[]): string {
  const waits = retryAfterViolations(requests, Number.POSITIVE_INFINITY).map((v) => v.after);
  return waits.length ? String(Math.min(...waits)) : 'n/a';
}
