/**
 * Which conferences are running, kept across a gateway restart (issue 4: "a restart of the
 * gateway re-attaches to the conference it was running"), together with what the host set on
 * them. The core saves every state change and every change of a host flag (lock, recording,
 * mutes, removals, on site); on start it resumes the conferences saved as running with their flags: a
 * removed member stays removed, a locked conference is locked again before its room is
 * re-attached, mutes are re-applied, and a recording that did not survive goes on in a
 * continuation file. Convening a conference anew resets its flags.
 */
import type { ConferenceState } from './model.js';

/** The host's flags on one conference, as kept. */
export interface PersistedHostFlags {
  locked: boolean;
  /** Participant ids, sorted. */
  muted: string[];
  /** Participant ids, sorted. */
  removed: string[];
  /** Participant ids marked on site, sorted; absent in rows written before it was kept. */
  onSite?: string[];
  /** `since`: ISO 8601 time the recording to `file` started. */
  recording: { file: string; since: string } | null;
}

export interface PersistedConference {
  conferenceId: string;
  state: ConferenceState;
  /** ISO 8601 time the conference entered `state`. */
  since: string;
  /** Absent in rows written before host flags were kept: the conference then has none set. */
  host?: PersistedHostFlags;
  /**
   * Whom this run calls and what it is about (issue 12: a convene may select on the spot).
   * Absent in rows written before: the conference resumes with its configured roster.
   */
  run?: PersistedRun;
}

export interface PersistedRun {
  /** Participant ids, in roster order. */
  roster: string[];
  subject: string | null;
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
    return [...this.#rows.values()].map((row) => structuredClone(row));
  }

  async save(conference: PersistedConference): Promise<void> {
    this.#rows.set(conference.conferenceId, structuredClone(conference));
  }

  async clear(conferenceId: string): Promise<void> {
    this.#rows.delete(conferenceId);
  }
}
