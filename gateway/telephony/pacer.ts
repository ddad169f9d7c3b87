/**
 * Paces call set-ups: at most `maxConcurrent` attempts at once, starts spaced by
 * `minIntervalMs` (fsmrf waits ~4 s for FreeSWITCH's outbound socket and FreeSWITCH throttles at
 * `sessions-per-second`, so a burst of set-ups fails with 480s — DESIGN §5), and each start only
 * once admission control lets it in. A waiter held back by admission is told why (and told again
 * when the reason changes, and `null` once it starts); it waits, in order, until the call fits —
 * a full media server queues call-outs rather than failing them. A waiter can be cancelled.
 */
import type { Clock, TimerHandle } from '../../bridge/ports.js';
import type { AdmissionVerdict } from './admission.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';

export interface AcquireOptions {
  /** Why the start is held back (a capacity reason), or null once it may start after waiting. */
  onWait?: (reason: string | null) => void;
  /** Aborting removes the waiter: acquire rejects with CANCELLED. */
  signal?: AbortSignal;
}

interface Waiter extends AcquireOptions {
  resolve: (release: () => void) => void;
  reject: (error: Error) => void;
  told: string | null;
}

const ADMIT_ALL = (): AdmissionVerdict => ({ admit: true });

export class Pacer {
  readonly #clock: Clock;
  readonly #maxConcurrent: number;
  readonly #minIntervalMs: number;
  readonly #admit: () => AdmissionVerdict;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  #timer: TimerHandle | null = null;
  #closed = false;

  /** `admit` decides (and counts) each start; without it only concurrency and spacing apply. */
  constructor(clock: Clock, maxConcurrent: number, minIntervalMs: number, admit = ADMIT_ALL) {
    this.#clock = clock;
    this.#maxConcurrent = Math.max(1, maxConcurrent);
    this.#minIntervalMs = Math.max(0, minIntervalMs);
    this.#admit = admit;
  }

  /** Resolves with a release function once the caller may start; call it exactly once. */
  acquire(options: AcquireOptions = {}): Promise<() => void> {
    if (this.#closed) return Promise.reject(closedError());
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { ...options, resolve, reject, told: null };
      this.#queue.push(waiter);
      options.signal?.addEventListener('abort', () => this.#cancel(waiter), { once: true });
      this.#pump();
    });
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Something changed that may let a held-back start through (a call ended, new load figures). */
  poke(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#pump();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    for (const waiter of this.#queue.splice(0)) waiter.reject(closedError());
  }

  #pump(): void {
    if (this.#timer || this.#closed) return;
    while (this.#queue.length > 0 && this.#running < this.#maxConcurrent) {
      const wait = this.#lastStart + this.#minIntervalMs - this.#clock.now();
      if (wait > 0) {
        this.#later(wait);
        return;
      }
      const verdict = this.#admit();
      if (!verdict.admit) {
        for (const waiter of this.#queue) this.#tell(waiter, verdict.reason);
        this.#later(verdict.retryInMs);
        return;
      }
      const waiter = this.#queue.shift();
      if (!waiter) return;
      this.#running += 1;
      this.#lastStart = this.#clock.now();
      this.#tell(waiter, null);
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#running -= 1;
        this.#pump();
      });
    }
  }

  #later(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#pump();
    }, ms);
  }

  #tell(waiter: Waiter, reason: string | null): void {
    if (waiter.told === reason) return;
    waiter.told = reason;
    waiter.onWait?.(reason);
  }

  #cancel(waiter: Waiter): void {
    const at = this.#queue.indexOf(waiter);
    if (at < 0) return;
    this.#queue.splice(at, 1);
    waiter.reject(cancelledError());
  }
}

function closedError(): TelephonyError {
  return new TelephonyError(TelephonyErrorCodes.CLOSED, 'telephony adapter closed');
}

function cancelledError(): TelephonyError {
  return new TelephonyError(TelephonyErrorCodes.CANCELLED, 'call-out cancelled while it waited');
}
