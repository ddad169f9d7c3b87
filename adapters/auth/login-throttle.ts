/**
 * Slows wrong credentials per source address and per user name (MQTT today; one policy the
 * other front doors can share), without ever slowing a well-behaved client down:
 * - a source, or a (source, user) pair, with recent failures is a suspect: its next check waits
 *   a penalty that doubles with each failure (capped), and suspects share a fixed part of the
 *   password-check slots, so a flood cannot take the slots that correct logins need;
 * - a failure also slows the *answer* by the user name's penalty, so guessing one account from
 *   many sources is slowed too, while that account's correct logins are answered at once;
 * - memory is bounded (at most `maxEntries` sources and users, least recently failed dropped)
 *   and so is time (failures are forgotten `forgetAfterMs` after the last one);
 * - a source is logged once when it starts being slowed, not on every attempt.
 * Front doors (MQTT, HTTP tokens, OPC UA) run each attempt through a LoginAttempt
 * (login-attempt.ts), which also counts it, once, for the metric.
 */
import type { Clock, Logger } from '../../bridge/ports.js';

/** `slowed`: held back before its answer; `refused`: turned away without a check. */
export type ThrottleOutcome = 'slowed' | 'refused';

export interface LoginThrottleOptions {
  clock: Clock;
  logger: Logger;
  /** Failures allowed before any slow-down (a typo or two costs nothing). */
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  maxEntries?: number;
  /** Called once per attempt slowed, and once per attempt refused (a metric). */
  onThrottled?: (kind: ThrottleOutcome) => void;
}

export const LOGIN_THROTTLE_DEFAULTS = {
  freeFailures: 3,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  forgetAfterMs: 10 * 60_000,
  maxEntries: 10_000,
} as const;

interface Failures {
  count: number;
  lastAt: number;
}

export class LoginThrottle {
  readonly #o: Required<Omit<LoginThrottleOptions, 'onThrottled'>> &
    Pick<LoginThrottleOptions, 'onThrottled'>;
  readonly #sources = new Map<string, Failures>();
  readonly #users = new Map<string, Failures>();
  readonly #pairs = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions) {
    this.#o = { ...LOGIN_THROTTLE_DEFAULTS, ...options };
  }

  /** True when the attempt comes from a source or pair with recent failures. */
  isSuspect(source: string, user: string): boolean {
    return this.#count(this.#sources, source) > 0 || this.#count(this.#pairs, pairKey(source, user)) > 0;
  }

  /** How long a suspect's check waits first (0 within the free failures). */
  checkDelayMs(source: string, user: string): number {
    return this.#delay(
      Math.max(this.#count(this.#sources, source), this.#count(this.#pairs, pairKey(source, user))),
    );
  }

  /** Records a wrong credential; returns how long to hold the refusal (the user name's penalty). */
  failed(source: string, user: string): number {
    const sourceCount = this.#bump(this.#sources, source);
    this.#bump(this.#pairs, pairKey(source, user));
    const userCount = this.#bump(this.#users, user);
    if (sourceCount === this.#o.freeFailures + 1) {
      this.#o.logger.warn(
        { source, failures: sourceCount },
        'login failures from this source: its attempts are slowed from now on',
      );
    }
    return this.#delay(userCount);
  }

  /** Counts an attempt for the metric (LoginAttempt calls it at most once per outcome). */
  throttled(kind: ThrottleOutcome): void {
    this.#o.onThrottled?.(kind);
  }

  /** Resolves after `ms` on the injected clock. */
  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#o.clock.setTimeout(resolve, ms));
  }

  /** Entries kept (for tests of the memory bound). */
  get size(): number {
    return this.#sources.size + this.#users.size + this.#pairs.size;
  }

  #delay(count: number): number {
    const over = count - this.#o.freeFailures;
    if (over <= 0) return 0;
    return Math.min(this.#o.baseDelayMs * 2 ** Math.min(over - 1, 30), this.#o.maxDelayMs);
  }

  #count(map: Map<string, Failures>, key: string): number {
    const f = map.get(key);
    if (!f) return 0;
    if (this.#o.clock.now() - f.lastAt > this.#o.forgetAfterMs) {
      map.delete(key);
      return 0;
    }
    return f.count;
  }

  #bump(map: Map<string, Failures>, key: string): number {
    const count = this.#count(map, key) + 1;
    // Re-inserted so that Map order is least recently failed first.
    map.delete(key);
    map.set(key, { count, lastAt: this.#o.clock.now() });
    for (const oldest of map.keys()) {
      if (map.size <= this.#o.maxEntries) break;
      map.delete(oldest);
    }
    return count;
  }
}

function pairKey(source: string, user: string): string {
  return `${source}\0${user}`;
}
