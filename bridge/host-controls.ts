/**
 * The host's controls on a running conference (DESIGN.md §1, §3): mute, remove/readmit, lock,
 * record, and marking a member present at the on-site meeting place. Each action is validated, carried out through the telephony port, and only then
 * recorded in HostState, audited as a conference event with `by`, and published as a new
 * conference snapshot. A port failure becomes a PortError and leaves the state as it was.
 */
import { isoTime } from './clock.js';
import type { ConferenceEmit } from './conference-controller.js';
import { ConflictError, CoreErrorCodes, PortError } from './errors.js';
import type { ConferenceEvent } from './events.js';
import type { HostState } from './host-state.js';
import { isRunning } from './member-dialler.js';
import type { ConferenceSnapshot, MemberSnapshot } from './model.js';
import type { PhoneLinkMonitor } from './phone-link-monitor.js';
import type { Clock, ConferenceControls, Logger, Telephony } from './ports.js';
import { continuationFile, recordingFile } from './recording-files.js';

/** The part of the conference controller the host controls use. */
export interface ConferenceDirectory {
  get(conferenceId: string): ConferenceSnapshot;
  member(conferenceId: string, participantId: string): MemberSnapshot;
  runningConferenceOf(participantId: string): string | null;
  stopCalling(conferenceId: string, participantId: string): void;
  resumeCalling(conferenceId: string, participantId: string, now: boolean): void;
  changed(conferenceId: string): void;
}

export interface HostControlsOptions {
  telephony: ConferenceControls & Pick<Telephony, 'hangup'>;
  conferences: ConferenceDirectory;
  state: HostState;
  phone: Pick<PhoneLinkMonitor, 'expectEnd' | 'cancelExpectedEnd'>;
  /** Path selection for one participant: stop it (removed) or start it again (readmitted). */
  paths: {
    leave(participantId: string, reason: string): void;
    join(conferenceId: string, participantId: string): void;
  };
  clock: Clock;
  logger: Logger;
  emit: ConferenceEmit;
  /** Directory on the media server that recordings are written to. */
  recordingsDir: string;
}

export const REMOVED_REASON = 'removed-by-host';

export class HostControls {
  readonly #o: HostControlsOptions;
  /** Conferences with a recording start/stop in flight: a second one would race the first. */
  readonly #recordingBusy = new Set<string>();

  constructor(options: HostControlsOptions) {
    this.#o = options;
  }

  async setMuted(participantId: string, muted: boolean, by: string): Promise<MemberSnapshot> {
    const cid = this.#runningConferenceOf(participantId);
    this.#requireNotRemoved(cid, participantId, muted ? 'mute' : 'unmute');
    await this.#port(`${muted ? 'mute' : 'unmute'} ${participantId}`, () =>
      this.#o.telephony.setMuted(cid, participantId, muted),
    );
    this.#o.state.setMuted(cid, participantId, muted);
    return this.#memberDone(cid, participantId, { type: muted ? 'muted' : 'unmuted', participantId, by });
  }

  async remove(participantId: string, by: string): Promise<MemberSnapshot> {
    const cid = this.#runningConferenceOf(participantId);
    this.#requireNotRemoved(cid, participantId, 'remove');
    // Marked first: the hang-up ends the call at once, and the call's end (or a call-out it
    // cancels) must already see a removed member, or it would redial and fail over to radio.
    this.#o.state.setRemoved(cid, participantId, true);
    this.#o.conferences.stopCalling(cid, participantId);
    this.#o.phone.expectEnd(participantId);
    try {
      await this.#port(`hang up ${participantId}`, () => this.#o.telephony.hangup(cid, participantId));
    } catch (error) {
      this.#o.state.setRemoved(cid, participantId, false);
      this.#o.phone.cancelExpectedEnd(participantId);
      this.#o.conferences.resumeCalling(cid, participantId, false);
      throw error;
    }
    this.#o.paths.leave(participantId, REMOVED_REASON);
    return this.#memberDone(cid, participantId, {
      type: 'removed',
      participantId,
      by,
      reason: REMOVED_REASON,
    });
  }

  async readmit(participantId: string, by: string): Promise<MemberSnapshot> {
    const cid = this.#runningConferenceOf(participantId);
    if (!this.#o.state.member(cid, participantId).removed) {
      throw new ConflictError(CoreErrorCodes.MEMBER_STATE, `participant ${participantId} is not removed`);
    }
    this.#o.state.setRemoved(cid, participantId, false);
    this.#o.paths.join(cid, participantId);
    const snapshot = this.#memberDone(cid, participantId, { type: 'readmitted', participantId, by });
    this.#o.conferences.resumeCalling(cid, participantId, true);
    return snapshot;
  }

  /**
   * Marks a member present at the conference's meeting place (på plats), or not. A presence flag
   * only: no call is placed or ended and path selection is untouched. Allowed for a removed
   * member (the host may hang up the phone of someone who walked into the room). Setting what
   * is already set changes nothing and is not audited again.
   */
  setOnSite(participantId: string, onSite: boolean, by: string): MemberSnapshot {
    const cid = this.#runningConferenceOf(participantId);
    if (this.#o.state.member(cid, participantId).onSite === onSite) {
      return this.#o.conferences.member(cid, participantId);
    }
    this.#o.state.setOnSite(cid, participantId, onSite);
    return this.#memberDone(cid, participantId, {
      type: onSite ? 'on-site-marked' : 'on-site-cleared',
      participantId,
      by,
    });
  }

  async setLocked(conferenceId: string, locked: boolean, by: string): Promise<ConferenceSnapshot> {
    this.#requireRunning(conferenceId);
    await this.#port(`${locked ? 'lock' : 'unlock'} ${conferenceId}`, () =>
      this.#o.telephony.setLocked(conferenceId, locked),
    );
    this.#o.state.setLocked(conferenceId, locked);
    return this.#conferenceDone(conferenceId, { type: locked ? 'locked' : 'unlocked', by });
  }

  async startRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.#requireRunning(conferenceId);
    const current = this.#o.state.conference(conferenceId).recording;
    if (current) {
      throw new ConflictError(CoreErrorCodes.RECORDING_STATE, `already recording to ${current.file}`);
    }
    const sinceMs = this.#o.clock.now();
    const file = recordingFile(this.#o.recordingsDir, conferenceId, sinceMs);
    await this.#recordingChange(conferenceId, () =>
      this.#port(`record ${conferenceId}`, () => this.#o.telephony.startRecording(conferenceId, file)),
    );
    if (!isRunning(this.#o.conferences.get(conferenceId).state)) {
      // Ended while the media server was starting the recorder: end's clean-up did not see it.
      await this.#o.telephony.stopRecording(conferenceId).catch((err: unknown) => {
        this.#o.logger.warn({ err, conferenceId }, 'could not stop a recording that outlived its conference');
      });
      throw new ConflictError(CoreErrorCodes.CONFERENCE_STATE, `conference ${conferenceId} ended meanwhile`);
    }
    this.#o.state.setRecording(conferenceId, { file, sinceMs });
    return this.#conferenceDone(conferenceId, { type: 'recording-started', by, detail: file });
  }

  async stopRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.#requireRunning(conferenceId);
    const current = this.#o.state.conference(conferenceId).recording;
    if (!current) throw new ConflictError(CoreErrorCodes.RECORDING_STATE, `${conferenceId} is not recording`);
    await this.#recordingChange(conferenceId, () =>
      this.#port(`stop recording ${conferenceId}`, () => this.#o.telephony.stopRecording(conferenceId)),
    );
    this.#o.state.setRecording(conferenceId, null);
    return this.#conferenceDone(conferenceId, { type: 'recording-stopped', by, detail: current.file });
  }

  /**
   * The conference is about to end: stop its recording and lift its lock. Best effort — ending
   * must not fail because the recorder did, and the media server drops both with the conference.
   */
  async releaseForEnd(conferenceId: string, by: string): Promise<void> {
    if (!isRunning(this.#o.conferences.get(conferenceId).state)) return;
    const { locked, recording } = this.#o.state.conference(conferenceId);
    const reason = 'conference-ended';
    if (recording) {
      await this.#o.telephony.stopRecording(conferenceId).catch((err: unknown) => {
        this.#o.logger.warn({ err, conferenceId }, 'could not stop the recording at conference end');
      });
      this.#o.state.setRecording(conferenceId, null);
      this.#event(conferenceId, { type: 'recording-stopped', by, reason, detail: recording.file });
    }
    if (locked) {
      await this.#o.telephony.setLocked(conferenceId, false).catch((err: unknown) => {
        this.#o.logger.warn({ err, conferenceId }, 'could not unlock the conference at its end');
      });
      this.#o.state.setLocked(conferenceId, false);
      this.#event(conferenceId, { type: 'unlocked', by, reason });
    }
  }

  /**
   * After a gateway restart the recording the host had started did not survive on the media
   * server: record on to a continuation file, never over the part already recorded. If that
   * fails the conference is no longer recorded, and the host is told. Best effort: never throws.
   */
  async continueRecording(conferenceId: string): Promise<void> {
    const { state, telephony, logger } = this.#o;
    const lost = state.conference(conferenceId).recording;
    // A host start or stop under way already decides what is recorded.
    if (!lost || this.#recordingBusy.has(conferenceId)) return;
    const sinceMs = this.#o.clock.now();
    const file = continuationFile(lost.file, sinceMs);
    try {
      await this.#recordingChange(conferenceId, () => telephony.startRecording(conferenceId, file));
    } catch (err) {
      logger.error({ err, conferenceId, file: lost.file }, 'recording not resumed after restart');
      state.setRecording(conferenceId, null);
      this.#conferenceDone(conferenceId, {
        type: 'recording-stopped',
        reason: 'not-resumed-after-restart',
        detail: lost.file,
      });
      return;
    }
    if (!isRunning(this.#o.conferences.get(conferenceId).state)) {
      await telephony.stopRecording(conferenceId).catch((err: unknown) => {
        logger.warn({ err, conferenceId }, 'could not stop a recording that outlived its conference');
      });
      return;
    }
    state.setRecording(conferenceId, { file, sinceMs });
    this.#conferenceDone(conferenceId, {
      type: 'recording-started',
      reason: 'resumed-after-restart',
      detail: file,
    });
  }

  /**
   * A member's call connected. A removed member is hung up again (a call-out that was already
   * being answered, or a dial-in); a muted one is muted again, since a new call starts unmuted.
   */
  callConnected(conferenceId: string, participantId: string): void {
    const { muted, removed } = this.#o.state.member(conferenceId, participantId);
    const { telephony, logger, phone } = this.#o;
    if (removed) {
      logger.warn({ conferenceId, participantId }, 'removed participant connected; hanging up');
      phone.expectEnd(participantId);
      telephony.hangup(conferenceId, participantId).catch((err: unknown) => {
        logger.error({ err, conferenceId, participantId }, 'could not hang up a removed participant');
      });
    } else if (muted) {
      telephony.setMuted(conferenceId, participantId, true).catch((err: unknown) => {
        logger.error({ err, conferenceId, participantId }, 'could not re-apply mute after reconnect');
      });
    }
  }

  #runningConferenceOf(participantId: string): string {
    const cid = this.#o.conferences.runningConferenceOf(participantId);
    if (!cid) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `participant ${participantId} is not in a running conference`,
      );
    }
    return cid;
  }

  #requireRunning(conferenceId: string): void {
    const { state } = this.#o.conferences.get(conferenceId);
    if (!isRunning(state)) {
      throw new ConflictError(CoreErrorCodes.CONFERENCE_STATE, `conference ${conferenceId} is ${state}`);
    }
  }

  #requireNotRemoved(conferenceId: string, participantId: string, action: string): void {
    if (this.#o.state.member(conferenceId, participantId).removed) {
      throw new ConflictError(
        CoreErrorCodes.MEMBER_STATE,
        `cannot ${action} ${participantId}: removed by the host (readmit first)`,
      );
    }
  }

  async #recordingChange(conferenceId: string, change: () => Promise<void>): Promise<void> {
    if (this.#recordingBusy.has(conferenceId)) {
      throw new ConflictError(
        CoreErrorCodes.RECORDING_STATE,
        `a recording change for ${conferenceId} is under way`,
      );
    }
    this.#recordingBusy.add(conferenceId);
    try {
      await change();
    } finally {
      this.#recordingBusy.delete(conferenceId);
    }
  }

  async #port(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.#o.logger.error({ err: error }, `telephony could not ${what}`);
      const detail = error instanceof Error ? error.message : String(error);
      throw new PortError(CoreErrorCodes.TELEPHONY_FAILED, `telephony could not ${what}: ${detail}`, {
        cause: error,
      });
    }
  }

  #memberDone(conferenceId: string, participantId: string, event: HostEvent): MemberSnapshot {
    this.#event(conferenceId, event);
    this.#o.conferences.changed(conferenceId);
    return this.#o.conferences.member(conferenceId, participantId);
  }

  #conferenceDone(conferenceId: string, event: HostEvent): ConferenceSnapshot {
    this.#event(conferenceId, event);
    this.#o.conferences.changed(conferenceId);
    return this.#o.conferences.get(conferenceId);
  }

  #event(conferenceId: string, event: HostEvent): void {
    this.#o.logger.info({ conferenceId, ...event }, 'host control');
    this.#o.emit('conference.event', { conferenceId, at: isoTime(this.#o.clock.now()), ...event });
  }
}

type HostEvent = Omit<ConferenceEvent, 'conferenceId' | 'at'>;
