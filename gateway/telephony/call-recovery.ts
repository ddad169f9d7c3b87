/**
 * Taking calls over after a gateway restart (issue 4: "a restart of the gateway re-attaches to
 * the conference it was running"). When a room turns out to be running already, it is surveyed
 * (room-survey.ts) before anyone joins it through this adapter:
 * - participants' calls wait to be claimed by the core (Telephony#recoverConference) and become
 *   RecoveredLegs; one the core never claims is hung up as soon as the participant is called
 *   again, so nobody is in the room twice;
 * - radio audio legs are hung up: RadioLegs calls its RoIP interfaces afresh, and two legs from
 *   one radio would echo;
 * - a recording still running is handed to RoomControls, so it can be stopped;
 * - dial-in guests and untagged channels are left alone (logged): they are in the conference
 *   and nobody can say whose they are.
 * A channel this adapter already runs (a re-attach after FreeSWITCH's event socket reconnected)
 * is no survivor.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { MediaServerLike, SrfLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { hangUpOrphan, RECOVERY_EVENTS } from './recovered-leg.js';
import { surveyRoom } from './room-survey.js';
import { withTimeout } from './timing.js';

export interface CallRecoveryDeps {
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  srf: SrfLike;
  /** True for a channel of a call this adapter runs now. */
  isOurs(uuid: string): boolean;
  adoptRecording(conferenceId: string, file: string): void;
}

/** A participant's call found in a re-attached room, not yet taken over. */
export interface Survivor {
  uuid: string;
  memberId: number;
  room: string;
  participantId: string;
  dialogId: string;
}

export class CallRecovery {
  readonly #deps: CallRecoveryDeps;
  /** conferenceId → participantId → survivor. */
  #survivors = new Map<string, Map<string, Survivor>>();
  #subscribed = new WeakSet<MediaServerLike>();

  constructor(deps: CallRecoveryDeps) {
    this.#deps = deps;
  }

  /** A room of `conferenceId` was running already on `ms`: take stock of its calls. */
  async reattached(ms: MediaServerLike, room: string, conferenceId: string): Promise<void> {
    const { clock, logger, timeoutMs } = this.#deps;
    const survey = await surveyRoom(ms, room, clock, timeoutMs);
    if (!survey) return;
    const [recording, ...more] = survey.recordings;
    if (recording) this.#deps.adoptRecording(conferenceId, recording);
    if (more.length > 0)
      logger.warn({ conferenceId, recordings: survey.recordings }, 'room has several recordings');
    const found = new Map<string, Survivor>();
    for (const member of survey.members) {
      if (this.#deps.isOurs(member.uuid)) continue;
      const id = member.identity;
      if (!id || id.conferenceId !== conferenceId) {
        logger.warn(
          { conferenceId, uuid: member.uuid },
          'a call in the room is not ours to take over: left alone',
        );
      } else if (id.radioId !== null) {
        logger.info(
          { conferenceId, radioId: id.radioId },
          'radio audio leg from before the restart: hung up',
        );
        await this.#hangUp(ms, member.uuid, id.dialogId);
      } else if (id.participantId === null) {
        logger.info(
          { conferenceId, uuid: member.uuid },
          'a dial-in guest from before the restart stays in the room',
        );
      } else {
        const survivor = {
          uuid: member.uuid,
          memberId: member.memberId,
          room,
          participantId: id.participantId,
          dialogId: id.dialogId,
        };
        const twin = found.get(id.participantId);
        // Two calls for one participant: keep the one that joined last, as a new call replaces an old one.
        const [older, newer] = !twin
          ? [null, survivor]
          : twin.memberId < survivor.memberId
            ? [twin, survivor]
            : [survivor, twin];
        if (older) await this.#hangUp(ms, older.uuid, older.dialogId);
        found.set(id.participantId, newer);
      }
    }
    this.#survivors.set(conferenceId, found);
  }

  /**
   * The surviving participants' calls of `conferenceId`, each still up, for the caller to wrap
   * as RecoveredLegs (the inbound socket is subscribed to their events first, so no hang-up is
   * missed between the check and the take-over).
   */
  async claim(ms: MediaServerLike, conferenceId: string, only?: string): Promise<Survivor[]> {
    const waiting = this.#survivors.get(conferenceId);
    const survivors = [...(waiting?.values() ?? [])].filter(
      (s) => only === undefined || s.participantId === only,
    );
    for (const s of survivors) waiting?.delete(s.participantId);
    if (survivors.length === 0) return [];
    this.subscribe(ms);
    const alive: Survivor[] = [];
    for (const survivor of survivors) {
      const exists = await withTimeout(
        this.#deps.clock,
        ms.api(`uuid_exists ${survivor.uuid}`),
        this.#deps.timeoutMs,
        'uuid_exists',
      ).catch((err: unknown) => `-ERR ${describe(err)}`);
      if (exists.trim() === 'true') alive.push(survivor);
      else
        this.#deps.logger.info(
          { conferenceId, participantId: survivor.participantId },
          'surviving call ended before the take-over',
        );
    }
    return alive;
  }

  /** Subscribes `ms`'s inbound socket to what taken-over calls are watched by (once per socket). */
  subscribe(ms: MediaServerLike): void {
    if (this.#subscribed.has(ms)) return;
    ms.conn.subscribe(RECOVERY_EVENTS);
    this.#subscribed.add(ms);
  }

  /** Whether an unclaimed surviving call of this participant is known. */
  holds(conferenceId: string, participantId: string): boolean {
    return this.#survivors.get(conferenceId)?.has(participantId) ?? false;
  }

  /** The participant is being called again: a survivor nobody claimed must not stay as a twin. */
  async displace(ms: MediaServerLike | null, conferenceId: string, participantId: string): Promise<void> {
    const survivors = this.#survivors.get(conferenceId);
    const survivor = survivors?.get(participantId);
    if (!survivor || !ms) return;
    survivors?.delete(participantId);
    this.#deps.logger.info(
      { conferenceId, participantId },
      'unclaimed call from before the restart: hung up',
    );
    await this.#hangUp(ms, survivor.uuid, survivor.dialogId);
  }

  /** FreeSWITCH reconnected: rooms are surveyed again when re-attached. */
  reset(): void {
    this.#survivors = new Map();
  }

  async #hangUp(ms: MediaServerLike, uuid: string, dialogId: string): Promise<void> {
    await hangUpOrphan({ ...this.#deps, ms, uuid, dialogId });
  }
}
