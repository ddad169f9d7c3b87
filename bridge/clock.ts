import type { Clock, TimerHandle } from './ports.js';

/** The only place in the product that touches real time; everything else receives a Clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t as unknown as TimerHandle;
  },
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `20261128T090000Z`: ISO 8601 basic format, whole seconds, UTC — for sortable ids and file names. */
export function compactTime(ms: number): string {
  return isoTime(ms)
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
