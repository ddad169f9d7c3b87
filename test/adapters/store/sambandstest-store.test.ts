import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../adapters/store/database.js';
import { StoreErrorCodes } from '../../../adapters/store/errors.js';
import { MIGRATIONS, migrate } from '../../../adapters/store/migrations.js';
import { SqliteSambandstestStore } from '../../../adapters/store/sambandstest-store.js';
import type { SambandstestStore } from '../../../bridge/sambandstest/store.js';
import {
  aResult,
  aRun,
  aTrunkSnapshot,
  runSambandstestStoreContract,
} from '../../contracts/sambandstest-store.contract.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samband-store-'));
  dirs.push(dir);
  return join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runSambandstestStoreContract('SqliteSambandstestStore', async () => {
  const dir = dataDir();
  const opened: SambandstestStore[] = [SqliteSambandstestStore.open(dir)];
  return {
    store: opened[0] as SambandstestStore,
    // The first connection is left open, as a process killed mid-run would leave its file.
    reopen: async () => {
      const again = SqliteSambandstestStore.open(dir);
      opened.push(again);
      return again;
    },
    dispose: async () => {
      for (const s of opened) await s.close();
    },
  };
});

describe('SQLite database', () => {
  it('is created on first start under the data directory, in WAL mode, with its migrations recorded', async () => {
    const dir = dataDir();
    const store = SqliteSambandstestStore.open(dir);
    await store.close();
    const db = new Database(databasePath(dir), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = db.prepare('SELECT version FROM migrations ORDER BY version').all() as {
        version: number;
      }[];
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      db.close();
    }
  });

  it('applies no migration twice when opened again, and keeps the data', async () => {
    const dir = dataDir();
    const first = SqliteSambandstestStore.open(dir);
    await first.saveRun(aRun('r1'));
    await first.saveResult(aResult('r1', 'polisen', 'phone'));
    await first.completeRun('r1', '2026-03-02T08:30:20.000Z', aTrunkSnapshot('2026-03-02T08:30:20.000Z'));
    await first.close();
    const second = SqliteSambandstestStore.open(dir, { mustExist: true });
    expect((await second.getRun('r1'))?.results).toHaveLength(1);
    await second.close();
  });

  it('refuses to create a database when one must exist (the CLI reading a report)', () => {
    expect(() => SqliteSambandstestStore.open(dataDir(), { mustExist: true })).toThrow(
      expect.objectContaining({ code: StoreErrorCodes.MISSING }),
    );
  });

  it('refuses a database written by a newer schema', () => {
    const dir = dataDir();
    openDatabase(databasePath(dir)).close();
    const db = new Database(databasePath(dir));
    db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (99, ?, ?)').run('future', 'now');
    db.close();
    expect(() => openDatabase(databasePath(dir))).toThrow(
      expect.objectContaining({ code: StoreErrorCodes.NEWER_SCHEMA }),
    );
  });

  it('keeps runs saved before trunk state was recorded (migration 6): their trunks read as not recorded', async () => {
    const dir = dataDir();
    // A database of schema 5, with a run written as that gateway wrote it.
    const file = databasePath(dir);
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    old
      .prepare(
        `INSERT INTO sambandstest_runs (id, trigger, participants, paths, target_timeout_ms, state, started_at, ended_at)
         VALUES ('old', 'schedule', '["polisen"]', '["phone"]', 20000, 'completed', '2026-03-01T08:30:00.000Z', '2026-03-01T08:30:20.000Z')`,
      )
      .run();
    old.close();

    const store = SqliteSambandstestStore.open(dir, { mustExist: true });
    try {
      expect((await store.getRun('old'))?.run).toMatchObject({
        id: 'old',
        trunksAtStart: null,
        trunksAtEnd: null,
      });
      await store.saveRun(aRun('new'));
      expect((await store.getRun('new'))?.run.trunksAtStart).toEqual(
        aTrunkSnapshot('2026-03-02T08:30:00.000Z'),
      );
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    const versions = db.prepare('SELECT version FROM migrations ORDER BY version').all() as {
      version: number;
    }[];
    db.close();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses trunk state that is not JSON, and says which run holds trunk state it does not know', async () => {
    const dir = dataDir();
    const store = SqliteSambandstestStore.open(dir);
    await store.saveRun(aRun('r1'));
    const db = new Database(databasePath(dir));
    try {
      expect(() =>
        db.prepare(`UPDATE sambandstest_runs SET trunks_at_end = 'not json' WHERE id = 'r1'`).run(),
      ).toThrow(/CHECK constraint failed/);
      db.prepare(
        `UPDATE sambandstest_runs SET trunks_at_end = '{"at":"x","usable":true,"trunks":[{"id":"t","state":"sideways"}]}' WHERE id = 'r1'`,
      ).run();
    } finally {
      db.close();
    }
    await expect(store.getRun('r1')).rejects.toThrow(
      /unexpected trunk snapshot .*sideways.* in the database/,
    );
    await store.close();
  });

  it('closing twice is harmless', async () => {
    const store = SqliteSambandstestStore.open(dataDir());
    await store.close();
    await store.close();
  });
});
