/** Errors of the storage adapter, each with a stable code (see README "Error codes"). */
import { SambandError } from '../../bridge/errors.js';

export const StoreErrorCodes = {
  OPEN_FAILED: 'SAMBAND_ERR_STORE_OPEN',
  MISSING: 'SAMBAND_ERR_STORE_MISSING',
  MIGRATION_FAILED: 'SAMBAND_ERR_STORE_MIGRATION',
  NEWER_SCHEMA: 'SAMBAND_ERR_STORE_NEWER_SCHEMA',
  /** A row holds a value this gateway does not know (a newer writer or a damaged file). */
  DAMAGED: 'SAMBAND_ERR_STORE_DAMAGED',
  /** The database cannot be opened for now (no room on its disk); retried on the next use. */
  UNAVAILABLE: 'SAMBAND_ERR_STORE_UNAVAILABLE',
  /** Another gateway process holds the data directory (one gateway per data directory). */
  DATA_DIR_LOCKED: 'SAMBAND_ERR_DATA_DIR_LOCKED',
} as const;
export type StoreErrorCode = (typeof StoreErrorCodes)[keyof typeof StoreErrorCodes];

export class StoreError extends SambandError {}

/** better-sqlite3's error code (`SQLITE_BUSY`, `SQLITE_FULL`, …), or null for anything else. */
export function sqliteCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : null;
}
