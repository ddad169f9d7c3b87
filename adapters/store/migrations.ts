/**
 * Schema migrations, applied in order inside one transaction each and recorded in the
 * `migrations` table. Never edit a released migration: add the next one.
 */
import type { Database } from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sambandstest runs and results',
    sql: `
      CREATE TABLE sambandstest_runs (
        id TEXT PRIMARY KEY,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'api')),
        schedule_id TEXT,
        requested_by TEXT,
        participants TEXT NOT NULL,
        paths TEXT NOT NULL,
        target_timeout_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'completed', 'interrupted')),
        started_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE INDEX sambandstest_runs_started ON sambandstest_runs (started_at);
      CREATE INDEX sambandstest_runs_state ON sambandstest_runs (state);
      CREATE TABLE sambandstest_results (
        run_id TEXT NOT NULL REFERENCES sambandstest_runs (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        participant_name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        path TEXT NOT NULL CHECK (path IN ('phone', 'radio', 'agent')),
        status TEXT NOT NULL CHECK (status IN ('ok', 'no-answer', 'failed', 'skipped')),
        time_to_answer_ms INTEGER,
        rssi_dbm REAL,
        mos REAL,
        fault TEXT,
        detail TEXT NOT NULL,
        comment TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, participant_id, path)
      );
    `,
  },
  {
    version: 2,
    name: 'conference states kept across restarts',
    sql: `
      CREATE TABLE conference_states (
        conference_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('idle', 'convening', 'active', 'ended')),
        since TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'host flags kept with the conference state',
    // JSON (PersistedHostFlags); NULL in rows written before: no flags set.
    sql: `
      ALTER TABLE conference_states ADD COLUMN host_json TEXT;
    `,
  },
  {
    version: 4,
    name: 'conference log: runs and their append-only entries',
    // Entries are never changed: the triggers refuse an UPDATE of an entry and a second end of a
    // run. Deleting is left to retention, which removes whole ended runs (entries cascade).
    sql: `
      CREATE TABLE conference_runs (
        run_id TEXT PRIMARY KEY,
        conference_id TEXT NOT NULL,
        conference_name TEXT NOT NULL,
        started_at TEXT NOT NULL,
        started_by TEXT,
        started_how TEXT NOT NULL CHECK (started_how IN ('convened', 'resumed')),
        ended_at TEXT,
        end_reason TEXT,
        roster_json TEXT NOT NULL,
        on_site_json TEXT
      );
      CREATE INDEX conference_runs_conference ON conference_runs (conference_id, started_at);
      CREATE INDEX conference_runs_open ON conference_runs (ended_at);
      CREATE TABLE conference_log (
        run_id TEXT NOT NULL REFERENCES conference_runs (run_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        entry_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TRIGGER conference_log_append_only BEFORE UPDATE ON conference_log
      BEGIN SELECT RAISE(ABORT, 'the conference log is append-only'); END;
      CREATE TRIGGER conference_runs_end_once BEFORE UPDATE ON conference_runs
      WHEN OLD.ended_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'an ended conference run is not changed'); END;
    `,
  },
  {
    version: 5,
    name: 'the roster and subject a conference was convened with',
    // JSON (PersistedRun); NULL in rows written before: the configured roster.
    sql: `
      ALTER TABLE conference_states ADD COLUMN run_json TEXT;
    `,
  },
  {
    version: 6,
    name: 'the carrier trunks at the start and end of a sambandstest run',
    // JSON (TrunkSnapshot); NULL at the start only in runs saved before, at the end until completed.
    sql: `
      ALTER TABLE sambandstest_runs ADD COLUMN trunks_at_start TEXT
        CHECK (trunks_at_start IS NULL OR json_valid(trunks_at_start));
      ALTER TABLE sambandstest_runs ADD COLUMN trunks_at_end TEXT
        CHECK (trunks_at_end IS NULL OR json_valid(trunks_at_end));
    `,
  },
];

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS version FROM migrations').get() as
    | { version: number | null }
    | undefined;
  const current = row?.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      StoreErrorCodes.NEWER_SCHEMA,
      `the database has schema version ${current}, newer than this gateway knows (${latest}); upgrade the gateway`,
    );
  }
  const record = db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      })();
    } catch (error) {
      throw new StoreError(
        StoreErrorCodes.MIGRATION_FAILED,
        `migration ${m.version} (${m.name}) failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    applied.push(m.version);
  }
  return applied;
}
