/** A LoginThrottle on a fake clock with short penalties (2 free failures, 100 ms doubling to 800 ms), counting what it reports. */
import {
  LoginThrottle,
  type LoginThrottleOptions,
  type ThrottleOutcome,
} from '../../adapters/auth/login-throttle.js';
import { captureLogger } from './capture-logger.js';
import { FakeClock } from './fake-clock.js';

export function fakeTimeThrottle(patch: Partial<LoginThrottleOptions> = {}) {
  const clock = new FakeClock();
  const { logger, entries } = captureLogger();
  const counted: ThrottleOutcome[] = [];
  const throttle = new LoginThrottle({
    clock,
    logger,
    freeFailures: 2,
    baseDelayMs: 100,
    maxDelayMs: 800,
    forgetAfterMs: 60_000,
    onThrottled: (kind) => counted.push(kind),
    ...patch,
  });
  return { clock, throttle, entries, counted };
}
