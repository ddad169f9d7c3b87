/**
 * Saves conference states to the ConferenceStateStore one after another, in the order the
 * changes happened, so the last save of a conference is always its latest state. A failed save
 * is logged and never reaches whoever changed the state (a host command, a call event).
 */
import type { ConferenceStateStore, PersistedConference } from './conference-store.js';
import type { Logger } from './ports.js';

export class ConferenceStateWriter {
  readonly #store: ConferenceStateStore;
  readonly #logger: Logger;
  #writes: Promise<void> = Promise.resolve();

  constructor(store: ConferenceStateStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** Queues a save of `conference` as it is now (copied, so later changes do not leak in). */
  save(conference: PersistedConference): void {
    const row = structuredClone(conference);
    this.#writes = this.#writes
      .then(() => this.#store.save(row))
      .catch((err: unknown) =>
        this.#logger.error(
          { err, conferenceId: row.conferenceId, state: row.state },
          'conference state not saved',
        ),
      );
  }

  /** Resolves once every save queued so far has been made (or has failed and been logged). */
  flush(): Promise<void> {
    return this.#writes;
  }
}
