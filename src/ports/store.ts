import type {
  Delivery,
  DeliveryLease,
  DeliveryLog,
  DeliveryOutbox,
  DeliveryStatus,
  StoryRevision,
  UpdateStore,
} from './delivery-outbox.js';
import type { LockStore } from './lock-store.js';
import type {
  DedupeLedger,
  IngestWrite,
  PruneReport,
  RetentionStore,
  SourceState,
  SourceStore,
  StoryStore,
} from './story-store.js';
import type { ChannelStore, MuteStore, SubscriptionStore } from './subscription-store.js';
import type {
  LlmCallRecord,
  LlmUsageStore,
  SummaryCache,
  TokenBudgetStore,
  TranslationStore,
} from './summary-cache.js';
import type { EventLog, QaTurn, ThreadStore, ThreadStories } from './thread-store.js';

export type {
  Delivery,
  DeliveryLease,
  DeliveryStatus,
  IngestWrite,
  LlmCallRecord,
  PruneReport,
  QaTurn,
  SourceState,
  StoryRevision,
  ThreadStories,
};

/**
 * What `createStore` returns: every store port, on one database (SQLite by default, PostgreSQL for several
 * instances; same code, Kysely dialects). A use-case names only the ports it uses: `store: Pick<Store, 'stories'>`.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Throws when the database is unreachable (healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  sources: SourceStore;
  stories: StoryStore;
  ledger: DedupeLedger;
  retention: RetentionStore;
  summaries: SummaryCache;
  translations: TranslationStore;
  llmCalls: LlmUsageStore;
  llmBudget: TokenBudgetStore;
  channels: ChannelStore;
  subscriptions: SubscriptionStore;
  mutes: MuteStore;
  deliveries: DeliveryOutbox;
  deliveryLog: DeliveryLog;
  updates: UpdateStore;
  threads: ThreadStore;
  events: EventLog;
  locks: LockStore;
}
