/** Races work against a time-out on the injected clock; the timer is always cleared. */
import type { Clock, TimerHandle } from '../ports.js';

export type Deadlined<T> = { kind: 'done'; value: T } | { kind: 'timeout' } | { kind: 'aborted' };

/**
 * Tracks every pending deadline so that close() can settle them all at once (`aborted`):
 * nothing keeps a timer or a waiting promise after the service is closed.
 */
export class Deadlines {
  readonly #clock: Clock;
  readonly #pending = new Set<() => void>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  race<T>(work: Promise<T>, ms: number): Promise<Deadlined<T>> {
    return new Promise<Deadlined<T>>((resolve, reject) => {
      let timer: TimerHandle | null = null;
      const settle = () => {
        if (timer !== null) this.#clock.clearTimeout(timer);
        timer = null;
        this.#pending.delete(abort);
      };
      const abort = () => {
        settle();
        resolve({ kind: 'aborted' });
      };
      this.#pending.add(abort);
      timer = this.#clock.setTimeout(() => {
        timer = null;
        settle();
        resolve({ kind: 'timeout' });
      }, ms);
      work.then(
        (value) => {
          settle();
          resolve({ kind: 'done', value });
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  get size(): number {
    return this.#pending.size;
  }

  abortAll(): void {
    for (const abort of [...this.#pending]) abort();
  }
}
