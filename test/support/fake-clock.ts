import type { Clock, TimerHandle } from '../../bridge/ports.js';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
}

/** A deterministic clock: time moves only when a test calls advance(). */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: Scheduled[] = [];

  constructor(start = Date.parse('2026-11-28T09:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const id = handle as unknown as number;
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  /** Moves time forward, firing due timers in order (including timers they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.fn();
    }
    this.#now = target;
  }

  /** Advances and lets promise continuations run between timer firings. */
  async advanceAsync(ms: number, stepMs = 10): Promise<void> {
    const target = this.#now + ms;
    while (this.#now < target) {
      this.advance(Math.min(stepMs, target - this.#now));
      await flushPromises();
    }
  }

  pendingTimers(): number {
    return this.#timers.length;
  }
}

export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
