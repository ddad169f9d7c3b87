/**
 * Saves conference states to the ConferenceStateStore in the order the changes happened, so the
 * last save of a conference is always its latest state. A save the store refuses (a full disk)
 * never reaches whoever changed the state (a host command, a call event): the conference goes
 * on from memory, and the latest state of each conference is kept and retried until the store
 * takes it (RetryingWrites), with the failure reported to the store health.
 */
import type { ConferenceStateStore, PersistedConference } from './conference-store.js';
import type { Clock, Logger } from './ports.js';
import { RetryingWrites } from './retrying-writes.js';
import type { StoreHealthReporter } from './store-health.js';

export interface ConferenceStateWriterOptions {
  clock: Clock;
  logger: Logger;
  /** Told when saves start failing and when they succeed again. */
  health?: StoreHealthReporter;
}

const UNWATCHED: StoreHealthReporter = { failing() {}, healthy() {} };

export class ConferenceStateWriter {
  readonly #store: ConferenceStateStore;
  readonly #writes: RetryingWrites;

  constructor(store: ConferenceStateStore, options: ConferenceStateWriterOptions) {
    this.#store = store;
    this.#writes = new RetryingWrites({
      clock: options.clock,
      logger: options.logger,
      health: options.health ?? UNWATCHED,
    });
  }

  /**
   * Queues a save of `conference` as it is now (copied, so later changes do not leak in).
   * Resolves true once saved, false while it is kept for a retry.
   */
  save(conference: PersistedConference): Promise<boolean> {
    const row = structuredClone(conference);
    return this.#writes.submit(row.conferenceId, () => this.#store.save(row), {
      conferenceId: row.conferenceId,
      state: row.state,
    });
  }

  /** Resolves once every save queued so far has been tried: true when all are saved. */
  flush(): Promise<boolean> {
    return this.#writes.flush();
  }

  /** Stops retrying (logging what is still unsaved). */
  close(): void {
    this.#writes.close();
  }
}
