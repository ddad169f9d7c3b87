import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteConferenceLogStore } from '../../../adapters/store/conference-log-store.js';
import { SqliteConferenceStateStore } from '../../../adapters/store/conference-state-store.js';
import { databasePath } from '../../../adapters/store/database.js';
import { MIGRATIONS, migrate } from '../../../adapters/store/migrations.js';
import {
  aConferenceRun,
  runConferenceLogStoreContract,
} from '../../contracts/conference-log-store.contract.js';
import { vk } from '../../contracts/conference-state-store.contract.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samband-conf-log-'));
  dirs.push(dir);
  return join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runConferenceLogStoreContract('SqliteConferenceLogStore', async () => {
  const dir = dataDir();
  const opened = [SqliteConferenceLogStore.open(dir)];
  return {
    store: opened[0] as SqliteConferenceLogStore,
    reopen: async () => {
      const again = SqliteConferenceLogStore.open(dir, { mustExist: true });
      opened.push(again);
      return again;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
    },
  };
});

describe('SqliteConferenceLogStore', () => {
  it('is append-only in the file too: an entry cannot be changed, an ended run not reopened', async () => {
    const dir = dataDir();
    const store = SqliteConferenceLogStore.open(dir);
    await store.startRun(aConferenceRun('vk-1'));
    await store.append('vk-1', { at: '2026-11-28T08:31:00.000Z', kind: 'muted', participantId: 'polisen' });
    await store.endRun('vk-1', '2026-11-28T09:00:00.000Z', 'ended-by-request');
    const db = new Database(databasePath(dir));
    expect(() => db.prepare("UPDATE conference_log SET kind = 'unmuted'").run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE conference_runs SET ended_at = NULL').run()).toThrow(/not changed/);
    db.close();
    await store.close();
  });

  it('adds its tables to a database of schema version 3 without touching what is there', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const v3 = new Database(databasePath(dir));
    migrate(
      v3,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    v3.close();
    const states = SqliteConferenceStateStore.open(dir);
    await states.save(vk);
    const log = SqliteConferenceLogStore.open(dir);
    await log.startRun(aConferenceRun('vk-1'));
    expect(await states.load()).toEqual([vk]);
    expect((await log.openRuns()).map((r) => r.runId)).toEqual(['vk-1']);
    await log.close();
    await states.close();
  });
});
