import { AppError } from '../domain/errors.js';

/** A store operation failed; codes: STORE_UNAVAILABLE, STORIES_TAKEN, LOCK_TIMEOUT. */
export class StoreError extends AppError {}
