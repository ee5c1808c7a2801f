/** Coordination between instances sharing one database (SPEC 7.4). */
export interface LockStore {
  /**
   * Runs `fn` while holding the named mutex. PostgreSQL: a session advisory lock on a dedicated connection
   * (released at once if the process dies); SQLite: an in-process mutex (one process owns a SQLite file).
   * Throws StoreError LOCK_TIMEOUT when the lock is not obtained within `timeoutMs` (default 10 minutes).
   */
  withLock<T>(name: string, fn: () => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
  /**
   * Takes the named lease until `until` (measured as a duration from now by the database's clock), or renews it
   * for the same owner; resolves to the acquisition's token, or null while another owner holds it.
   */
  acquireLease(name: string, owner: string, until: Date): Promise<string | null>;
  /** Extends a lease still held under this token (not expired by the database's clock); false when it was lost. */
  renewLease(name: string, owner: string, token: string, until: Date): Promise<boolean>;
  /** Gives the lease up early (only when `owner` holds it). */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Who holds the named lease, and whether it is still live by the database's clock (false: its holder stopped
   * renewing it, e.g. died); null when there is none (never taken, or released).
   */
  readLease(name: string): Promise<{ owner: string; live: boolean } | null>;
}
