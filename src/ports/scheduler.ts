import type { Subscription } from '../domain/types.js';

/** Live control of the scheduler, so subscription changes apply without a restart (the chat layer's view of it). */
export interface SchedulerControl {
  refresh(subscription: Subscription): void;
  remove(subscriptionId: string): void;
}

/** How the start-up fetch went: the sources that failed, and when the poller tries again. */
export interface FirstFetch {
  /** Whether this instance fetched; false when there was no start-up fetch, or `skipped` says why. */
  ran: boolean;
  /** Why it did not fetch, e.g. another instance was ingesting (its ingest, waited for, stood in for this one). */
  skipped: string | null;
  failed: Array<{ sourceId: string; error: string }>;
  /** The whole ingest failed (not one source): its error. */
  error: string | null;
  nextTryAt: string | null;
}
