/**
 * The conference state store on SQLite: one row per conference, in the gateway's database
 * (`<dataDir>/samband.db`, its own connection; WAL lets it share the file with the sambandstest store).
 * The host's flags are one JSON column (`host_json`, NULL in rows from before they were kept).
 */
import type {
  ConferenceStateStore,
  PersistedConference,
  PersistedHostFlags,
  PersistedRun,
} from '../../bridge/conference-store.js';
import { CONFERENCE_STATES, type ConferenceState } from '../../bridge/model.js';
import { nullLogger } from '../../bridge/null-logger.js';
import type { Logger } from '../../bridge/ports.js';
import { StoreConnection } from './connection.js';
import { databasePath, type OpenOptions } from './database.js';
import { StoreError, StoreErrorCodes } from './errors.js';

interface StateRow {
  conference_id: string;
  state: string;
  since: string;
  host_json: string | null;
  run_json: string | null;
}

export interface ConferenceStateStoreOptions {
  /** Told about rows whose host flags cannot be read (they load without flags). */
  logger?: Logger;
}

const SQL = {
  load: 'SELECT conference_id, state, since, host_json, run_json FROM conference_states ORDER BY conference_id',
  save: `INSERT INTO conference_states (conference_id, state, since, host_json, run_json)
         VALUES (@conference_id, @state, @since, @host_json, @run_json)
         ON CONFLICT (conference_id) DO UPDATE
         SET state = excluded.state, since = excluded.since, host_json = excluded.host_json,
             run_json = excluded.run_json`,
  clear: 'DELETE FROM conference_states WHERE conference_id = ?',
} as const;

export class SqliteConferenceStateStore implements ConferenceStateStore {
  readonly #c: StoreConnection;
  readonly #logger: Logger;

  /** Opens (creating on first use) `<dataDir>/samband.db`; on a full disk, on first use instead. */
  static open(
    dataDir: string,
    options: OpenOptions & ConferenceStateStoreOptions = {},
  ): SqliteConferenceStateStore {
    return new SqliteConferenceStateStore(StoreConnection.open(databasePath(dataDir), options), options);
  }

  constructor(connection: StoreConnection, options: ConferenceStateStoreOptions = {}) {
    this.#c = connection;
    this.#logger = options.logger ?? nullLogger;
  }

  async load(): Promise<PersistedConference[]> {
    return (this.#c.statement(SQL.load).all() as StateRow[]).map((row) => {
      const conference: PersistedConference = {
        conferenceId: row.conference_id,
        state: conferenceState(row.state),
        since: row.since,
      };
      const host = this.#hostFlags(row);
      if (host) conference.host = host;
      const run = this.#run(row);
      if (run) conference.run = run;
      return conference;
    });
  }

  async save(conference: PersistedConference): Promise<void> {
    this.#c.statement(SQL.save).run({
      conference_id: conference.conferenceId,
      state: conference.state,
      since: conference.since,
      host_json: conference.host ? JSON.stringify(conference.host) : null,
      run_json: conference.run ? JSON.stringify(conference.run) : null,
    });
  }

  async clear(conferenceId: string): Promise<void> {
    this.#c.statement(SQL.clear).run(conferenceId);
  }

  async close(): Promise<void> {
    this.#c.close();
  }

  /** A run that cannot be read costs only the selection: the conference resumes with its configured roster. */
  #run(row: StateRow): PersistedRun | undefined {
    return this.#column(
      row,
      row.run_json,
      persistedRun,
      'runJson',
      'roster of a kept conference cannot be read: resumed with its configured roster',
    );
  }

  /**
   * Flags that cannot be read (a damaged file, a newer writer) cost only the flags, not the
   * conference: it still resumes, as a conference with no flags set.
   */
  #hostFlags(row: StateRow): PersistedHostFlags | undefined {
    return this.#column(
      row,
      row.host_json,
      hostFlags,
      'hostJson',
      'host flags of a kept conference cannot be read: loaded without flags',
    );
  }

  /** A JSON column read with `parse`; unreadable JSON is logged (under `key`) and read as absent. */
  #column<T>(
    row: StateRow,
    json: string | null,
    parse: (value: unknown) => T | undefined,
    key: string,
    message: string,
  ): T | undefined {
    if (json === null) return undefined;
    let value: T | undefined;
    try {
      value = parse(JSON.parse(json));
    } catch {
      value = undefined;
    }
    if (value === undefined) {
      this.#logger.warn(
        { conferenceId: row.conference_id, code: StoreErrorCodes.DAMAGED, [key]: json.slice(0, 200) },
        message,
      );
    }
    return value;
  }
}

/** The run in a parsed `run_json`, or undefined when it is not PersistedRun. */
function persistedRun(value: unknown): PersistedRun | undefined {
  if (!isObject(value)) return undefined;
  const { roster, subject } = value;
  if (!isStringArray(roster) || !(subject === null || typeof subject === 'string')) return undefined;
  return { roster, subject };
}

/** The column is CHECK-constrained; another value means a newer writer or a damaged file. */
function conferenceState(value: string): ConferenceState {
  const state = CONFERENCE_STATES.find((s) => s === value);
  if (state === undefined) {
    throw new StoreError(StoreErrorCodes.DAMAGED, `unexpected conference state "${value}" in the database`);
  }
  return state;
}

/** The flags in a parsed `host_json`, or undefined when it is not PersistedHostFlags. */
function hostFlags(value: unknown): PersistedHostFlags | undefined {
  if (!isObject(value)) return undefined;
  const { locked, muted, removed, recording, onSite } = value;
  if (typeof locked !== 'boolean' || !isStringArray(muted) || !isStringArray(removed)) return undefined;
  // Absent: nobody on site (and every row from before the flag was kept).
  if (onSite !== undefined && !isStringArray(onSite)) return undefined;
  const flags = { locked, muted, removed, ...(onSite ? { onSite } : {}) };
  if (recording === null) return { ...flags, recording: null };
  if (!isObject(recording)) return undefined;
  const { file, since } = recording;
  if (
    typeof file !== 'string' ||
    file === '' ||
    typeof since !== 'string' ||
    Number.isNaN(Date.parse(since))
  ) {
    return undefined;
  }
  return { ...flags, recording: { file, since } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
