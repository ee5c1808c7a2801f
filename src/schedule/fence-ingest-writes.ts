import type { Store } from '../ports/store.js';
import type { PollLease } from './poll-once.js';

/**
 * The store as an ingest under the poll lease sees it: every write it makes (stories, source state) first checks
 * that the lease still holds, so an instance that stalled mid-ingest and woke up after another took the poll over
 * writes nothing stale (an older etag, older edition content) over the newer instance's work.
 */
export function fenceIngestWrites<S extends Pick<Store, 'stories' | 'sources'>>(store: S, lease: PollLease): S {
  return {
    ...store,
    stories: {
      ...store.stories,
      async write(batch) {
        await lease.ensure();
        return store.stories.write(batch);
      },
    },
    sources: {
      ...store.sources,
      async save(state) {
        await lease.ensure();
        return store.sources.save(state);
      },
    },
  };
}
