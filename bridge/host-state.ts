/**
 * What the host has set on a running conference: mutes, removals, the lock and the recording.
 * Plain state, no behaviour: HostControls changes it (after the telephony port agreed), the
 * conference controller reads it (snapshots, "do not redial a removed member"). It is reset
 * when a conference is convened, so one week's removals never carry into the next.
 */
import { isoTime } from './clock.js';
import type { RecordingSnapshot } from './model.js';

export interface MemberFlags {
  muted: boolean;
  removed: boolean;
}

export interface ConferenceFlags {
  locked: boolean;
  recording: RecordingSnapshot | null;
}

/** The read side the conference controller depends on. */
export interface HostFlags {
  reset(conferenceId: string): void;
  member(conferenceId: string, participantId: string): MemberFlags;
  conference(conferenceId: string): ConferenceFlags;
}

interface ConferenceHostState {
  locked: boolean;
  recording: { file: string; sinceMs: number } | null;
  muted: Set<string>;
  removed: Set<string>;
}

export class HostState implements HostFlags {
  readonly #conferences = new Map<string, ConferenceHostState>();

  reset(conferenceId: string): void {
    this.#conferences.set(conferenceId, fresh());
  }

  member(conferenceId: string, participantId: string): MemberFlags {
    const c = this.#conferences.get(conferenceId);
    return { muted: c?.muted.has(participantId) ?? false, removed: c?.removed.has(participantId) ?? false };
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
  }

  setRemoved(conferenceId: string, participantId: string, removed: boolean): void {
    toggle(this.#state(conferenceId).removed, participantId, removed);
  }

  setLocked(conferenceId: string, locked: boolean): void {
    this.#state(conferenceId).locked = locked;
  }

  setRecording(conferenceId: string, recording: { file: string; sinceMs: number } | null): void {
    this.#state(conferenceId).recording = recording;
  }

  #state(conferenceId: string): ConferenceHostState {
    const state = this.#conferences.get(conferenceId) ?? fresh();
    this.#conferences.set(conferenceId, state);
    return state;
  }
}

function fresh(): ConferenceHostState {
  return { locked: false, recording: null, muted: new Set(), removed: new Set() };
}

function toggle(set: Set<string>, id: string, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}
