/**
 * One gateway per data directory (issue 10, item 1): the lock is the operating system's, so it
 * is refused while held, in this process or another, and gone the moment its holder dies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DataDirLock,
  LOCK_FILE,
  lockDataDir,
  readOwner,
} from '../../../adapters/store/data-dir-lock.js';
import { StoreErrorCodes } from '../../../adapters/store/errors.js';

const BETTER_SQLITE3 = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'better-sqlite3');

/** A real other process holding the lock the way lockDataDir takes it; resolves once held. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(BETTER_SQLITE3)});
    const db = new Database(${JSON.stringify(join(dir, LOCK_FILE))}, { timeout: 0 });
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

describe('lockDataDir', () => {
  const locks: DataDirLock[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  const take = (dir: string) => {
    const lock = lockDataDir(dir, () => new Date('2026-03-02T08:30:00Z'));
    locks.push(lock);
    return lock;
  };

  it('refuses a second holder, naming the directory and the first holder, and is free again once released', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'samband-lock-')), 'data');
    const first = take(dir);
    expect(readOwner(dir)).toEqual({
      pid: process.pid,
      host: expect.any(String),
      since: '2026-03-02T08:30:00.000Z',
    });
    let refused: unknown;
    try {
      take(dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: StoreErrorCodes.DATA_DIR_LOCKED });
    expect((refused as Error).message).toContain(first.dataDir);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);

    first.release();
    expect(() => take(dir)).not.toThrow();
  });

  it('is held across processes and released by the OS when its holder is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samband-lock-'));
    const child = await holdInChild(dir);
    children.push(child);
    expect(() => take(dir)).toThrow(expect.objectContaining({ code: StoreErrorCodes.DATA_DIR_LOCKED }));

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(() => take(dir)).not.toThrow();
    // Nothing beside the lock database and its owner note: no journal a kill could leave behind.
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, 'gateway.lock.owner.json']);
  });
});
