/**
 * Which conferences are running, kept across a gateway restart (issue 4: "a restart of the
 * gateway re-attaches to the conference it was running"). The core saves every state change;
 * on start it resumes the conferences saved as running. Lock, recording and mute flags are not
 * kept: a resumed conference starts unlocked, unrecorded and unmuted.
 */
import type { ConferenceState } from './model.js';

export interface PersistedConference {
  conferenceId: string;
  state: ConferenceState;
  /** ISO 8601 time the conference entered `state`. */
  since: string;
}

export interface ConferenceStateStore {
  /** Every conference saved and not cleared, in no particular order. */
  load(): Promise<PersistedConference[]>;
  /** Replaces what is kept for `conference.conferenceId`. */
  save(conference: PersistedConference): Promise<void>;
  /** Forgets a conference (no-op when nothing is kept for it). */
  clear(conferenceId: string): Promise<void>;
}

/** The store for tests and the simulator-only demo: survives a core, not a process. */
export class InMemoryConferenceStateStore implements ConferenceStateStore {
  readonly #rows = new Map<string, PersistedConference>();

  async load(): Promise<PersistedConference[]> {
    return [...this.#rows.values()].map((row) => ({ ...row }));
  }

  async save(conference: PersistedConference): Promise<void> {
    this.#rows.set(conference.conferenceId, { ...conference });
  }

  async clear(conferenceId: string): Promise<void> {
    this.#rows.delete(conferenceId);
  }
}
