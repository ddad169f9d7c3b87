/**
 * Folds a burst of changes to one retained state into at most one publish per window. A
 * conference's state names every member, so convening 500 changes it ~1,500 times within
 * seconds: publishing each (~86 kB, copied by mqtt.js and again by the broker's parser) made
 * hundreds of MB of short-lived buffers whose memory the process kept (issue 13). Retained
 * state has only one current value, so an intermediate one a reader never saw is not lost.
 *
 * The first change of a quiet key goes out at once; changes within the window after it are
 * held, and only the latest is sent when the window ends (which opens the next window).
 */
import type { Clock, TimerHandle } from '../../bridge/ports.js';

export interface StateThrottleOptions<T> {
  clock: Clock;
  windowMs: number;
  send(key: string, value: T): void;
}

interface Window<T> {
  timer: TimerHandle;
  /** The latest value offered during the window, if any. */
  held: { value: T } | null;
}

export class StateThrottle<T> {
  readonly #options: StateThrottleOptions<T>;
  readonly #windows = new Map<string, Window<T>>();

  constructor(options: StateThrottleOptions<T>) {
    this.#options = options;
  }

  offer(key: string, value: T): void {
    const open = this.#windows.get(key);
    if (open) {
      open.held = { value };
      return;
    }
    this.#open(key);
    this.#options.send(key, value);
  }

  /** Sends every held value now and closes all windows (before a clean disconnect). */
  flush(): void {
    for (const [key, window] of [...this.#windows]) {
      this.#close(key, window);
      if (window.held) this.#options.send(key, window.held.value);
    }
  }

  /** Forgets held values and closes all windows (a full snapshot supersedes them). */
  discard(): void {
    for (const [key, window] of [...this.#windows]) this.#close(key, window);
  }

  #open(key: string): void {
    const window: Window<T> = {
      held: null,
      timer: this.#options.clock.setTimeout(() => {
        this.#windows.delete(key);
        if (window.held) this.offer(key, window.held.value);
      }, this.#options.windowMs),
    };
    this.#windows.set(key, window);
  }

  #close(key: string, window: Window<T>): void {
    this.#options.clock.clearTimeout(window.timer);
    this.#windows.delete(key);
  }
}
