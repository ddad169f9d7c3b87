/** The sambandstest store on SQLite (better-sqlite3): prepared statements, one row per result. */
import { LINK_PATHS, type LinkPath } from '../../bridge/model.js';
import {
  DuplicateRunError,
  ResultNotFoundError,
  RunNotFoundError,
} from '../../bridge/sambandstest/errors.js';
import {
  FAULT_CODES,
  type FaultCode,
  RESULT_STATUSES,
  RUN_STATES,
  RUN_TRIGGERS,
  type RunRecord,
  type SambandstestRun,
  type TargetResult,
  type TrunkSnapshot,
} from '../../bridge/sambandstest/model.js';
import {
  DEFAULT_LIST_LIMIT,
  type ListRunsOptions,
  type SambandstestStore,
} from '../../bridge/sambandstest/store.js';
import { TRUNK_REGISTRATIONS, TRUNK_STATES } from '../../bridge/trunk-status.js';
import { StoreConnection } from './connection.js';
import { databasePath, type OpenOptions } from './database.js';
import { sqliteCode } from './errors.js';

interface RunRow {
  id: string;
  trigger: string;
  schedule_id: string | null;
  requested_by: string | null;
  participants: string;
  paths: string;
  target_timeout_ms: number;
  state: string;
  started_at: string;
  ended_at: string | null;
  trunks_at_start: string | null;
  trunks_at_end: string | null;
}

interface ResultRow {
  run_id: string;
  participant_id: string;
  participant_name: string;
  organisation: string;
  path: string;
  status: string;
  time_to_answer_ms: number | null;
  rssi_dbm: number | null;
  mos: number | null;
  fault: string | null;
  detail: string;
  comment: string | null;
  at: string;
}

const RESULT_COLUMNS =
  'run_id, participant_id, participant_name, organisation, path, status, time_to_answer_ms, rssi_dbm, mos, fault, detail, comment, at';

const SQL = {
  insertRun: `INSERT INTO sambandstest_runs (id, trigger, schedule_id, requested_by, participants, paths, target_timeout_ms, state, started_at, ended_at, trunks_at_start, trunks_at_end)
         VALUES (@id, @trigger, @schedule_id, @requested_by, @participants, @paths, @target_timeout_ms, @state, @started_at, @ended_at, @trunks_at_start, @trunks_at_end)`,
  upsertResult: `INSERT INTO sambandstest_results (${RESULT_COLUMNS})
         VALUES (@run_id, @participant_id, @participant_name, @organisation, @path, @status, @time_to_answer_ms, @rssi_dbm, @mos, @fault, @detail, @comment, @at)
         ON CONFLICT (run_id, participant_id, path) DO UPDATE SET
           participant_name = excluded.participant_name, organisation = excluded.organisation,
           status = excluded.status, time_to_answer_ms = excluded.time_to_answer_ms,
           rssi_dbm = excluded.rssi_dbm, mos = excluded.mos, fault = excluded.fault,
           detail = excluded.detail, comment = excluded.comment, at = excluded.at`,
  complete: `UPDATE sambandstest_runs SET state = 'completed', ended_at = ?, trunks_at_end = ? WHERE id = ?`,
  interrupt: `UPDATE sambandstest_runs SET state = 'interrupted', ended_at = ? WHERE state = 'running' RETURNING id`,
  list: 'SELECT * FROM sambandstest_runs ORDER BY started_at DESC, id DESC LIMIT ?',
  run: 'SELECT * FROM sambandstest_runs WHERE id = ?',
  results: `SELECT ${RESULT_COLUMNS} FROM sambandstest_results WHERE run_id = ? ORDER BY rowid`,
  comment: `UPDATE sambandstest_results SET comment = ? WHERE run_id = ? AND participant_id = ? AND path = ? RETURNING ${RESULT_COLUMNS}`,
} as const;

export class SqliteSambandstestStore implements SambandstestStore {
  readonly #c: StoreConnection;

  /** Opens (creating on first use) `<dataDir>/samband.db`; on a full disk, on first use instead. */
  static open(dataDir: string, options?: OpenOptions): SqliteSambandstestStore {
    return new SqliteSambandstestStore(StoreConnection.open(databasePath(dataDir), options));
  }

  constructor(connection: StoreConnection) {
    this.#c = connection;
  }

  async saveRun(run: SambandstestRun): Promise<void> {
    try {
      this.#c.statement(SQL.insertRun).run({
        id: run.id,
        trigger: run.trigger,
        schedule_id: run.scheduleId,
        requested_by: run.requestedBy,
        participants: JSON.stringify(run.scope.participants),
        paths: JSON.stringify(run.scope.paths),
        target_timeout_ms: run.targetTimeoutMs,
        state: run.state,
        started_at: run.startedAt,
        ended_at: run.endedAt,
        trunks_at_start: snapshotJson(run.trunksAtStart),
        trunks_at_end: snapshotJson(run.trunksAtEnd),
      });
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateRunError(run.id);
      throw error;
    }
  }

  async saveResult(r: TargetResult): Promise<void> {
    try {
      this.#c.statement(SQL.upsertResult).run({
        run_id: r.runId,
        participant_id: r.participantId,
        participant_name: r.participantName,
        organisation: r.organisation,
        path: r.path,
        status: r.status,
        time_to_answer_ms: r.timeToAnswerMs,
        rssi_dbm: r.rssiDbm,
        mos: r.mos,
        fault: r.fault,
        detail: r.detail,
        comment: r.comment,
        at: r.at,
      });
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new RunNotFoundError(r.runId);
      throw error;
    }
  }

  async completeRun(runId: string, endedAt: string, trunksAtEnd: TrunkSnapshot): Promise<void> {
    const changes = this.#c.statement(SQL.complete).run(endedAt, snapshotJson(trunksAtEnd), runId).changes;
    if (changes === 0) throw new RunNotFoundError(runId);
  }

  async markInterrupted(endedAt: string): Promise<string[]> {
    return (this.#c.statement(SQL.interrupt).all(endedAt) as { id: string }[]).map((r) => r.id);
  }

  async listRuns(options: ListRunsOptions = {}): Promise<SambandstestRun[]> {
    return (this.#c.statement(SQL.list).all(options.limit ?? DEFAULT_LIST_LIMIT) as RunRow[]).map(toRun);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const read = this.#c.db().transaction(() => {
      const row = this.#c.statement(SQL.run).get(runId) as RunRow | undefined;
      if (!row) return null;
      return {
        run: toRun(row),
        results: (this.#c.statement(SQL.results).all(runId) as ResultRow[]).map(toResult),
      };
    });
    return read();
  }

  async setComment(
    runId: string,
    participantId: string,
    path: LinkPath,
    comment: string | null,
  ): Promise<TargetResult> {
    const row = this.#c.statement(SQL.comment).get(comment, runId, participantId, path) as
      | ResultRow
      | undefined;
    if (row) return toResult(row);
    if (!this.#c.statement(SQL.run).get(runId)) throw new RunNotFoundError(runId);
    throw new ResultNotFoundError(runId, participantId, path);
  }

  async close(): Promise<void> {
    this.#c.close();
  }
}

function toRun(row: RunRow): SambandstestRun {
  return {
    id: row.id,
    trigger: oneOf(RUN_TRIGGERS, row.trigger, 'trigger'),
    scheduleId: row.schedule_id,
    requestedBy: row.requested_by,
    scope: {
      participants: JSON.parse(row.participants) as string[],
      paths: (JSON.parse(row.paths) as string[]).map((p) => oneOf(LINK_PATHS, p, 'path')),
    },
    targetTimeoutMs: row.target_timeout_ms,
    state: oneOf(RUN_STATES, row.state, 'state'),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    trunksAtStart: toSnapshot(row.trunks_at_start),
    trunksAtEnd: toSnapshot(row.trunks_at_end),
  };
}

function snapshotJson(snapshot: TrunkSnapshot | null): string | null {
  return snapshot === null ? null : JSON.stringify(snapshot);
}

/** Written by this store only; a shape it did not write means a newer writer or a damaged file. */
function toSnapshot(json: string | null): TrunkSnapshot | null {
  if (json === null) return null;
  const value = JSON.parse(json) as Partial<TrunkSnapshot> | null;
  if (
    typeof value?.at !== 'string' ||
    typeof value.usable !== 'boolean' ||
    !Array.isArray(value.trunks) ||
    !value.trunks.every(
      (t) =>
        typeof t?.id === 'string' &&
        (TRUNK_STATES as readonly string[]).includes(t.state) &&
        TRUNK_REGISTRATIONS.includes(t.registration) &&
        typeof t.since === 'string' &&
        typeof t.reason === 'string' &&
        (t.rttMs === null || typeof t.rttMs === 'number'),
    )
  ) {
    throw new RangeError(`unexpected trunk snapshot ${json.slice(0, 200)} in the database`);
  }
  return value as TrunkSnapshot;
}

function toResult(row: ResultRow): TargetResult {
  return {
    runId: row.run_id,
    participantId: row.participant_id,
    participantName: row.participant_name,
    organisation: row.organisation,
    path: oneOf(LINK_PATHS, row.path, 'path'),
    status: oneOf(RESULT_STATUSES, row.status, 'status'),
    timeToAnswerMs: row.time_to_answer_ms,
    rssiDbm: row.rssi_dbm,
    mos: row.mos,
    fault: row.fault === null ? null : (oneOf(FAULT_CODES, row.fault, 'fault') satisfies FaultCode),
    detail: row.detail,
    comment: row.comment,
    at: row.at,
  };
}

/** Columns are CHECK-constrained; a value outside the set means a newer writer or a damaged file. */
function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RangeError(`unexpected ${what} "${value}" in the database`);
}
