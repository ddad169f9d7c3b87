/**
 * DurableSambandstestStore: passes the port's contract, and a run on a store that refuses writes
 * for a while (a full disk) goes on, is shown as it is, and ends up wholly saved — never left
 * `running` once it completed.
 */
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../../bridge/errors.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { DurableSambandstestStore } from '../../../bridge/sambandstest/durable-store.js';
import { MemorySambandstestStore } from '../../../bridge/sambandstest/memory-store.js';
import { StoreHealth } from '../../../bridge/store-health.js';
import {
  aResult,
  aRun,
  aTrunkSnapshot,
  runSambandstestStoreContract,
} from '../../contracts/sambandstest-store.contract.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

runSambandstestStoreContract('DurableSambandstestStore', async () => {
  const clock = new FakeClock();
  const store = new DurableSambandstestStore(new MemorySambandstestStore(), {
    clock,
    logger: nullLogger,
    health: new StoreHealth(clock, nullLogger).reporter('sambandstest'),
  });
  return { store, dispose: () => store.close() };
});

/** A memory store whose writes fail as SQLite's do on a full disk while `full` is set. */
class FillableStore extends MemorySambandstestStore {
  full = false;
  #check(): void {
    if (this.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  }
  override async saveRun(...a: Parameters<MemorySambandstestStore['saveRun']>) {
    this.#check();
    return super.saveRun(...a);
  }
  override async saveResult(...a: Parameters<MemorySambandstestStore['saveResult']>) {
    this.#check();
    return super.saveResult(...a);
  }
  override async completeRun(...a: Parameters<MemorySambandstestStore['completeRun']>) {
    this.#check();
    return super.completeRun(...a);
  }
  override async setComment(...a: Parameters<MemorySambandstestStore['setComment']>) {
    this.#check();
    return super.setComment(...a);
  }
}

describe('an operator comment on a full disk', () => {
  it('is refused at once as StorageUnavailableError (503, try again), never as an internal error', async () => {
    const clock = new FakeClock();
    const inner = new FillableStore();
    const store = new DurableSambandstestStore(inner, {
      clock,
      logger: nullLogger,
      health: new StoreHealth(clock, nullLogger).reporter('sambandstest'),
    });
    const run = aRun('r1');
    await store.saveRun(run);
    const result = aResult('r1', 'polisen', 'phone');
    await store.saveResult(result);
    inner.full = true;
    const refused = store.setComment(run.id, result.participantId, result.path, 'Ring SOS');
    await expect(refused).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'SAMBAND_ERR_STORE_NOT_SAVED' });
    await store.close().catch(() => {});
  });
});

describe('DurableSambandstestStore on a disk that fills up', () => {
  it('keeps the run going, shows it as it is, and saves everything once the disk has room', async () => {
    const clock = new FakeClock();
    const inner = new FillableStore();
    const health = new StoreHealth(clock, nullLogger);
    const store = new DurableSambandstestStore(inner, {
      clock,
      logger: nullLogger,
      health: health.reporter('sambandstest'),
    });
    await store.saveRun(aRun('st-1'));
    await store.saveResult(aResult('st-1', 'polisen', 'phone'));
    inner.full = true;
    await store.saveResult(aResult('st-1', 'region', 'phone'));
    const atEnd = aTrunkSnapshot('2026-03-02T08:31:00.000Z', false);
    await store.completeRun('st-1', '2026-03-02T08:31:00.000Z', atEnd);
    await store.saveRun(aRun('st-2', '2026-03-02T09:00:00.000Z'));
    expect(health.snapshot()).toMatchObject({ ok: false, pendingWrites: 3 });

    // Read while held back: completed, with both results; the next run is there too.
    const held = await store.getRun('st-1');
    expect(held?.run).toMatchObject({
      state: 'completed',
      endedAt: '2026-03-02T08:31:00.000Z',
      trunksAtEnd: atEnd,
    });
    expect(held?.results.map((r) => r.participantId).sort()).toEqual(['polisen', 'region']);
    expect((await store.listRuns()).map((r) => [r.id, r.state])).toEqual([
      ['st-2', 'running'],
      ['st-1', 'completed'],
    ]);
    expect((await inner.getRun('st-1'))?.run.state).toBe('running');

    inner.full = false;
    clock.advance(1000);
    await flushPromises();
    expect(health.snapshot()).toMatchObject({ ok: true, pendingWrites: 0 });
    const saved = await inner.getRun('st-1');
    expect(saved?.run.state).toBe('completed');
    expect(saved?.run.trunksAtEnd).toEqual(atEnd);
    expect(saved?.results).toHaveLength(2);
    expect(await inner.getRun('st-2')).not.toBeNull();
  });
});
