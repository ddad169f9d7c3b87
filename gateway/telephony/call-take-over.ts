/**
 * The adapter's side of a gateway restart: surviving calls (CallRecovery finds them in a
 * re-attached room) become RecoveredLegs registered as the participants' calls — claimed by the
 * core through Telephony#recoverConference, or found when the participant is called again.
 */
import type { Clock, Logger, RecoveredConference } from '../../bridge/ports.js';
import type { TelephonyConfig } from '../../config/schema.js';
import type { BackendLinks } from './backend-links.js';
import { CallRecovery, type Survivor } from './call-recovery.js';
import type { Emit } from './call-report.js';
import type { MediaServerLike } from './drachtio-types.js';
import { RecoveredLeg } from './recovered-leg.js';

/** The participants' calls of the adapter, by callKey. */
export interface CallRegistry {
  has(key: string): boolean;
  get(key: string): { ended: boolean } | undefined;
  set(key: string, leg: RecoveredLeg): void;
  delete(key: string): void;
  values(): IterableIterator<object>;
}

export interface CallTakeOverDeps {
  clock: Clock;
  logger: Logger;
  telephony: TelephonyConfig;
  participantIds: ReadonlySet<string>;
  links: BackendLinks;
  calls: CallRegistry;
  emit: Emit;
  isClosed(): boolean;
  /** Ensures the conference's room on `ms` (re-attaching, and so surveying, a running one). */
  room(ms: MediaServerLike, conferenceId: string): Promise<string>;
  isOurs(uuid: string): boolean;
  adoptRecording(conferenceId: string, file: string): void;
  recordingTo(conferenceId: string): string | null;
}

export function callKey(conferenceId: string, participantId: string): string {
  return JSON.stringify([conferenceId, participantId]);
}

export class CallTakeOver {
  readonly recovery: CallRecovery;
  readonly #d: CallTakeOverDeps;

  constructor(deps: CallTakeOverDeps) {
    this.#d = deps;
    this.recovery = new CallRecovery({
      clock: deps.clock,
      logger: deps.logger,
      timeoutMs: deps.telephony.timings.operationTimeoutMs,
      srf: deps.links.srf,
      isOurs: deps.isOurs,
      adoptRecording: deps.adoptRecording,
    });
  }

  /**
   * After a restart: takes over the participants' calls still in the conference's room (waiting
   * up to `timings.recoverWaitMs` for both links), and reports the recording that survived.
   */
  async recoverConference(conferenceId: string): Promise<RecoveredConference> {
    const ms = await this.#d.links.whenAvailable(this.#d.telephony.timings.recoverWaitMs);
    await this.#d.room(ms, conferenceId);
    const members: RecoveredConference['members'] = [];
    for (const survivor of await this.recovery.claim(ms, conferenceId)) {
      if (this.#takeOver(ms, conferenceId, survivor)) members.push({ participantId: survivor.participantId });
    }
    this.#d.logger.info({ conferenceId, recovered: members.length }, 'calls taken over after restart');
    return { members, recordingTo: this.#d.recordingTo(conferenceId) };
  }

  /**
   * A call-out to a participant whose call survived a restart unclaimed (the core's recovery
   * timed out): that call is the answer — ringing the phone again would find it busy.
   */
  async onCallOut(conferenceId: string, participantId: string): Promise<boolean> {
    const ms = this.#d.links.mediaServer;
    if (!ms) return false;
    // Re-attaching the room (if it was running) is what finds its surviving calls.
    await this.#d.room(ms, conferenceId).catch(() => {});
    if (!this.recovery.holds(conferenceId, participantId)) return false;
    const [survivor] = await this.recovery.claim(ms, conferenceId, participantId);
    if (!survivor || !this.#takeOver(ms, conferenceId, survivor)) return false;
    this.#d.emit('call.connected', { conferenceId, participantId, number: null });
    return true;
  }

  /** FreeSWITCH's event socket reconnected: calls taken over are watched on the new one. */
  mediaServerBack(ms: MediaServerLike): void {
    const taken = [...this.#d.calls.values()].filter(
      (leg): leg is RecoveredLeg => leg instanceof RecoveredLeg,
    );
    if (taken.length === 0) return;
    this.recovery.subscribe(ms);
    for (const leg of taken) void leg.rebind(ms);
  }

  /** Wraps a surviving call as the participant's call; false when it cannot be (left to end). */
  #takeOver(ms: MediaServerLike, conferenceId: string, survivor: Survivor): boolean {
    const { participantId } = survivor;
    const key = callKey(conferenceId, participantId);
    const { calls, telephony: t } = this.#d;
    if (this.#d.isClosed() || calls.has(key)) return false;
    if (!this.#d.participantIds.has(participantId)) {
      this.#d.logger.warn(
        { conferenceId, participantId },
        'surviving call of a participant no longer configured',
      );
      return false;
    }
    const leg = new RecoveredLeg({
      ...survivor,
      conferenceId,
      ms,
      srf: this.#d.links.srf,
      emit: this.#d.emit,
      clock: this.#d.clock,
      logger: this.#d.logger.child({ conferenceId, participantId, callId: `recovered-${participantId}` }),
      mediaTimeoutMs: t.mediaTimeoutMs,
      qualityIntervalMs: t.timings.qualityIntervalMs,
      operationTimeoutMs: t.timings.operationTimeoutMs,
      finished: (done) => {
        if (calls.get(key) === done) calls.delete(key);
      },
    });
    calls.set(key, leg);
    leg.watch();
    return true;
  }
}
