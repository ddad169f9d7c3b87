/**
 * Slowed and refused login attempts per front door, for the Prometheus metric
 * `samband_login_throttled_total`. A plain tally the metrics read at scrape time: the MQTT and
 * OPC UA doors start before the HTTP server that owns the registry, and no adapter talks to
 * another — the composition root hands each door its recorder and the HTTP server the tally.
 */
import type { ThrottleOutcome } from './login-throttle.js';

export type LoginDoor = 'mqtt' | 'http' | 'opcua';

export interface LoginCount {
  door: LoginDoor;
  outcome: ThrottleOutcome;
  count: number;
}

export class LoginThrottleCounts {
  // At most 3 doors × 2 outcomes.
  readonly #counts = new Map<`${LoginDoor}/${ThrottleOutcome}`, LoginCount>();

  /** The `onThrottled` hook for one door's LoginThrottle. */
  recorder(door: LoginDoor): (outcome: ThrottleOutcome) => void {
    return (outcome) => {
      const key = `${door}/${outcome}` as const;
      const entry = this.#counts.get(key);
      if (entry) entry.count++;
      else this.#counts.set(key, { door, outcome, count: 1 });
    };
  }

  counts(): LoginCount[] {
    return [...this.#counts.values()].map((c) => ({ ...c }));
  }
}
