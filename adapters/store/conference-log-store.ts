/**
 * The conference log on SQLite (migration 4): one row per run in `conference_runs`, one row per
 * entry in `conference_log`, numbered per run by the insert itself so that two writers cannot
 * interleave numbers. Triggers keep it append-only (see the migration).
 */
import { RunEndedError, RunExistsError, UnknownRunError } from '../../bridge/conference-log/errors.js';
import type {
  ConferenceRun,
  LogEntry,
  NewLogEntry,
  OnSitePlace,
  RosterMember,
} from '../../bridge/conference-log/model.js';
import type { ConferenceLogStore, ListConferenceRunsOptions } from '../../bridge/conference-log/store.js';
import { StoreConnection } from './connection.js';
import { databasePath, type OpenOptions } from './database.js';
import { StoreError, StoreErrorCodes, sqliteCode } from './errors.js';

interface RunRow {
  run_id: string;
  conference_id: string;
  conference_name: string;
  started_at: string;
  started_by: string | null;
  started_how: string;
  ended_at: string | null;
  end_reason: string | null;
  roster_json: string;
  on_site_json: string | null;
}

const RUN_COLUMNS =
  'run_id, conference_id, conference_name, started_at, started_by, started_how, ended_at, end_reason, roster_json, on_site_json';

const SQL = {
  start: `INSERT INTO conference_runs (${RUN_COLUMNS})
          VALUES (@run_id, @conference_id, @conference_name, @started_at, @started_by, @started_how,
                  NULL, NULL, @roster_json, @on_site_json)`,
  runState: 'SELECT ended_at FROM conference_runs WHERE run_id = ?',
  append: `INSERT INTO conference_log (run_id, seq, at, kind, entry_json)
           VALUES (@run_id,
                   (SELECT COALESCE(MAX(seq), 0) + 1 FROM conference_log WHERE run_id = @run_id),
                   @at, @kind, @entry_json)`,
  end: 'UPDATE conference_runs SET ended_at = ?, end_reason = ? WHERE run_id = ? AND ended_at IS NULL',
  open: `SELECT ${RUN_COLUMNS} FROM conference_runs WHERE ended_at IS NULL ORDER BY started_at, run_id`,
  list: `SELECT ${RUN_COLUMNS} FROM conference_runs WHERE conference_id = ?
         ORDER BY started_at DESC, run_id DESC LIMIT ?`,
  get: `SELECT ${RUN_COLUMNS} FROM conference_runs WHERE run_id = ?`,
  entries: 'SELECT seq, entry_json FROM conference_log WHERE run_id = ? ORDER BY seq',
  prune: 'DELETE FROM conference_runs WHERE ended_at IS NOT NULL AND ended_at < ?',
} as const;

export class SqliteConferenceLogStore implements ConferenceLogStore {
  readonly #c: StoreConnection;

  /**
   * Opens (creating on first use) `<dataDir>/samband.db`; on a full disk, on first use instead.
   * Commits do not wait for the disk and do not checkpoint (synchronous NORMAL, see OpenOptions):
   * measured on this machine (bench/conference-log.bench.ts), waiting for the disk put one append
   * at ~0.8 ms median and ~8 ms p99, past the 1 ms budget; a run's end checkpoints instead.
   */
  static open(dataDir: string, options: OpenOptions = {}): SqliteConferenceLogStore {
    return new SqliteConferenceLogStore(
      StoreConnection.open(databasePath(dataDir), { synchronous: 'NORMAL', ...options }),
    );
  }

  constructor(connection: StoreConnection) {
    this.#c = connection;
  }

  async startRun(run: ConferenceRun): Promise<void> {
    try {
      this.#c.statement(SQL.start).run({
        run_id: run.runId,
        conference_id: run.conferenceId,
        conference_name: run.conferenceName,
        started_at: run.startedAt,
        started_by: run.startedBy,
        started_how: run.startedHow,
        roster_json: JSON.stringify(run.roster),
        on_site_json: run.onSite ? JSON.stringify(run.onSite) : null,
      });
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new RunExistsError(run.runId);
      throw error;
    }
  }

  async append(runId: string, entry: NewLogEntry): Promise<void> {
    this.#requireOpen(runId);
    this.#c.statement(SQL.append).run({
      run_id: runId,
      at: entry.at,
      kind: entry.kind,
      entry_json: JSON.stringify(entry),
    });
  }

  async endRun(runId: string, endedAt: string, reason: string): Promise<void> {
    this.#requireOpen(runId);
    this.#c.statement(SQL.end).run(endedAt, reason, runId);
    // The conference is over: the moment to move the WAL into the database, which appends never
    // do themselves (see open). PASSIVE: never waits for a reader such as the CLI.
    this.#c.db().pragma('wal_checkpoint(PASSIVE)');
  }

  async openRuns(): Promise<ConferenceRun[]> {
    return (this.#c.statement(SQL.open).all() as RunRow[]).map(runOf);
  }

  async listRuns(conferenceId: string, options: ListConferenceRunsOptions = {}): Promise<ConferenceRun[]> {
    // SQLite: a negative LIMIT is no limit.
    return (this.#c.statement(SQL.list).all(conferenceId, options.limit ?? -1) as RunRow[]).map(runOf);
  }

  async getRun(runId: string): Promise<ConferenceRun | null> {
    const row = this.#c.statement(SQL.get).get(runId) as RunRow | undefined;
    return row ? runOf(row) : null;
  }

  async entries(runId: string): Promise<LogEntry[]> {
    if (!this.#c.statement(SQL.runState).get(runId)) throw new UnknownRunError(runId);
    const rows = this.#c.statement(SQL.entries).all(runId) as { seq: number; entry_json: string }[];
    return rows.map((row) => ({ ...(parse(row.entry_json, runId) as NewLogEntry), seq: row.seq }));
  }

  async pruneEndedBefore(at: string): Promise<number> {
    return this.#c.statement(SQL.prune).run(at).changes;
  }

  async close(): Promise<void> {
    this.#c.close();
  }

  #requireOpen(runId: string): void {
    const row = this.#c.statement(SQL.runState).get(runId) as { ended_at: string | null } | undefined;
    if (!row) throw new UnknownRunError(runId);
    if (row.ended_at !== null) throw new RunEndedError(runId);
  }
}

function runOf(row: RunRow): ConferenceRun {
  if (row.started_how !== 'convened' && row.started_how !== 'resumed') {
    throw new StoreError(
      StoreErrorCodes.DAMAGED,
      `unexpected run start "${row.started_how}" in the database`,
    );
  }
  return {
    runId: row.run_id,
    conferenceId: row.conference_id,
    conferenceName: row.conference_name,
    startedAt: row.started_at,
    startedBy: row.started_by,
    startedHow: row.started_how,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    roster: parse(row.roster_json, row.run_id) as RosterMember[],
    onSite: row.on_site_json === null ? null : (parse(row.on_site_json, row.run_id) as OnSitePlace),
  };
}

function parse(json: string, runId: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new StoreError(StoreErrorCodes.DAMAGED, `conference run ${runId}: unreadable JSON in the log`, {
      cause: error,
    });
  }
}
