/**
 * The conference state store on SQLite: one row per conference, in the gateway's database
 * (`<dataDir>/samband.db`, its own connection; WAL lets it share the file with the sambandstest store).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ConferenceStateStore, PersistedConference } from '../../bridge/conference-store.js';
import { CONFERENCE_STATES, type ConferenceState } from '../../bridge/model.js';
import { databasePath, type OpenOptions, openDatabase } from './database.js';
import { StoreError, StoreErrorCodes } from './errors.js';

interface StateRow {
  conference_id: string;
  state: string;
  since: string;
}

export class SqliteConferenceStateStore implements ConferenceStateStore {
  readonly #db: Database;
  readonly #s: Record<'load' | 'save' | 'clear', Statement>;

  /** Opens (creating on first use) `<dataDir>/samband.db`. */
  static open(dataDir: string, options?: OpenOptions): SqliteConferenceStateStore {
    return new SqliteConferenceStateStore(openDatabase(databasePath(dataDir), options));
  }

  constructor(db: Database) {
    this.#db = db;
    this.#s = {
      load: db.prepare('SELECT conference_id, state, since FROM conference_states ORDER BY conference_id'),
      save: db.prepare(
        `INSERT INTO conference_states (conference_id, state, since) VALUES (@conference_id, @state, @since)
         ON CONFLICT (conference_id) DO UPDATE SET state = excluded.state, since = excluded.since`,
      ),
      clear: db.prepare('DELETE FROM conference_states WHERE conference_id = ?'),
    };
  }

  async load(): Promise<PersistedConference[]> {
    return (this.#s.load.all() as StateRow[]).map((row) => ({
      conferenceId: row.conference_id,
      state: conferenceState(row.state),
      since: row.since,
    }));
  }

  async save(conference: PersistedConference): Promise<void> {
    this.#s.save.run({
      conference_id: conference.conferenceId,
      state: conference.state,
      since: conference.since,
    });
  }

  async clear(conferenceId: string): Promise<void> {
    this.#s.clear.run(conferenceId);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** The column is CHECK-constrained; another value means a newer writer or a damaged file. */
function conferenceState(value: string): ConferenceState {
  const state = CONFERENCE_STATES.find((s) => s === value);
  if (state === undefined) {
    throw new StoreError(StoreErrorCodes.DAMAGED, `unexpected conference state "${value}" in the database`);
  }
  return state;
}
