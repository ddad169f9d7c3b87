/**
 * Admission control: a new call (call-out attempt or dial-in) starts only while the gateway and
 * the media server can carry it — under the configured ceiling of calls, under FreeSWITCH's own
 * `max-sessions` (less a reserve), within its `sessions-per-second`, and with idle CPU left
 * (DESIGN §5: set-ups fail in bursts long before the room is full, and a box past its CPU makes
 * every call in the conference sound bad). FreeSWITCH's figures are read every few seconds, so
 * the calls admitted since the last reading are added to it. Without a reading (status not
 * understood) only the ceiling applies: an unreadable status must not stop the phone path.
 */
import type { Clock } from '../../bridge/ports.js';
import type { CapacityConfig } from '../../config/schema.js';
import type { MediaServerLoad } from './media-server-load.js';

/** Which limit held a call back. */
export type CapacityLimit = 'calls' | 'sessions' | 'cpu' | 'rate';

/**
 * `reason` is what a host reads on the board and in the roll call: it names the limit and stays
 * the same while that limit holds (no churn of every waiter at every reading); `detail` has the
 * figures, for the log.
 */
export type AdmissionVerdict =
  | { admit: true }
  | { admit: false; limit: CapacityLimit; reason: string; detail: string; retryInMs: number };

export interface AdmissionOptions {
  capacity: CapacityConfig;
  clock: Clock;
  /** FreeSWITCH's latest figures, or null when there are none. */
  load(): MediaServerLoad | null;
  /** Calls the gateway holds now: connected, guests, radio legs and set-ups in progress. */
  liveCalls(): number;
}

/** The share of FreeSWITCH's sessions-per-second the gateway allows itself. */
const RATE_SHARE = 0.8;

export class Admission {
  readonly #o: AdmissionOptions;
  /** When each recent call was admitted (for the rate, and sessions not yet in a reading). */
  #admitted: number[] = [];

  constructor(options: AdmissionOptions) {
    this.#o = options;
  }

  /** Admits a call now (and counts it), or says why not and when to ask again. */
  tryAdmit(): AdmissionVerdict {
    const verdict = this.check();
    if (verdict.admit) this.#admitted.push(this.#o.clock.now());
    return verdict;
  }

  /** Whether a call would be admitted now, without counting one. */
  check(): AdmissionVerdict {
    const { capacity, clock } = this.#o;
    const now = clock.now();
    const load = this.#o.load();
    this.#admitted = this.#admitted.filter((at) => at > now - Math.max(1000, capacity.statusIntervalMs * 3));
    const live = this.#o.liveCalls();
    if (live >= capacity.maxCalls) {
      const reason = `gateway ceiling of ${capacity.maxCalls} calls (telephony.capacity.maxCalls)`;
      return refuse('calls', reason, `${live} calls`, 1000);
    }
    if (!load) return { admit: true };
    const retry = capacity.statusIntervalMs;
    const usable = load.maxSessions - capacity.reserveSessions;
    const sessions = load.sessionsInUse + this.#admitted.filter((at) => at >= load.at).length;
    if (sessions >= usable) {
      const reason = `media server sessions full (max-sessions ${load.maxSessions}, ${capacity.reserveSessions} kept free)`;
      return refuse('sessions', reason, `${sessions} sessions in use`, retry);
    }
    // Short of CPU: one new call per reading, so the load a call adds shows before the next.
    const lastAdmitted = this.#admitted.at(-1) ?? Number.NEGATIVE_INFINITY;
    if (load.idleCpuPct < capacity.minIdleCpuPct && lastAdmitted > now - capacity.statusIntervalMs) {
      const reason = `media server CPU under ${capacity.minIdleCpuPct} % idle (one call per ${capacity.statusIntervalMs / 1000} s)`;
      return refuse('cpu', reason, `${load.idleCpuPct.toFixed(1)} % idle`, retry);
    }
    const lastSecond = this.#admitted.filter((at) => at > now - 1000).length;
    const rateLimit = Math.max(1, Math.floor(load.maxSessionsPerSecond * RATE_SHARE));
    if (lastSecond >= rateLimit) {
      const reason = `media server call rate (${rateLimit} of its ${load.maxSessionsPerSecond} sessions per second)`;
      return refuse('rate', reason, `${lastSecond} calls in the last second`, 250);
    }
    return { admit: true };
  }
}

function refuse(limit: CapacityLimit, reason: string, detail: string, retryInMs: number): AdmissionVerdict {
  return { admit: false, limit, reason: `capacity: ${reason}`, detail, retryInMs };
}
