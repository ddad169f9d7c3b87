/**
 * What the host has set on a running conference: mutes, removals, who is on site, the lock and
 * the recording.
 * Plain state, no behaviour: HostControls changes it (after the telephony port agreed), the
 * conference controller reads it (snapshots, "do not redial a removed member"). It is reset
 * when a conference is convened, so one week's removals never carry into the next, and
 * restored from the conference store when a conference is resumed after a restart.
 */
import { isoTime } from './clock.js';
import type { PersistedHostFlags } from './conference-store.js';
import type { RecordingSnapshot } from './model.js';

export interface MemberFlags {
  muted: boolean;
  removed: boolean;
  onSite: boolean;
}

export interface ConferenceFlags {
  locked: boolean;
  recording: RecordingSnapshot | null;
}

/** The side the conference controller depends on: read, and set wholesale when a conference starts. */
export interface HostFlags {
  reset(conferenceId: string): void;
  /** Flags kept from before a restart; a recording start that is not a time counts from `nowMs`. */
  restore(conferenceId: string, flags: PersistedHostFlags, nowMs: number): void;
  member(conferenceId: string, participantId: string): MemberFlags;
  conference(conferenceId: string): ConferenceFlags;
}

interface ConferenceHostState {
  locked: boolean;
  recording: { file: string; sinceMs: number } | null;
  muted: Set<string>;
  removed: Set<string>;
  onSite: Set<string>;
}

export class HostState implements HostFlags {
  readonly #conferences = new Map<string, ConferenceHostState>();
  readonly #changed: (conferenceId: string) => void;

  /**
   * @param changed called after each change made through a setter (a host action), so the core
   *   can save it; not after reset or restore, which come with a conference state change.
   */
  constructor(changed: (conferenceId: string) => void = () => {}) {
    this.#changed = changed;
  }

  reset(conferenceId: string): void {
    this.#conferences.set(conferenceId, fresh());
  }

  restore(conferenceId: string, flags: PersistedHostFlags, nowMs: number): void {
    const sinceMs = flags.recording ? Date.parse(flags.recording.since) : Number.NaN;
    this.#conferences.set(conferenceId, {
      locked: flags.locked,
      recording: flags.recording
        ? { file: flags.recording.file, sinceMs: Number.isFinite(sinceMs) ? sinceMs : nowMs }
        : null,
      muted: new Set(flags.muted),
      removed: new Set(flags.removed),
      onSite: new Set(flags.onSite ?? []),
    });
  }

  /** The flags of a conference as the conference store keeps them. */
  persisted(conferenceId: string): PersistedHostFlags {
    const c = this.#conferences.get(conferenceId) ?? fresh();
    return {
      locked: c.locked,
      muted: [...c.muted].sort(),
      removed: [...c.removed].sort(),
      // Absent when nobody is on site, so a conference that never used it is kept as before.
      ...(c.onSite.size > 0 ? { onSite: [...c.onSite].sort() } : {}),
      recording: c.recording ? { file: c.recording.file, since: isoTime(c.recording.sinceMs) } : null,
    };
  }

  member(conferenceId: string, participantId: string): MemberFlags {
    const c = this.#conferences.get(conferenceId);
    return {
      muted: c?.muted.has(participantId) ?? false,
      removed: c?.removed.has(participantId) ?? false,
      onSite: c?.onSite.has(participantId) ?? false,
    };
  }

  conference(conferenceId: string): ConferenceFlags {
    const c = this.#conferences.get(conferenceId);
    const recording = c?.recording;
    return {
      locked: c?.locked ?? false,
      recording: recording ? { file: recording.file, since: isoTime(recording.sinceMs) } : null,
    };
  }

  setMuted(conferenceId: string, participantId: string, muted: boolean): void {
    toggle(this.#state(conferenceId).muted, participantId, muted);
    this.#changed(conferenceId);
  }

  setRemoved(conferenceId: string, participantId: string, removed: boolean): void {
    toggle(this.#state(conferenceId).removed, participantId, removed);
    this.#changed(conferenceId);
  }

  setOnSite(conferenceId: string, participantId: string, onSite: boolean): void {
    toggle(this.#state(conferenceId).onSite, participantId, onSite);
    this.#changed(conferenceId);
  }

  setLocked(conferenceId: string, locked: boolean): void {
    this.#state(conferenceId).locked = locked;
    this.#changed(conferenceId);
  }

  setRecording(conferenceId: string, recording: { file: string; sinceMs: number } | null): void {
    this.#state(conferenceId).recording = recording;
    this.#changed(conferenceId);
  }

  #state(conferenceId: string): ConferenceHostState {
    const state = this.#conferences.get(conferenceId) ?? fresh();
    this.#conferences.set(conferenceId, state);
    return state;
  }
}

function fresh(): ConferenceHostState {
  return { locked: false, recording: null, muted: new Set(), removed: new Set(), onSite: new Set() };
}

function toggle(set: Set<string>, id: string, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}
