/**
 * Calling conference members out: bounded concurrency (FreeSWITCH fails bursts of set-ups, so
 * they are paced), and a member whose call failed or dropped is called again after
 * `redialIntervalMs` for as long as its conference runs and the host has not removed it.
 */
import type { ConferenceEvent } from './events.js';
import type { CallOutcome, ConferenceSpec, ConferenceState, ParticipantSpec } from './model.js';
import type { PhoneLinkMonitor } from './phone-link-monitor.js';
import type { CallOutResult, Clock, Logger, Telephony, TimerHandle } from './ports.js';
import { Semaphore } from './semaphore.js';

export interface Member {
  lastCallOutcome: CallOutcome | null;
  calling: boolean;
  redial: TimerHandle | null;
  /** Waiting for one of the core's call-out slots (maxConcurrentCallOuts). */
  queued?: boolean;
  /** Held back by the telephony adapter's admission control: what is full. */
  capacity?: string | null;
}

/** Shown for a member queued behind the core's call-out slots while nothing is at capacity. */
export const QUEUED_FOR_SLOT = 'call-out queue: waiting for a free call-out slot';

/** The part of a conference record the dialler reads; the controller owns the record. */
export interface DialledConference {
  readonly spec: ConferenceSpec;
  readonly state: ConferenceState;
  readonly members: ReadonlyMap<string, Member>;
}

export interface DiallerTimings {
  redialIntervalMs: number;
  maxConcurrentCallOuts: number;
}

export interface DiallerOptions {
  participants: ReadonlyMap<string, ParticipantSpec>;
  telephony: Telephony;
  phone: PhoneLinkMonitor;
  clock: Clock;
  logger: Logger;
  timings: DiallerTimings;
  isRemoved(conferenceId: string, participantId: string): boolean;
  event(conference: DialledConference, event: Omit<ConferenceEvent, 'conferenceId' | 'at'>): void;
  changed(conferenceId: string): void;
}

export function isRunning(state: ConferenceState): boolean {
  return state === 'convening' || state === 'active';
}

export class MemberDialler {
  readonly #o: DiallerOptions;
  readonly #callSlots: Semaphore;

  constructor(options: DiallerOptions) {
    this.#o = options;
    this.#callSlots = new Semaphore(options.timings.maxConcurrentCallOuts);
  }

  async callOut(conference: DialledConference, participantId: string): Promise<void> {
    const { telephony, phone, logger } = this.#o;
    const member = conference.members.get(participantId);
    const participant = this.#o.participants.get(participantId);
    if (!member || !participant || member.calling || this.#removed(conference, participantId)) return;
    if (participant.phoneNumbers.length === 0) {
      member.lastCallOutcome = 'failed';
      phone.callFailed(participantId, 'failed', 'no-phone-number-configured');
      return;
    }
    member.calling = true;
    member.queued = true;
    this.#o.event(conference, { type: 'call-out', participantId });
    let result: CallOutResult;
    try {
      // Re-checked inside the slot: the conference may have ended, or the host removed the
      // member, while this call-out waited for a free slot.
      result = await this.#callSlots.run(() => {
        member.queued = false;
        const cancelled = !isRunning(conference.state)
          ? 'conference-ended'
          : this.#removed(conference, participantId)
            ? 'removed-by-host'
            : null;
        return cancelled
          ? Promise.resolve({ outcome: 'failed' as const, number: null, cause: cancelled })
          : telephony.callOut({
              conferenceId: conference.spec.id,
              participantId,
              numbers: participant.phoneNumbers,
            });
      });
    } catch (error) {
      logger.error({ err: error, participantId }, 'call-out failed');
      result = {
        outcome: 'failed',
        number: null,
        cause: error instanceof Error ? error.message : String(error),
      };
    } finally {
      member.calling = false;
      member.queued = false;
      member.capacity = null;
    }
    member.lastCallOutcome = result.outcome;
    this.#o.event(conference, {
      type: 'call-result',
      participantId,
      outcome: result.outcome,
      detail: result.number ?? undefined,
      reason: result.cause,
    });
    // A call the host cancelled by removing the member is no evidence about the phone link.
    if (
      result.outcome !== 'answered' &&
      isRunning(conference.state) &&
      !this.#removed(conference, participantId)
    ) {
      phone.callFailed(participantId, result.outcome, result.cause);
      this.scheduleRedial(conference, participantId);
    }
    this.#o.changed(conference.spec.id);
  }

  scheduleRedial(conference: DialledConference, participantId: string): void {
    const member = conference.members.get(participantId);
    if (!member || this.#o.timings.redialIntervalMs <= 0 || member.redial || member.calling) return;
    if (this.#removed(conference, participantId)) return;
    member.redial = this.#o.clock.setTimeout(() => {
      member.redial = null;
      if (
        isRunning(conference.state) &&
        !this.#removed(conference, participantId) &&
        !this.#o.phone.isConnected(participantId)
      ) {
        void this.callOut(conference, participantId);
      }
    }, this.#o.timings.redialIntervalMs);
  }

  cancelRedial(member: Member): void {
    if (member.redial) this.#o.clock.clearTimeout(member.redial);
    member.redial = null;
  }

  #removed(conference: DialledConference, participantId: string): boolean {
    return this.#o.isRemoved(conference.spec.id, participantId);
  }
}
