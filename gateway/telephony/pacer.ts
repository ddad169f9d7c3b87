/**
 * Paces call set-ups: at most `maxConcurrent` attempts at once and starts spaced by
 * `minIntervalMs` (fsmrf waits ~4 s for FreeSWITCH's outbound socket and FreeSWITCH throttles at
 * `sessions-per-second`, so a burst of set-ups fails with 480s — DESIGN §5).
 */
import type { Clock, TimerHandle } from '../../bridge/ports.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (error: Error) => void;
}

export class Pacer {
  readonly #clock: Clock;
  readonly #maxConcurrent: number;
  readonly #minIntervalMs: number;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  #timer: TimerHandle | null = null;
  #closed = false;

  constructor(clock: Clock, maxConcurrent: number, minIntervalMs: number) {
    this.#clock = clock;
    this.#maxConcurrent = Math.max(1, maxConcurrent);
    this.#minIntervalMs = Math.max(0, minIntervalMs);
  }

  /** Resolves with a release function once the caller may start; call it exactly once. */
  acquire(): Promise<() => void> {
    if (this.#closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      this.#pump();
    });
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#queue.length;
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
        this.#timer = this.#clock.setTimeout(() => {
          this.#timer = null;
          this.#pump();
        }, wait);
        return;
      }
      const waiter = this.#queue.shift();
      if (!waiter) return;
      this.#running += 1;
      this.#lastStart = this.#clock.now();
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#running -= 1;
        this.#pump();
      });
    }
  }
}

function closedError(): TelephonyError {
  return new TelephonyError(TelephonyErrorCodes.CLOSED, 'telephony adapter closed');
}
