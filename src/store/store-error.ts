/** StoreError now lives with the other errors; this path stays for its importers. */
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from '../domain/errors.js';
