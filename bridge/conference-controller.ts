/**
 * Conference lifecycle `idle → convening → active → ended` and its members' calls: convening
 * calls every roster member out in parallel (bounded, by MemberDialler), the conference becomes
 * active once every first attempt has settled, and a member whose call failed or dropped is
 * called again for as long as the conference runs (unless the host removed it).
 */
import type { CallUpSnapshot } from './call-up/model.js';
import { isoTime } from './clock.js';
import type { PersistedHostFlags } from './conference-store.js';
import { ConflictError, CoreErrorCodes, NotFoundError } from './errors.js';
import type { ConferenceEvent, DomainEvents } from './events.js';
import type { HostFlags } from './host-state.js';
import {
  type DiallerTimings,
  isRunning,
  type Member,
  MemberDialler,
  QUEUED_FOR_SLOT,
} from './member-dialler.js';
import type {
  ActivePath,
  ConferenceSnapshot,
  ConferenceSpec,
  ConferenceState,
  MemberSnapshot,
  ParticipantSpec,
} from './model.js';
import type { PhoneLinkMonitor } from './phone-link-monitor.js';
import type { Clock, Logger, Telephony } from './ports.js';

export interface ConferenceHooks {
  /** Members entered a running conference: path selection starts for them. */
  joined(conferenceId: string, participantIds: readonly string[]): void;
  /** Members left (conference ended). */
  left(participantIds: readonly string[], reason: string): void;
  activePathOf(participantId: string): ActivePath;
  /** The call-up sent for the conference's current run, shown with it. */
  callUpOf(conferenceId: string): CallUpSnapshot | null;
  /** A conference changed state (the core persists it). */
  stateChanged(conferenceId: string, state: ConferenceState, sinceMs: number): void;
}

/** What one run of a conference is about and whom it calls, when not its configured roster. */
export interface ConferenceRun {
  /** Resolved participant ids; default the configured roster. */
  roster?: readonly string[];
  subject?: string | null;
}

export type ConferenceEmit = <K extends 'conference.changed' | 'conference.event'>(
  event: K,
  payload: DomainEvents[K],
) => void;

interface ConferenceRecord {
  spec: ConferenceSpec;
  /** Who this run calls: the configured roster, or the selection it was convened with. */
  roster: string[];
  /** What the conference is about, when the host said (null for a plain convene). */
  subject: string | null;
  state: ConferenceState;
  sinceMs: number;
  members: Map<string, Member>;
}

export class ConferenceController {
  readonly #conferences = new Map<string, ConferenceRecord>();
  readonly #telephony: Telephony;
  readonly #phone: PhoneLinkMonitor;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #hooks: ConferenceHooks;
  readonly #host: HostFlags;
  readonly #emit: ConferenceEmit;
  readonly #dialler: MemberDialler;
  readonly #priority: ReadonlyMap<string, number>;

  constructor(options: {
    conferences: readonly ConferenceSpec[];
    participants: readonly ParticipantSpec[];
    telephony: Telephony;
    phone: PhoneLinkMonitor;
    clock: Clock;
    logger: Logger;
    timings: DiallerTimings;
    hooks: ConferenceHooks;
    host: HostFlags;
    emit: ConferenceEmit;
  }) {
    this.#telephony = options.telephony;
    this.#phone = options.phone;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#hooks = options.hooks;
    this.#host = options.host;
    this.#emit = options.emit;
    this.#priority = new Map(options.participants.map((p) => [p.id, p.priority]));
    this.#dialler = new MemberDialler({
      participants: new Map(options.participants.map((p) => [p.id, p])),
      telephony: options.telephony,
      phone: options.phone,
      clock: options.clock,
      logger: options.logger,
      timings: options.timings,
      isRemoved: (cid, pid) => this.#host.member(cid, pid).removed,
      event: (conference, event) => this.#event(conference, event),
      changed: (cid) => this.changed(cid),
    });
    for (const spec of options.conferences) {
      this.#conferences.set(spec.id, {
        spec,
        roster: [...spec.roster],
        subject: null,
        state: 'idle',
        sinceMs: this.#clock.now(),
        members: new Map(),
      });
    }
  }

  list(): ConferenceSnapshot[] {
    return [...this.#conferences.values()].map((c) => this.#snapshot(c));
  }

  get(conferenceId: string): ConferenceSnapshot {
    return this.#snapshot(this.#record(conferenceId));
  }

  /** One member of a conference. @throws NotFoundError */
  member(conferenceId: string, participantId: string): MemberSnapshot {
    const member = this.#record(conferenceId).members.get(participantId);
    if (!member) {
      throw new NotFoundError(
        CoreErrorCodes.UNKNOWN_PARTICIPANT,
        `participant ${participantId} is not a member of conference ${conferenceId}`,
      );
    }
    return this.#member(conferenceId, participantId, member);
  }

  /** The running conference (convening or active) a participant belongs to, if any. */
  runningConferenceOf(participantId: string): string | null {
    for (const c of this.#conferences.values()) {
      if (isRunning(c.state) && c.members.has(participantId)) return c.spec.id;
    }
    return null;
  }

  /**
   * Calls the roster out: the configured one, or `run.roster` resolved by the caller at convene
   * time (kept with the conference until the next convene, and across a restart).
   */
  async convene(conferenceId: string, by: string, run: ConferenceRun = {}): Promise<ConferenceSnapshot> {
    const roster = [...(run.roster ?? this.#record(conferenceId).spec.roster)];
    const conference = this.#startable(conferenceId, roster);
    conference.roster = roster;
    conference.subject = run.subject ?? null;
    conference.members = new Map(
      roster.map((pid) => [pid, { lastCallOutcome: null, calling: false, redial: null }]),
    );
    this.#host.reset(conferenceId);
    this.#setState(conference, 'convening', 'convened', by);
    this.#hooks.joined(conferenceId, roster);
    // Call slots are bounded, so the order of the first attempts is who is reached first:
    // priority 1 first, roster order within a priority (sort is stable).
    const callOrder = [...roster].sort((a, b) => (this.#priority.get(a) ?? 9) - (this.#priority.get(b) ?? 9));
    const firstAttempts = callOrder.map((pid) => this.#dialler.callOut(conference, pid));
    void Promise.allSettled(firstAttempts).then(() => {
      if (conference.state === 'convening') this.#setState(conference, 'active', 'call-out-complete');
    });
    return this.#snapshot(conference);
  }

  /** A conference that may start: not running, and none of `roster` in another running one. */
  #startable(conferenceId: string, roster: readonly string[]): ConferenceRecord {
    const conference = this.#record(conferenceId);
    if (isRunning(conference.state)) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference ${conferenceId} is already ${conference.state}`,
      );
    }
    // Every busy one is named, so the host can decide once (leave them out, or end the other).
    const busy = roster.flatMap((pid) => {
      const other = this.runningConferenceOf(pid);
      return other ? [`${pid} (in ${other})`] : [];
    });
    if (busy.length > 0) {
      throw new ConflictError(
        CoreErrorCodes.ROSTER_CONFLICT,
        `already in a running conference: ${busy.join(', ')}`,
      );
    }
    return conference;
  }

  /**
   * Resumes a conference that was running before a gateway restart as `active`, without a
   * call-out round: `recovered` members' calls survived (the adapter adopted them) and count as
   * connected; every other member is redialled as after a dropped call, unless the host had
   * removed it. The host's flags kept from before the restart (`hostFlags`) are restored, not reset;
   * re-applying them on the media server is the caller's part.
   * @throws NotFoundError, ConflictError (already running, or a member is in another running conference)
   */
  resume(
    conferenceId: string,
    sinceMs: number,
    recovered: readonly string[],
    hostFlags?: PersistedHostFlags,
    run: ConferenceRun = {},
  ): ConferenceSnapshot {
    // A participant configured away since the roster was kept cannot be called any more.
    const roster = (run.roster ?? this.#record(conferenceId).spec.roster).filter((pid) =>
      this.#priority.has(pid),
    );
    const conference = this.#startable(conferenceId, roster);
    conference.roster = roster;
    conference.subject = run.subject ?? null;
    const adopted = new Set(recovered.filter((pid) => roster.includes(pid)));
    conference.members = new Map(
      roster.map((pid) => [
        pid,
        { lastCallOutcome: adopted.has(pid) ? 'answered' : null, calling: false, redial: null },
      ]),
    );
    if (hostFlags) this.#host.restore(conferenceId, hostFlags, this.#clock.now());
    else this.#host.reset(conferenceId);
    this.#setState(conference, 'active', 'resumed-after-restart', undefined, sinceMs);
    // A removed member has no path to select, as after the host removed it.
    this.#hooks.joined(
      conferenceId,
      roster.filter((pid) => !this.#host.member(conferenceId, pid).removed),
    );
    for (const pid of roster) {
      if (adopted.has(pid)) {
        this.#phone.recovered(pid);
        this.#event(conference, { type: 'member-joined', participantId: pid, detail: 'recovered' });
      } else {
        this.#event(conference, { type: 'member-left', participantId: pid, reason: 'not-recovered' });
        this.#dialler.scheduleRedial(conference, pid);
      }
    }
    this.changed(conferenceId);
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
    for (const member of conference.members.values()) this.#dialler.cancelRedial(member);
    await Promise.allSettled(
      pids.map((pid) => {
        this.#phone.expectEnd(pid);
        return this.#telephony.hangup(conferenceId, pid);
      }),
    );
    this.#hooks.left(pids, 'conference-ended');
    return this.#snapshot(conference);
  }

  /** A member's call ended: call it again while the conference runs (the dialler skips removed members). */
  callEnded(conferenceId: string, participantId: string, cause: string): void {
    const conference = this.#conferences.get(conferenceId);
    if (!conference?.members.has(participantId)) return;
    this.#event(conference, { type: 'member-left', participantId, reason: cause });
    if (isRunning(conference.state)) this.#dialler.scheduleRedial(conference, participantId);
  }

  /** The host removed a member: no redial may be pending while its call is hung up. */
  stopCalling(conferenceId: string, participantId: string): void {
    const member = this.#conferences.get(conferenceId)?.members.get(participantId);
    if (member) this.#dialler.cancelRedial(member);
  }

  /**
   * Calls a member again: at once (`now`, the host readmitted it) or after the redial interval
   * (a removal failed, so the redial it cancelled is put back). No-op while its call is up.
   */
  resumeCalling(conferenceId: string, participantId: string, now: boolean): void {
    const conference = this.#conferences.get(conferenceId);
    if (!conference?.members.has(participantId) || !isRunning(conference.state)) return;
    if (this.#phone.isConnected(participantId)) return;
    if (now) void this.#dialler.callOut(conference, participantId);
    else this.#dialler.scheduleRedial(conference, participantId);
  }

  /**
   * The adapter holds a member's call-out back for capacity (reason), or places it after all
   * (null). Shown on the member, and on every member queued behind it for a call-out slot.
   */
  callWaiting(conferenceId: string, participantId: string, reason: string | null): void {
    const conference = this.#conferences.get(conferenceId);
    const member = conference?.members.get(participantId);
    if (!conference || !member) return;
    if ((member.capacity ?? null) === reason) return;
    member.capacity = reason;
    if (reason) this.#event(conference, { type: 'call-waiting', participantId, reason });
    this.changed(conferenceId);
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
    for (const c of this.#conferences.values())
      for (const m of c.members.values()) this.#dialler.cancelRedial(m);
  }

  #setState(
    conference: ConferenceRecord,
    state: ConferenceState,
    reason: string,
    by?: string,
    sinceMs = this.#clock.now(),
  ): void {
    conference.state = state;
    conference.sinceMs = sinceMs;
    this.#hooks.stateChanged(conference.spec.id, state, sinceMs);
    this.#logger.info({ conferenceId: conference.spec.id, state, reason, by }, 'conference state');
    // The record of a run starts with what it was about and whom it called (issue 12).
    const run =
      state === 'convening' || reason === 'resumed-after-restart'
        ? { subject: conference.subject ?? undefined, roster: [...conference.roster] }
        : {};
    this.#event(conference, { type: state === 'idle' ? 'ended' : state, reason, by, ...run });
    this.#emit('conference.changed', { conference: this.#snapshot(conference) });
  }

  #event(
    conference: { readonly spec: ConferenceSpec },
    event: Omit<ConferenceEvent, 'conferenceId' | 'at'>,
  ): void {
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
    const id = conference.spec.id;
    const { locked, recording } = this.#host.conference(id);
    const atCapacity = [...conference.members.values()].find((m) => m.capacity)?.capacity ?? null;
    return {
      id,
      name: conference.spec.name,
      subject: conference.subject,
      state: conference.state,
      since: isoTime(conference.sinceMs),
      roster: [...conference.roster],
      members: [...conference.members.entries()].map(([pid, member]) =>
        this.#member(id, pid, member, atCapacity),
      ),
      locked,
      recording,
      onSite: conference.spec.onSite ? { ...conference.spec.onSite } : null,
      callUp: this.#hooks.callUpOf(id),
    };
  }

  #member(
    conferenceId: string,
    participantId: string,
    member: Member,
    atCapacity: string | null = null,
  ): MemberSnapshot {
    const { muted, removed, onSite } = this.#host.member(conferenceId, participantId);
    // Behind a call held for capacity, a queued member waits for the same reason.
    const waiting = member.capacity || (member.queued ? (atCapacity ?? QUEUED_FOR_SLOT) : null);
    return {
      participantId,
      phoneConnected: this.#phone.isConnected(participantId),
      lastCallOutcome: member.lastCallOutcome,
      activePath: this.#hooks.activePathOf(participantId),
      muted,
      removed,
      waiting,
      onSite,
    };
  }
}
