/**
 * Conference lifecycle `idle → convening → active → ended` and its members' calls: convening
 * calls every roster member out in parallel (bounded), the conference becomes active once every
 * first attempt has settled, and a member whose call failed or dropped is called again after
 * `redialIntervalMs` for as long as the conference runs.
 */
import { isoTime } from './clock.js';
import { ConflictError, CoreErrorCodes, NotFoundError } from './errors.js';
import type { ConferenceEvent, DomainEvents } from './events.js';
import type {
  ActivePath,
  CallOutcome,
  ConferenceSnapshot,
  ConferenceSpec,
  ConferenceState,
  ParticipantSpec,
} from './model.js';
import type { PhoneLinkMonitor } from './phone-link-monitor.js';
import type { CallOutResult, Clock, Logger, Telephony, TimerHandle } from './ports.js';
import { Semaphore } from './semaphore.js';

export interface ConferenceHooks {
  /** Members entered a running conference: path selection starts for them. */
  joined(conferenceId: string, participantIds: readonly string[]): void;
  /** Members left (conference ended). */
  left(participantIds: readonly string[], reason: string): void;
  activePathOf(participantId: string): ActivePath;
}

export interface ConferenceTimings {
  redialIntervalMs: number;
  maxConcurrentCallOuts: number;
}

type Emit = <K extends 'conference.changed' | 'conference.event'>(event: K, payload: DomainEvents[K]) => void;

interface Member {
  lastCallOutcome: CallOutcome | null;
  calling: boolean;
  redial: TimerHandle | null;
}

interface ConferenceRecord {
  spec: ConferenceSpec;
  state: ConferenceState;
  sinceMs: number;
  members: Map<string, Member>;
}

export class ConferenceController {
  readonly #conferences = new Map<string, ConferenceRecord>();
  readonly #participants: Map<string, ParticipantSpec>;
  readonly #telephony: Telephony;
  readonly #phone: PhoneLinkMonitor;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timings: ConferenceTimings;
  readonly #hooks: ConferenceHooks;
  readonly #emit: Emit;
  readonly #callSlots: Semaphore;

  constructor(options: {
    conferences: readonly ConferenceSpec[];
    participants: readonly ParticipantSpec[];
    telephony: Telephony;
    phone: PhoneLinkMonitor;
    clock: Clock;
    logger: Logger;
    timings: ConferenceTimings;
    hooks: ConferenceHooks;
    emit: Emit;
  }) {
    this.#participants = new Map(options.participants.map((p) => [p.id, p]));
    this.#telephony = options.telephony;
    this.#phone = options.phone;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#timings = options.timings;
    this.#hooks = options.hooks;
    this.#emit = options.emit;
    this.#callSlots = new Semaphore(options.timings.maxConcurrentCallOuts);
    for (const spec of options.conferences) {
      this.#conferences.set(spec.id, { spec, state: 'idle', sinceMs: this.#clock.now(), members: new Map() });
    }
  }

  list(): ConferenceSnapshot[] {
    return [...this.#conferences.values()].map((c) => this.#snapshot(c));
  }

  get(conferenceId: string): ConferenceSnapshot {
    return this.#snapshot(this.#record(conferenceId));
  }

  /** The running conference (convening or active) a participant belongs to, if any. */
  runningConferenceOf(participantId: string): string | null {
    for (const c of this.#conferences.values()) {
      if (isRunning(c.state) && c.members.has(participantId)) return c.spec.id;
    }
    return null;
  }

  async convene(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    const conference = this.#record(conferenceId);
    if (isRunning(conference.state)) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference ${conferenceId} is already ${conference.state}`,
      );
    }
    for (const pid of conference.spec.roster) {
      const other = this.runningConferenceOf(pid);
      if (other) {
        throw new ConflictError(
          CoreErrorCodes.ROSTER_CONFLICT,
          `participant ${pid} is already in running conference ${other}`,
        );
      }
    }
    conference.members = new Map(
      conference.spec.roster.map((pid) => [pid, { lastCallOutcome: null, calling: false, redial: null }]),
    );
    this.#setState(conference, 'convening', 'convened', by);
    this.#hooks.joined(conferenceId, conference.spec.roster);
    const firstAttempts = conference.spec.roster.map((pid) => this.#callOut(conference, pid));
    void Promise.allSettled(firstAttempts).then(() => {
      if (conference.state === 'convening') this.#setState(conference, 'active', 'call-out-complete');
    });
    return this.#snapshot(conference);
  }

  async end(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    const conference = this.#record(conferenceId);
    if (!isRunning(conference.state)) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference ${conferenceId} is ${conference.state}`,
      );
    }
    this.#setState(conference, 'ended', 'ended-by-request', by);
    const pids = [...conference.members.keys()];
    for (const member of conference.members.values()) this.#cancelRedial(member);
    await Promise.allSettled(
      pids.map((pid) => {
        this.#phone.expectEnd(pid);
        return this.#telephony.hangup(conferenceId, pid);
      }),
    );
    this.#hooks.left(pids, 'conference-ended');
    return this.#snapshot(conference);
  }

  /** A member's call ended without the gateway asking: call it again while the conference runs. */
  callEnded(conferenceId: string, participantId: string, cause: string): void {
    const conference = this.#conferences.get(conferenceId);
    const member = conference?.members.get(participantId);
    if (!conference || !member) return;
    this.#event(conference, { type: 'member-left', participantId, reason: cause });
    if (isRunning(conference.state)) this.#scheduleRedial(conference, participantId, member);
  }

  memberJoined(conferenceId: string, participantId: string, number: string | null): void {
    const conference = this.#conferences.get(conferenceId);
    if (!conference?.members.has(participantId)) return;
    this.#event(conference, { type: 'member-joined', participantId, detail: number ?? undefined });
    this.changed(conferenceId);
  }

  /** Re-publishes a conference snapshot (member paths or connections changed). */
  changed(conferenceId: string): void {
    const conference = this.#conferences.get(conferenceId);
    if (conference) this.#emit('conference.changed', { conference: this.#snapshot(conference) });
  }

  close(): void {
    for (const c of this.#conferences.values()) for (const m of c.members.values()) this.#cancelRedial(m);
  }

  async #callOut(conference: ConferenceRecord, participantId: string): Promise<void> {
    const member = conference.members.get(participantId);
    const participant = this.#participants.get(participantId);
    if (!member || !participant || member.calling) return;
    if (participant.phoneNumbers.length === 0) {
      member.lastCallOutcome = 'failed';
      this.#phone.callFailed(participantId, 'failed', 'no-phone-number-configured');
      return;
    }
    member.calling = true;
    this.#event(conference, { type: 'call-out', participantId });
    let result: CallOutResult;
    try {
      result = await this.#callSlots.run(() =>
        isRunning(conference.state)
          ? this.#telephony.callOut({
              conferenceId: conference.spec.id,
              participantId,
              numbers: participant.phoneNumbers,
            })
          : Promise.resolve({ outcome: 'failed' as const, number: null, cause: 'conference-ended' }),
      );
    } catch (error) {
      this.#logger.error({ err: error, participantId }, 'call-out failed');
      result = {
        outcome: 'failed',
        number: null,
        cause: error instanceof Error ? error.message : String(error),
      };
    } finally {
      member.calling = false;
    }
    member.lastCallOutcome = result.outcome;
    this.#event(conference, {
      type: 'call-result',
      participantId,
      outcome: result.outcome,
      detail: result.number ?? undefined,
      reason: result.cause,
    });
    if (result.outcome !== 'answered' && isRunning(conference.state)) {
      this.#phone.callFailed(participantId, result.outcome, result.cause);
      this.#scheduleRedial(conference, participantId, member);
    }
    this.changed(conference.spec.id);
  }

  #scheduleRedial(conference: ConferenceRecord, participantId: string, member: Member): void {
    if (this.#timings.redialIntervalMs <= 0 || member.redial || member.calling) return;
    member.redial = this.#clock.setTimeout(() => {
      member.redial = null;
      if (isRunning(conference.state) && !this.#phone.isConnected(participantId)) {
        void this.#callOut(conference, participantId);
      }
    }, this.#timings.redialIntervalMs);
  }

  #cancelRedial(member: Member): void {
    if (member.redial) this.#clock.clearTimeout(member.redial);
    member.redial = null;
  }

  #setState(conference: ConferenceRecord, state: ConferenceState, reason: string, by?: string): void {
    conference.state = state;
    conference.sinceMs = this.#clock.now();
    this.#logger.info({ conferenceId: conference.spec.id, state, reason, by }, 'conference state');
    this.#event(conference, { type: state === 'idle' ? 'ended' : state, reason, by });
    this.#emit('conference.changed', { conference: this.#snapshot(conference) });
  }

  #event(conference: ConferenceRecord, event: Omit<ConferenceEvent, 'conferenceId' | 'at'>): void {
    this.#emit('conference.event', {
      conferenceId: conference.spec.id,
      at: isoTime(this.#clock.now()),
      ...event,
    });
  }

  #record(conferenceId: string): ConferenceRecord {
    const conference = this.#conferences.get(conferenceId);
    if (!conference) {
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_CONFERENCE, `no conference with id "${conferenceId}"`);
    }
    return conference;
  }

  #snapshot(conference: ConferenceRecord): ConferenceSnapshot {
    return {
      id: conference.spec.id,
      name: conference.spec.name,
      state: conference.state,
      since: isoTime(conference.sinceMs),
      roster: [...conference.spec.roster],
      members: [...conference.members.entries()].map(([participantId, member]) => ({
        participantId,
        phoneConnected: this.#phone.isConnected(participantId),
        lastCallOutcome: member.lastCallOutcome,
        activePath: this.#hooks.activePathOf(participantId),
      })),
    };
  }
}

function isRunning(state: ConferenceState): boolean {
  return state === 'convening' || state === 'active';
}
