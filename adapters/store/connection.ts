/**
 * A connection to the gateway's database that a full disk cannot keep from starting. SQLite in
 * WAL mode needs room for its `-shm` index just to open the file, so on a full disk opening
 * fails (SQLITE_IOERR_SHMSIZE, SQLITE_FULL); the gateway must still start and say so. Such a
 * connection starts closed and opens on the next use instead: until then each use throws
 * StoreError UNAVAILABLE, which the retrying writers hold and retry like any refused write.
 * Any other failure to open (a newer schema, a damaged file, no permission) still stops the start.
 */
import type { Database, Statement } from 'better-sqlite3';
import { StorageUnavailableError } from '../../bridge/errors.js';
import { type OpenOptions, openDatabase } from './database.js';
import { StoreErrorCodes, sqliteCode } from './errors.js';

/** SQLite's and the OS's ways of saying there is no room (checked on this machine's tmpfs). */
const NO_ROOM = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_WRITE', 'ENOSPC']);

export function isNoRoom(error: unknown): boolean {
  let e: unknown = error;
  while (e) {
    const code = sqliteCode(e);
    if (code !== null && NO_ROOM.has(code)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

export class StoreConnection {
  readonly #file: string;
  readonly #options: OpenOptions;
  #db: Database | null = null;
  #statements = new Map<string, Statement>();
  #closed = false;

  /**
   * Opens `file` now; on a disk with no room, returns a connection that opens on first use.
   * @throws StoreError for every other failure to open
   */
  static open(file: string, options: OpenOptions = {}): StoreConnection {
    const connection = new StoreConnection(file, options);
    try {
      connection.db();
    } catch (error) {
      if (!isNoRoom(error)) throw error;
    }
    return connection;
  }

  constructor(file: string, options: OpenOptions = {}) {
    this.#file = file;
    this.#options = options;
  }

  /** True once the database is open. */
  get isOpen(): boolean {
    return this.#db?.open === true;
  }

  /** @throws StoreError UNAVAILABLE while it cannot be opened; the open error otherwise */
  db(): Database {
    if (this.#db?.open) return this.#db;
    if (this.#closed)
      throw new StorageUnavailableError(StoreErrorCodes.UNAVAILABLE, `${this.#file} is closed`);
    try {
      this.#db = openDatabase(this.#file, this.#options);
    } catch (error) {
      if (!isNoRoom(error)) throw error;
      throw new StorageUnavailableError(
        StoreErrorCodes.UNAVAILABLE,
        `cannot open ${this.#file}: no room on its disk (${describe(error)})`,
        { cause: error },
      );
    }
    this.#statements = new Map();
    return this.#db;
  }

  /** The statement for `sql`, prepared once per opened database. */
  statement(sql: string): Statement {
    const db = this.db();
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#closed = true;
    if (this.#db?.open) this.#db.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
