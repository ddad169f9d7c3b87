/** Promise helpers over the injected Clock: every timer is cleared in `finally`. */
import type { Clock } from '../../bridge/ports.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';

/** Rejects with TelephonyError TIMEOUT when `promise` has not settled within `ms`. */
export async function withTimeout<T>(
  clock: Clock,
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () => reject(new TelephonyError(TelephonyErrorCodes.TIMEOUT, `${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer) clock.clearTimeout(timer);
  }
}

/** Settles a best-effort clean-up: bounded in time, never throws. */
export async function bestEffort(clock: Clock, work: () => Promise<unknown>, ms: number): Promise<void> {
  try {
    await withTimeout(clock, Promise.resolve().then(work), ms, 'clean-up');
  } catch {
    // Clean-up of something already gone: nothing left to do.
  }
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
