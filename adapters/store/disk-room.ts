/**
 * Says at start when the data directory's disk has no room left, before any write has had the
 * chance to fail: a gateway restarted on a full disk starts (from what it can read) and raises
 * the store alarm at once, instead of looking healthy until its first save. While short of room
 * it looks again every `recheckMs` and clears its part of the alarm once there is room.
 */
import { statfsSync } from 'node:fs';
import type { Clock, TimerHandle } from '../../bridge/ports.js';
import type { StoreHealthReporter } from '../../bridge/store-health.js';

/** Room below which a write of a few SQLite pages plus WAL index can fail. */
export const MIN_FREE_BYTES = 256 * 1024;

export interface DiskRoomWatch {
  close(): void;
}

export function watchDiskRoom(
  dataDir: string,
  options: {
    clock: Clock;
    health: StoreHealthReporter;
    recheckMs?: number;
    freeBytes?: (dir: string) => number;
  },
): DiskRoomWatch {
  const freeBytes =
    options.freeBytes ??
    ((dir: string) => {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    });
  let timer: TimerHandle | null = null;
  const check = () => {
    timer = null;
    let free: number;
    try {
      free = freeBytes(dataDir);
    } catch {
      return; // Cannot tell: the writers will say when a write fails.
    }
    if (free >= MIN_FREE_BYTES) {
      options.health.healthy();
      return;
    }
    options.health.failing(0, `no room left on the data directory's disk (${free} bytes free)`);
    timer = options.clock.setTimeout(check, options.recheckMs ?? 5000);
  };
  check();
  return {
    close() {
      if (timer !== null) options.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
