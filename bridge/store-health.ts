/**
 * Whether the gateway's writes reach its store (issue 10: "a full disk that is survived and
 * said"). Every writer that keeps what it could not write and retries it (RetryingWrites)
 * reports here; the gateway is healthy when no writer holds anything back. A change is told
 * once, as it happens, so the core can raise it as an alarm and clear it again.
 */
import type { Clock, Logger } from './ports.js';
import { type Subscribable, TypedEmitter } from './typed-emitter.js';

export interface StoreHealthSnapshot {
  /** True when every write so far has been made durable. */
  ok: boolean;
  /** ISO 8601 time `ok` last changed. */
  since: string;
  /** The last failure, while not ok (e.g. "database or disk is full"). */
  reason: string | null;
  /** Writes kept in memory, waiting for the store to take them. */
  pendingWrites: number;
}

export interface StoreHealthEvents {
  changed: StoreHealthSnapshot;
}

/** One writer's view, as RetryingWrites reports it. */
export interface StoreHealthReporter {
  failing(pendingWrites: number, reason: string): void;
  healthy(): void;
}

export class StoreHealth {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #emitter: TypedEmitter<StoreHealthEvents>;
  readonly #failing = new Map<string, { pendingWrites: number; reason: string }>();
  #since: number;
  #reason: string | null = null;

  constructor(clock: Clock, logger: Logger) {
    this.#clock = clock;
    this.#logger = logger;
    this.#since = clock.now();
    this.#emitter = new TypedEmitter<StoreHealthEvents>((event, err) =>
      logger.error({ err, event }, 'store health listener failed'),
    );
  }

  get events(): Subscribable<StoreHealthEvents> {
    return this.#emitter;
  }

  snapshot(): StoreHealthSnapshot {
    let pendingWrites = 0;
    for (const f of this.#failing.values()) pendingWrites += f.pendingWrites;
    return {
      ok: this.#failing.size === 0,
      since: new Date(this.#since).toISOString(),
      reason: this.#failing.size === 0 ? null : this.#reason,
      pendingWrites,
    };
  }

  /** A named writer (`conference-state`, `sambandstest`) reports through this. */
  reporter(writer: string): StoreHealthReporter {
    return {
      failing: (pendingWrites, reason) => {
        const wasOk = this.#failing.size === 0;
        const previous = this.#failing.get(writer);
        this.#failing.set(writer, { pendingWrites, reason });
        this.#reason = reason;
        if (wasOk) {
          this.#since = this.#clock.now();
          this.#logger.error(
            { writer, reason, pendingWrites },
            'store writes failing: kept in memory and retried',
          );
        }
        if (wasOk || previous?.reason !== reason || previous.pendingWrites !== pendingWrites) {
          this.#emitter.emit('changed', this.snapshot());
        }
      },
      healthy: () => {
        if (!this.#failing.delete(writer)) return;
        if (this.#failing.size === 0) {
          this.#since = this.#clock.now();
          this.#logger.info({ writer }, 'store writes succeed again: everything kept has been written');
        }
        this.#emitter.emit('changed', this.snapshot());
      },
    };
  }
}
