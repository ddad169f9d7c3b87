/**
 * One login attempt at a front door (MQTT CONNECT, an HTTP bearer token, an OPC UA session),
 * run under a LoginThrottle, and the password-check slots the attempts share. The three doors
 * differ in what a check is; the order of the throttling steps is the same for all:
 * 1. `hold()` — a suspect (a source or source+user with recent failures) waits its penalty
 *    *before* its credential is looked at, so the wait says nothing about whether it was right;
 * 2. `takeSlot()` — a costly check (scrypt) needs a slot; suspects share half of them, so a
 *    flood never takes the slots that correct logins from clean sources need;
 * 3. `failed()` — a wrong credential is recorded and its answer held by the user's penalty, so
 *    guessing one account from many sources is slowed too.
 * The attempt is counted for the metric at most once as slowed and at most once as refused.
 */
import type { LoginThrottle, ThrottleOutcome } from './login-throttle.js';

export class LoginAttempt {
  readonly #throttle: LoginThrottle | undefined;
  readonly #source: string;
  readonly #user: string;
  readonly #counted = new Set<ThrottleOutcome>();
  #suspect = false;

  /** Without a throttle nothing is held or counted (tests, and doors configured without one). */
  constructor(throttle: LoginThrottle | undefined, source: string, user: string) {
    this.#throttle = throttle;
    this.#source = source;
    this.#user = user;
  }

  /**
   * Waits a suspect's penalty; null for a clean source, which goes on in the same tick (so its
   * check takes a slot in the order the attempts came, with nothing in between).
   */
  hold(): Promise<void> | null {
    const throttle = this.#throttle;
    if (!throttle) return null;
    this.#suspect = throttle.isSuspect(this.#source, this.#user);
    if (!this.#suspect) return null;
    const ms = throttle.checkDelayMs(this.#source, this.#user);
    if (ms > 0) this.#count('slowed');
    return throttle.wait(ms);
  }

  /** A slot for a costly check, released by calling the result; null when none is free. */
  takeSlot(slots: CheckSlots): (() => void) | null {
    const release = slots.take(this.#suspect);
    if (!release && this.#suspect) this.#count('refused');
    return release;
  }

  /** Records a wrong credential and holds the refusal by the user name's penalty. */
  async failed(): Promise<void> {
    const throttle = this.#throttle;
    if (!throttle) return;
    const ms = throttle.failed(this.#source, this.#user);
    if (ms > 0) this.#count('slowed');
    await throttle.wait(ms);
  }

  #count(kind: ThrottleOutcome): void {
    if (this.#counted.has(kind)) return;
    this.#counted.add(kind);
    this.#throttle?.throttled(kind);
  }
}

/** Costly checks in flight at once, with suspects limited to half of them. */
export class CheckSlots {
  readonly #max: number;
  readonly #maxSuspect: number;
  #pending = 0;
  #suspectPending = 0;

  constructor(max: number) {
    this.#max = max;
    this.#maxSuspect = Math.max(1, Math.floor(max / 2));
  }

  take(suspect: boolean): (() => void) | null {
    if (suspect && this.#suspectPending >= this.#maxSuspect) return null;
    if (this.#pending >= this.#max) return null;
    this.#pending++;
    if (suspect) this.#suspectPending++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#pending--;
      if (suspect) this.#suspectPending--;
    };
  }

  /** Checks in flight (for tests). */
  get pending(): number {
    return this.#pending;
  }
}
