import { AppError, type StoreErrorCode } from '../domain/errors.js';
import type { DeliveryLease, Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';

/** Thrown before a post when the delivery's lease is no longer held: the delivery stops, another worker owns it. */
export class LeaseLostError extends AppError<Extract<StoreErrorCode, 'LEASE_LOST'>> {
  constructor(deliveryId: string) {
    super('LEASE_LOST', `the lease of delivery ${deliveryId} was lost (expired or taken over); nothing more is posted`);
  }
}

export interface HeldLease {
  readonly lease: DeliveryLease;
  /** True once a renewal was refused. */
  lost(): boolean;
  /** Renews now and throws LeaseLostError when the lease is gone: called before each post (or part). */
  ensure(): Promise<void>;
  stop(): void;
}

/**
 * Keeps a delivery's lease while it is being posted: a timer renews it every third of its length (fenced by
 * token and the database's clock), and `ensure()` renews it once more right before each post, so a process that
 * stalled past its lease (paused, swapped out, clock jump) finds out before it posts anything else.
 */
export function holdLease(
  store: Pick<Store, 'deliveries'>,
  deliveryId: string,
  lease: DeliveryLease,
  leaseMs: number,
  log: Logger,
): HeldLease {
  let lost = false;
  let stopped = false;
  const renew = async (): Promise<boolean> => {
    if (lost) return false;
    const held = await store.deliveries.renew(deliveryId, lease, leaseMs);
    if (!held && !lost) {
      lost = true;
      log.warn(
        { delivery: deliveryId, owner: lease.owner },
        'delivery lease lost while posting; this worker stops before its next post',
      );
    }
    return held;
  };
  const timer = setInterval(
    () => {
      if (stopped) return;
      renew().catch((err: unknown) => log.warn({ err, delivery: deliveryId }, 'could not renew the delivery lease'));
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    lease,
    lost: () => lost,
    async ensure() {
      if (!(await renew())) throw new LeaseLostError(deliveryId);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
