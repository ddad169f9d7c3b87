/**
 * At start the telephony back end is usually still connecting (drachtio-server, FreeSWITCH):
 * convening before it is up would fail every call-out at once with `adapter-down`, send every
 * participant a failover SDS and wait a whole redial interval. So start waits — bounded — for an
 * adapter that says it is unavailable; one that says nothing (or is up) is not waited for.
 */
import type { Clock, Telephony } from './ports.js';

/** Resolves true once the back end is available, false when `waitMs` passed first. */
export function backendReady(telephony: Telephony, clock: Clock, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: ReturnType<Clock['setTimeout']> | null = null;
    let known = false;
    let off: (() => void) | null = null;
    const finish = (ready: boolean) => {
      if (settled) return;
      settled = true;
      if (timer) clock.clearTimeout(timer);
      off?.();
      resolve(ready);
    };
    // A retained status arrives synchronously inside `on`, before `off` is assigned.
    off = telephony.events.on('backend.status', (status) => {
      known = true;
      if (status.available) finish(true);
    });
    if (settled) {
      off();
      return;
    }
    if (!known || waitMs <= 0) {
      finish(true);
      return;
    }
    timer = clock.setTimeout(() => finish(false), waitMs);
  });
}
