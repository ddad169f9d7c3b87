/**
 * Writes to a store, in the order they were asked for, that are never lost to a store that fails
 * for a while (a full disk): what could not be written is kept in memory and tried again — at the
 * next write, and on a timer with capped back-off — until the store takes it. Writes to the same
 * `key` while one is held back replace it in place (the newest state of a row is what counts),
 * which bounds memory by the number of distinct rows, not the number of changes.
 *
 * Each write's promise says whether it is durable now; a failure never reaches the caller, so
 * whoever changed the state (a host command, a call event, a sambandstest result) carries on.
 */
import type { Clock, Logger, TimerHandle } from './ports.js';
import type { StoreHealthReporter } from './store-health.js';

export interface RetryingWritesOptions {
  clock: Clock;
  logger: Logger;
  health: StoreHealthReporter;
  /** A write that fails with such an error is dropped (and logged): retrying cannot help. */
  isPermanent?: (error: unknown) => boolean;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export const RETRY_DEFAULTS = { retryInitialMs: 1000, retryMaxMs: 30_000 } as const;

interface Entry {
  key: string;
  write: () => Promise<void> | void;
  context: object;
  /** Being written now: a newer write of the same row must queue behind it, not replace it. */
  inFlight: boolean;
  /** Resolved once this entry is written or dropped. */
  settled: (durable: boolean) => void;
  done: Promise<boolean>;
}

export class RetryingWrites {
  readonly #o: RetryingWritesOptions;
  readonly #queue: Entry[] = [];
  #draining: Promise<void> = Promise.resolve();
  #timer: TimerHandle | null = null;
  #delayMs: number;
  #closed = false;

  constructor(options: RetryingWritesOptions) {
    this.#o = options;
    this.#delayMs = options.retryInitialMs ?? RETRY_DEFAULTS.retryInitialMs;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Queues a write behind every write still held back and tries the queue now.
   * Resolves true once it is written, false when it is kept for a retry (or was dropped).
   */
  submit(key: string, write: () => Promise<void> | void, context: object = {}): Promise<boolean> {
    let entry = this.#queue.find((e) => e.key === key && !e.inFlight);
    if (entry) {
      // Same row: the newer write replaces the older in its place; both callers learn the outcome.
      entry.write = write;
      entry.context = context;
    } else {
      let settled: (durable: boolean) => void = () => {};
      const done = new Promise<boolean>((resolve) => {
        settled = resolve;
      });
      entry = { key, write, context, inFlight: false, settled, done };
      this.#queue.push(entry);
    }
    const queued = entry;
    return this.#drain().then(() => (this.#queue.includes(queued) ? false : queued.done));
  }

  /** Resolves after one more attempt at everything held: true when nothing is held back. */
  async flush(): Promise<boolean> {
    await this.#drain();
    return this.#queue.length === 0;
  }

  /** Stops retrying; what is still held is logged as lost. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#queue.length > 0) {
      this.#o.logger.error(
        { pendingWrites: this.#queue.length, keys: this.#queue.slice(0, 20).map((e) => e.key) },
        'closing with writes the store never took: they are lost',
      );
    }
    for (const entry of this.#queue.splice(0)) entry.settled(false);
  }

  #drain(): Promise<void> {
    this.#draining = this.#draining.then(() => this.#attempt());
    return this.#draining;
  }

  async #attempt(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const entry = this.#queue[0] as Entry;
      entry.inFlight = true;
      try {
        await entry.write();
      } catch (error) {
        entry.inFlight = false;
        if (this.#o.isPermanent?.(error)) {
          this.#o.logger.error(
            { err: error, key: entry.key, ...entry.context },
            'write refused by the store: dropped',
          );
          this.#queue.shift();
          entry.settled(false);
          continue;
        }
        this.#o.health.failing(this.#queue.length, describe(error));
        this.#scheduleRetry();
        return;
      }
      this.#queue.shift();
      entry.settled(true);
    }
    if (this.#queue.length === 0) {
      this.#delayMs = this.#o.retryInitialMs ?? RETRY_DEFAULTS.retryInitialMs;
      if (this.#timer !== null) this.#o.clock.clearTimeout(this.#timer);
      this.#timer = null;
      this.#o.health.healthy();
    }
  }

  #scheduleRetry(): void {
    if (this.#timer !== null || this.#closed) return;
    const delay = this.#delayMs;
    this.#delayMs = Math.min(delay * 2, this.#o.retryMaxMs ?? RETRY_DEFAULTS.retryMaxMs);
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      void this.#drain();
    }, delay);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
