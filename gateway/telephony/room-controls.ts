/**
 * Host controls on a FreeSWITCH room (mod_conference API over the event socket):
 * `conference <room> lock|unlock`, `recording start|stop`, and the `+OK` check every reply
 * needs (mod_conference answers errors with `-ERR …` or a bare "Conference … not found").
 *
 * Lock: the adapter's own lock state is authoritative — dial-in refuses new callers while a
 * conference is locked, even before its room exists or while FreeSWITCH is away — and is
 * mirrored onto the room whenever it is created or re-attached. FreeSWITCH enforces the lock on
 * inbound channels only unless `conference_enforce_security=false`, which call-outs and radio
 * legs set (callOutVars), so the gateway's own calls still join a locked room.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { MediaServerLike } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import { withTimeout } from './timing.js';

export interface RoomControlsDeps {
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  mediaServer(): MediaServerLike | null;
  /** Ensures the conference's room on `ms`; resolves with its FreeSWITCH name. */
  room(ms: MediaServerLike, conferenceId: string): Promise<string>;
}

/** Absolute path, no whitespace or control characters (it goes into an API command line). */
function isRecordingPath(file: string): boolean {
  return /^\/\S+$/.test(file) && ![...file].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

export class RoomControls {
  readonly #deps: RoomControlsDeps;
  readonly #locked = new Set<string>();
  readonly #recording = new Map<string, string>();

  constructor(deps: RoomControlsDeps) {
    this.#deps = deps;
  }

  isLocked(conferenceId: string): boolean {
    return this.#locked.has(conferenceId);
  }

  /** The file the conference is being recorded to, if any. */
  recordingTo(conferenceId: string): string | null {
    return this.#recording.get(conferenceId) ?? null;
  }

  /** A recording found running in a re-attached room (the gateway restarted): ours to stop. */
  adoptRecording(conferenceId: string, file: string): void {
    this.#recording.set(conferenceId, file);
    this.#deps.logger.info({ conferenceId, file }, 'conference recording still running after restart');
  }

  /** Takes effect for dial-in at once; mirrored to FreeSWITCH now if it is up, else on (re)connect. */
  async setLocked(conferenceId: string, locked: boolean): Promise<void> {
    if (locked) this.#locked.add(conferenceId);
    else this.#locked.delete(conferenceId);
    this.#deps.logger.info({ conferenceId, locked }, locked ? 'conference locked' : 'conference unlocked');
    const ms = this.#deps.mediaServer();
    if (!ms) return;
    const room = await this.#deps.room(ms, conferenceId);
    await this.command(ms, `${room} ${locked ? 'lock' : 'unlock'}`);
  }

  async startRecording(conferenceId: string, file: string): Promise<void> {
    if (!isRecordingPath(file)) {
      throw new TelephonyError(
        TelephonyErrorCodes.BAD_RECORDING_PATH,
        'a recording file must be an absolute path without spaces or control characters',
      );
    }
    const ms = this.#ms();
    const room = await this.#deps.room(ms, conferenceId);
    const previous = this.#recording.get(conferenceId);
    this.#recording.delete(conferenceId);
    // One recording per conference: a new file replaces the old one.
    if (previous) await this.#stop(ms, room, previous);
    await this.command(ms, `${room} recording start ${file}`);
    this.#recording.set(conferenceId, file);
    this.#deps.logger.info({ conferenceId, file }, 'conference recording started');
  }

  async stopRecording(conferenceId: string): Promise<void> {
    if (!this.#recording.has(conferenceId)) return;
    this.#recording.delete(conferenceId);
    const ms = this.#deps.mediaServer();
    if (!ms) return; // FreeSWITCH went away: its recording went with the room
    const room = await this.#deps.room(ms, conferenceId);
    await this.#stop(ms, room, 'all');
    this.#deps.logger.info({ conferenceId }, 'conference recording stopped');
  }

  /**
   * A room was created or re-attached on `ms`: mirror the adapter's lock onto it both ways (a
   * re-attached room may still carry a lock from before the gateway restarted).
   */
  async roomReady(ms: MediaServerLike, room: string, conferenceId: string): Promise<void> {
    await this.command(ms, `${room} ${this.#locked.has(conferenceId) ? 'lock' : 'unlock'}`);
  }

  /** `conference <args>` on the media server; rejects unless mod_conference answers +OK. */
  async command(ms: MediaServerLike, args: string): Promise<string> {
    const reply = await this.#send(ms, args);
    if (!accepted(reply)) throw refused(reply);
    return reply;
  }

  async #stop(ms: MediaServerLike, room: string, file: string): Promise<void> {
    const reply = await this.#send(ms, `${room} recording stop ${file}`);
    // "-ERR non-existant recording": it already ended with its room (FreeSWITCH restarted).
    if (!accepted(reply) && !/non-existant recording/.test(reply)) throw refused(reply);
  }

  #send(ms: MediaServerLike, args: string): Promise<string> {
    return withTimeout(
      this.#deps.clock,
      ms.api(`conference ${args}`),
      this.#deps.timeoutMs,
      'conference API',
    );
  }

  #ms(): MediaServerLike {
    const ms = this.#deps.mediaServer();
    if (!ms) throw new TelephonyError(TelephonyErrorCodes.BACKEND_DOWN, 'FreeSWITCH is not connected');
    return ms;
  }
}

/**
 * mod_conference answers `+OK …` — sometimes after informational lines (1.10.12's `recording
 * stop` prints "Stopped recording file …" first) — and `-ERR …` on any line that failed.
 */
export function accepted(reply: string): boolean {
  return /^\+OK/m.test(reply) && !/^-ERR/m.test(reply);
}

export function refused(reply: string): TelephonyError {
  return new TelephonyError(
    TelephonyErrorCodes.CONTROL_FAILED,
    `mod_conference refused: ${reply.trim().slice(0, 120) || '(empty reply)'}`,
  );
}
