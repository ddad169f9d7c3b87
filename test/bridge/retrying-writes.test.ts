/** RetryingWrites in fake time: order, coalescing, back-off, health, and what is never retried. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../bridge/errors.js';
import { nullLogger } from '../../bridge/null-logger.js';
import { RetryingWrites } from '../../bridge/retrying-writes.js';
import { StoreHealth } from '../../bridge/store-health.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';

/** A store whose disk can be filled and freed; it records what it took, in order. */
function aDisk() {
  const disk = { full: false, written: [] as string[] };
  const write = (what: string) => () => {
    if (disk.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    disk.written.push(what);
  };
  return { disk, write };
}

function setUp() {
  const clock = new FakeClock();
  const health = new StoreHealth(clock, nullLogger);
  const changes: boolean[] = [];
  health.events.on('changed', (s) => changes.push(s.ok));
  const writes = new RetryingWrites({
    clock,
    logger: nullLogger,
    health: health.reporter('test'),
    isPermanent: (e) => e instanceof ConflictError,
    retryInitialMs: 1000,
    retryMaxMs: 4000,
  });
  return { clock, health, changes, writes, ...aDisk() };
}

describe('RetryingWrites', () => {
  it('says a write is durable when the store took it', async () => {
    const { writes, write, disk, health } = setUp();
    await expect(writes.submit('a', write('a1'))).resolves.toBe(true);
    expect(disk.written).toEqual(['a1']);
    expect(health.snapshot()).toMatchObject({ ok: true, pendingWrites: 0 });
  });

  it('keeps refused writes in order, newest per row, and writes them all once the disk has room', async () => {
    const { writes, write, disk, health, changes, clock } = setUp();
    disk.full = true;
    await expect(writes.submit('run', write('run'))).resolves.toBe(false);
    await writes.submit('a', write('a1'));
    await writes.submit('b', write('b1'));
    await writes.submit('a', write('a2'));
    expect(health.snapshot()).toMatchObject({
      ok: false,
      reason: 'database or disk is full',
      pendingWrites: 3,
    });
    expect(writes.pending).toBe(3);

    // Back-off: 1 s, 2 s, 4 s, then capped at 4 s.
    for (const ms of [1000, 2000, 4000]) {
      clock.advance(ms);
      await flushPromises();
    }
    expect(disk.written).toEqual([]);
    disk.full = false;
    clock.advance(3999);
    await flushPromises();
    expect(disk.written).toEqual([]);
    clock.advance(1);
    await flushPromises();
    expect(disk.written).toEqual(['run', 'a2', 'b1']);
    expect(health.snapshot()).toMatchObject({ ok: true, reason: null, pendingWrites: 0 });
    expect(changes.at(0)).toBe(false);
    expect(changes.at(-1)).toBe(true);
  });

  it('tries what it holds again with the next write, without waiting for the timer', async () => {
    const { writes, write, disk } = setUp();
    disk.full = true;
    await writes.submit('a', write('a1'));
    disk.full = false;
    await expect(writes.submit('b', write('b1'))).resolves.toBe(true);
    expect(disk.written).toEqual(['a1', 'b1']);
  });

  it('never lets a newer write of a row be lost behind the one being written', async () => {
    const { writes, disk } = setUp();
    let release = () => {};
    const slow = async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      disk.written.push('a1');
    };
    const first = writes.submit('a', slow);
    await flushPromises();
    const second = writes.submit('a', () => {
      disk.written.push('a2');
    });
    release();
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(disk.written).toEqual(['a1', 'a2']);
  });

  it('drops a write the store refuses for good, and goes on with the rest', async () => {
    const { writes, write, disk, health } = setUp();
    disk.full = true;
    await writes.submit('a', write('a1'));
    await writes.submit('dup', () => {
      throw new ConflictError('X', 'duplicate');
    });
    await writes.submit('b', write('b1'));
    disk.full = false;
    await expect(writes.flush()).resolves.toBe(true);
    expect(disk.written).toEqual(['a1', 'b1']);
    expect(health.snapshot().ok).toBe(true);
  });
});
