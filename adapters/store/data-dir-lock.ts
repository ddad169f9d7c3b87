/**
 * One gateway per data directory, enforced by the operating system. Node has no flock, so the
 * lock is SQLite's own: a dedicated `gateway.lock` database in the data directory held in an
 * open EXCLUSIVE transaction for the life of the process. SQLite takes that as a POSIX advisory
 * lock on the file, which the kernel drops when the process ends however it ends — a `kill -9`
 * never leaves a stale lock behind, and there is no pid file to clean up or second-guess.
 *
 * `journal_mode = MEMORY` keeps the lock from writing a journal beside it, so it is taken on a
 * full disk too (a gateway whose disk is full must still start). While held, the lock database
 * cannot even be read, so who holds it goes in a side file written after the lock is won; a
 * second gateway reads that file only to say whom it lost to.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes, sqliteCode } from './errors.js';

export const LOCK_FILE = 'gateway.lock';
export const LOCK_OWNER_FILE = 'gateway.lock.owner.json';

/** Who holds a data directory, as its holder wrote it down. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO 8601 time the lock was taken. */
  since: string;
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Lets go of the directory (the OS would at exit anyway). Idempotent. */
  release(): void;
}

/**
 * Takes the data directory for this process, creating it when missing.
 * @throws StoreError DATA_DIR_LOCKED naming the directory and its holder; OPEN_FAILED otherwise.
 */
export function lockDataDir(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  let db: Database.Database;
  try {
    mkdirSync(dir, { recursive: true });
    // timeout 0: a held lock is an answer, not something to wait for.
    db = new Database(file, { timeout: 0 });
  } catch (error) {
    throw new StoreError(StoreErrorCodes.OPEN_FAILED, `cannot open ${file}: ${describe(error)}`, {
      cause: error,
    });
  }
  try {
    // Even setting the journal mode needs the file unlocked: SQLITE_BUSY here means held too.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (sqliteCode(error) !== 'SQLITE_BUSY') {
      throw new StoreError(StoreErrorCodes.OPEN_FAILED, `cannot lock ${file}: ${describe(error)}`, {
        cause: error,
      });
    }
    throw new StoreError(
      StoreErrorCodes.DATA_DIR_LOCKED,
      `the data directory ${dir} is in use by another gateway (${describeOwner(readOwner(dir))}); ` +
        'one gateway per data directory: stop that one or give this one another gateway.dataDir',
      { cause: error },
    );
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now().toISOString() };
  try {
    writeFileSync(join(dir, LOCK_OWNER_FILE), `${JSON.stringify(owner)}\n`);
  } catch {
    // Only the message of a gateway that loses to this one would miss it (e.g. on a full disk);
    // the lock itself holds regardless.
  }
  return {
    dataDir: dir,
    release() {
      if (db.open) db.close();
    },
  };
}

/** What the holder wrote, or null when the side file is missing or unreadable. */
export function readOwner(dataDir: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dataDir, LOCK_OWNER_FILE), 'utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host, since } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof since !== 'string') return null;
    return { pid, host, since };
  } catch {
    return null;
  }
}

function describeOwner(owner: LockOwner | null): string {
  return owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.since}` : 'holder unknown';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
