import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteConferenceStateStore } from '../../../adapters/store/conference-state-store.js';
import { databasePath } from '../../../adapters/store/database.js';
import { StoreErrorCodes } from '../../../adapters/store/errors.js';
import { SqliteSambandstestStore } from '../../../adapters/store/sambandstest-store.js';
import { InMemoryConferenceStateStore } from '../../../bridge/conference-store.js';
import { aRun } from '../../contracts/sambandstest-store.contract.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samband-conf-store-'));
  dirs.push(dir);
  return join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const vk = { conferenceId: 'vk', state: 'active' as const, since: '2026-11-28T08:30:00.000Z' };

describe.each([
  ['in memory', () => new InMemoryConferenceStateStore()],
  ['SQLite', () => SqliteConferenceStateStore.open(dataDir())],
])('conference state store (%s)', (_name, make) => {
  it('saves, replaces and clears one row per conference', async () => {
    const store = make();
    expect(await store.load()).toEqual([]);
    await store.save({ ...vk, state: 'convening' });
    await store.save(vk);
    await store.save({ conferenceId: 'extra', state: 'ended', since: '2026-11-28T08:00:00.000Z' });
    expect((await store.load()).sort((a, b) => a.conferenceId.localeCompare(b.conferenceId))).toEqual([
      { conferenceId: 'extra', state: 'ended', since: '2026-11-28T08:00:00.000Z' },
      vk,
    ]);
    await store.clear('extra');
    await store.clear('never-saved');
    expect(await store.load()).toEqual([vk]);
    if (store instanceof SqliteConferenceStateStore) await store.close();
  });
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
    const tests = SqliteSambandstestStore.open(dir);
    await tests.saveRun(aRun('r1'));
    await tests.close();
    const db = new Database(databasePath(dir));
    db.exec('DROP TABLE conference_states; DELETE FROM migrations WHERE version = 2;');
    db.close();
    const store = SqliteConferenceStateStore.open(dir);
    await store.save(vk);
    expect(await store.load()).toEqual([vk]);
    await store.close();
    const reopened = SqliteSambandstestStore.open(dir);
    expect((await reopened.getRun('r1'))?.run.id).toBe('r1');
    await reopened.close();
  });

  it('refuses a row with a state it does not know (SAMBAND_ERR_STORE_DAMAGED)', async () => {
    const dir = dataDir();
    const store = SqliteConferenceStateStore.open(dir);
    const db = new Database(databasePath(dir));
    db.pragma('ignore_check_constraints = ON');
    db.prepare('INSERT INTO conference_states VALUES (?, ?, ?)').run('vk', 'paused', vk.since);
    db.close();
    await expect(store.load()).rejects.toMatchObject({ code: StoreErrorCodes.DAMAGED });
    await store.close();
    await store.close();
  });
});
