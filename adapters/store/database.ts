/**
 * Opens the gateway's SQLite database (DESIGN.md §7: `data/`, WAL, created on first start).
 * WAL lets the CLI read reports while the gateway writes; `synchronous = FULL` makes every
 * committed result survive a power cut, not only a crash of the process.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.js';
import { migrate } from './migrations.js';

export const DATABASE_FILE = 'samband.db';

export interface OpenOptions {
  /** Refuse to create a database that is not there (the CLI reading reports). */
  mustExist?: boolean;
  /**
   * `NORMAL` for a connection whose commits must not wait for the disk (the conference log: one
   * append must hold the event loop under 1 ms). In WAL mode a commit then still survives a
   * killed process (it is in the OS's cache); a power cut may lose the last ones. Default `FULL`.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export function databasePath(dataDir: string): string {
  return join(resolve(dataDir), DATABASE_FILE);
}

/** @throws StoreError OPEN_FAILED, MISSING, MIGRATION_FAILED, NEWER_SCHEMA */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (options.mustExist && !existsSync(file)) {
    throw new StoreError(
      StoreErrorCodes.MISSING,
      `no database at ${file} (has the gateway run with this data directory?)`,
    );
  }
  let db: Database.Database;
  try {
    if (!options.mustExist) mkdirSync(join(file, '..'), { recursive: true });
    db = new Database(file, { fileMustExist: options.mustExist ?? false, timeout: 5000 });
  } catch (error) {
    throw new StoreError(StoreErrorCodes.OPEN_FAILED, `cannot open ${file}: ${describe(error)}`, {
      cause: error,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    // A checkpoint copies the WAL into the database with fsyncs (milliseconds): a connection that
    // must not wait for the disk leaves it to the other connections and to checkpoint() calls.
    if (options.synchronous === 'NORMAL') db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(StoreErrorCodes.OPEN_FAILED, `cannot prepare ${file}: ${describe(error)}`, {
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
