import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteConferenceStateStore } from '../../../adapters/store/conference-state-store.js';
import { databasePath } from '../../../adapters/store/database.js';
import { StoreErrorCodes } from '../../../adapters/store/errors.js';
import { MIGRATIONS, migrate } from '../../../adapters/store/migrations.js';
import { SqliteSambandstestStore } from '../../../adapters/store/sambandstest-store.js';
import {
  runConferenceStateStoreContract,
  someFlags,
  vk,
} from '../../contracts/conference-state-store.contract.js';
import { aRun } from '../../contracts/sambandstest-store.contract.js';
import { captureLogger } from '../../support/capture-logger.js';
import { testCore } from '../../support/core-fixture.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { ScriptedTelephony } from '../../support/scripted-ports.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samband-conf-store-'));
  dirs.push(dir);
  return join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database as a gateway of schema version `version` left it (only the migrations up to it). */
function databaseAtVersion(dir: string, version: number): Database.Database {
  mkdirSync(dir, { recursive: true });
  const db = new Database(databasePath(dir));
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}

runConferenceStateStoreContract('SqliteConferenceStateStore', async () => {
  const dir = dataDir();
  const opened = [SqliteConferenceStateStore.open(dir)];
  return {
    store: opened[0] as SqliteConferenceStateStore,
    // The first connection is left open, as a killed gateway leaves it.
    reopen: async () => {
      const again = SqliteConferenceStateStore.open(dir, { mustExist: true });
      opened.push(again);
      return again;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
    },
  };
});

describe('SqliteConferenceStateStore', () => {
  it('keeps the running conference across a reopen, next to the sambandstest data in the same file', async () => {
    const dir = dataDir();
    const tests = SqliteSambandstestStore.open(dir);
    await tests.saveRun(aRun('r1'));
    const first = SqliteConferenceStateStore.open(dir);
    await first.save(vk);
    // The first connection is left open, as a killed gateway leaves it.
    const again = SqliteConferenceStateStore.open(dir, { mustExist: true });
    expect(await again.load()).toEqual([vk]);
    await again.close();
    await first.close();
    await tests.close();
    const reopened = SqliteSambandstestStore.open(dir, { mustExist: true });
    expect((await reopened.getRun('r1'))?.run.id).toBe('r1');
    await reopened.close();
  });

  it('adds its table to a database made by the first schema version without touching its data', async () => {
    const dir = dataDir();
    const v1 = databaseAtVersion(dir, 1);
    v1.close();
    const tests = SqliteSambandstestStore.open(dir);
    await tests.saveRun(aRun('r1'));
    await tests.close();
    const store = SqliteConferenceStateStore.open(dir);
    await store.save({ ...vk, host: someFlags });
    expect(await store.load()).toEqual([{ ...vk, host: someFlags }]);
    await store.close();
    const reopened = SqliteSambandstestStore.open(dir);
    expect((await reopened.getRun('r1'))?.run.id).toBe('r1');
    await reopened.close();
  });

  it('migrates a database of schema version 2: its rows are kept, without host flags, and take flags after', async () => {
    const dir = dataDir();
    const v2 = databaseAtVersion(dir, 2);
    const insert = v2.prepare('INSERT INTO conference_states (conference_id, state, since) VALUES (?, ?, ?)');
    insert.run('vk', 'active', vk.since);
    insert.run('extra', 'ended', '2026-11-28T08:00:00.000Z');
    v2.close();

    const store = SqliteConferenceStateStore.open(dir);
    const rows = await store.load();
    expect(rows).toEqual([
      { conferenceId: 'extra', state: 'ended', since: '2026-11-28T08:00:00.000Z' },
      { conferenceId: 'vk', state: 'active', since: vk.since },
    ]);
    expect(rows.map((r) => 'host' in r)).toEqual([false, false]);
    await store.save({ ...vk, host: someFlags });
    expect((await store.load())[1]).toEqual({ ...vk, host: someFlags });
    await store.close();

    const db = new Database(databasePath(dir), { readonly: true });
    const versions = db.prepare('SELECT version FROM migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it.each([
    ['not JSON', '{locked: true'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a lock that is not a boolean', '{"locked":"yes","muted":[],"removed":[],"recording":null}'],
    ['mutes that are not ids', '{"locked":true,"muted":[1],"removed":[],"recording":null}'],
    ['no removals', '{"locked":true,"muted":[]}'],
    [
      'on-site marks that are not ids',
      '{"locked":true,"muted":[],"removed":[],"onSite":"kraft","recording":null}',
    ],
    [
      'a recording start that is not a time',
      '{"locked":true,"muted":[],"removed":[],"recording":{"file":"/rec/vk.wav","since":"soon"}}',
    ],
    [
      'a recording without a file',
      '{"locked":true,"muted":[],"removed":[],"recording":{"since":"2026-11-28T08:35:00Z"}}',
    ],
  ])('loads a row whose host flags are %s without flags, and says so', async (_what, hostJson) => {
    const dir = dataDir();
    const { logger, entries } = captureLogger();
    const store = SqliteConferenceStateStore.open(dir, { logger });
    await store.save({ conferenceId: 'other', state: 'active', since: vk.since, host: someFlags });
    const db = new Database(databasePath(dir));
    db.prepare('INSERT INTO conference_states VALUES (?, ?, ?, ?, NULL)').run(
      'vk',
      'active',
      vk.since,
      hostJson,
    );
    db.close();

    const rows = await store.load();
    expect(rows).toEqual([{ conferenceId: 'other', state: 'active', since: vk.since, host: someFlags }, vk]);
    expect(rows[1]?.host).toBeUndefined();
    expect(entries).toEqual([
      {
        level: 'warn',
        obj: { conferenceId: 'vk', code: StoreErrorCodes.DAMAGED, hostJson },
        msg: 'host flags of a kept conference cannot be read: loaded without flags',
      },
    ]);
    await store.close();
  });

  it('refuses a row with a state it does not know (SAMBAND_ERR_STORE_DAMAGED)', async () => {
    const dir = dataDir();
    const store = SqliteConferenceStateStore.open(dir);
    const db = new Database(databasePath(dir));
    db.pragma('ignore_check_constraints = ON');
    db.prepare('INSERT INTO conference_states VALUES (?, ?, ?, NULL, NULL)').run('vk', 'paused', vk.since);
    db.close();
    await expect(store.load()).rejects.toMatchObject({ code: StoreErrorCodes.DAMAGED });
    await store.close();
    await store.close();
  });

  it('keeps who the host marked on site across a gateway restart (a core on the SQLite store)', async () => {
    const dir = dataDir();
    const participants = ['polisen', 'kraft'].map((id, i) => ({
      id,
      name: id,
      organisation: id,
      phoneNumbers: [`+4670174060${i}`],
      priority: 1,
    }));
    const aCore = (store: SqliteConferenceStateStore) =>
      testCore({
        participants,
        telephony: new ScriptedTelephony(),
        clock: new FakeClock(),
        conferenceStore: store,
      });

    const first = SqliteConferenceStateStore.open(dir);
    const before = aCore(first);
    await before.start();
    await before.convene('vk', 'tib');
    await flushPromises();
    before.setOnSite('kraft', true, 'tib');
    expect(await before.stateSaved()).toBe(true);
    await before.close();
    await first.close();

    const second = SqliteConferenceStateStore.open(dir, { mustExist: true });
    const after = aCore(second);
    await after.start();
    const kraft = after.conference('vk').members.find((m) => m.participantId === 'kraft');
    expect(kraft).toMatchObject({ onSite: true, activePath: 'none' });
    expect(after.rollCall('vk').counts).toMatchObject({ in: 1, onSite: 1 });
    await after.close();
    await second.close();
  });
});
