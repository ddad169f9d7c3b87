/**
 * An in-memory GatewayCore for HTTP adapter tests: real TypedEmitter, plausible state changes,
 * every command recorded in `calls`, and `failNext` to make the next command throw.
 */

import { type ConveneRequest, planConvene, type RosterPreview } from '../../../bridge/convene-plan.js';
import type { GatewayCore, ParticipantView } from '../../../bridge/core-api.js';
import { ConflictError, CoreErrorCodes, NotFoundError, ValidationError } from '../../../bridge/errors.js';
import type { DomainEvents } from '../../../bridge/events.js';
import type { AgentHeartbeat } from '../../../bridge/heartbeat.js';
import type {
  ConferenceSnapshot,
  LinkPath,
  LinkSnapshot,
  LinkState,
  MemberSnapshot,
  OnSitePlace,
  ParticipantSpec,
  PathSnapshot,
  RadioStatus,
  RollCall,
  VoicePath,
} from '../../../bridge/model.js';
import { rollCallOf } from '../../../bridge/roll-call.js';
import type { StoreHealthSnapshot } from '../../../bridge/store-health.js';
import type { TrunkStatus } from '../../../bridge/trunk-status.js';
import { TypedEmitter } from '../../../bridge/typed-emitter.js';

export const AT = '2026-11-28T09:00:00.000Z';

export type RecordedCall =
  | { method: 'convene'; conferenceId: string; by: string; request?: ConveneRequest }
  | { method: 'end'; conferenceId: string; by: string }
  | { method: 'forcePath'; participantId: string; path: VoicePath; by: string }
  | { method: 'releasePath'; participantId: string; by: string }
  | { method: 'recordHeartbeat'; participantId: string; heartbeat: AgentHeartbeat }
  | { method: 'setMuted'; participantId: string; muted: boolean; by: string }
  | { method: 'removeParticipant' | 'readmit'; participantId: string; by: string }
  | { method: 'setOnSite'; participantId: string; onSite: boolean; by: string }
  | { method: 'setLocked'; conferenceId: string; locked: boolean; by: string }
  | { method: 'startRecording' | 'stopRecording' | 'takeRollCall'; conferenceId: string; by: string };

const ORGANISATIONS = ['Länsstyrelsen', 'Polisen', 'Region', 'Räddningstjänsten', 'SOS Alarm', 'Kommun'];

export function participantSpec(index: number, overrides: Partial<ParticipantSpec> = {}): ParticipantSpec {
  return {
    id: `p${index}`,
    name: `Deltagare ${index}`,
    organisation: ORGANISATIONS[index % ORGANISATIONS.length] ?? 'Kommun',
    phoneNumbers: [`+4610${String(index).padStart(7, '0')}`],
    radio: { issi: String(2000 + index) },
    priority: 5,
    ...overrides,
  };
}

function link(participantId: string, path: LinkPath, state: LinkState, reason: string): LinkSnapshot {
  return { participantId, path, state, since: AT, reason, metrics: {} };
}

function viewOf(spec: ParticipantSpec): ParticipantView {
  return {
    participant: spec,
    links: {
      phone: link(spec.id, 'phone', 'up', 'in call'),
      radio: link(spec.id, 'radio', spec.radio ? 'up' : 'unknown', spec.radio ? 'registered' : 'no radio'),
      agent: link(spec.id, 'agent', 'unknown', 'no heartbeat yet'),
    },
    path: {
      participantId: spec.id,
      active: 'phone',
      since: AT,
      reason: 'call connected',
      override: null,
      by: null,
      conferenceId: 'weekly',
    },
  };
}

const AT_STORE = '2026-11-28T09:00:00.000Z';

export class FakeCore implements GatewayCore {
  readonly emitter = new TypedEmitter<DomainEvents>();
  readonly events = this.emitter;
  readonly calls: RecordedCall[] = [];
  /** When set, the next command throws it (and clears it). */
  failNext: Error | null = null;
  readonly #participants = new Map<string, ParticipantView>();
  readonly #conferences = new Map<string, ConferenceSnapshot>();
  readonly #radios: RadioStatus[] = [
    {
      radioId: 'r1',
      port: 'sim:r1',
      connected: true,
      mode: 'TMO',
      talkgroup: '9001',
      registered: true,
      rssiDbm: -71,
      reason: 'registered',
    },
  ];

  constructor(specs: ParticipantSpec[] = [participantSpec(1), participantSpec(2, { radio: undefined })]) {
    for (const spec of specs) this.#participants.set(spec.id, viewOf(spec));
    this.#conferences.set('weekly', {
      id: 'weekly',
      name: 'Veckovis samverkanskonferens',
      state: 'idle',
      since: AT,
      subject: null,
      roster: specs.map((s) => s.id),
      members: [],
      locked: false,
      recording: null,
      onSite: null,
      callUp: null,
    });
  }

  participants(): ParticipantView[] {
    return [...this.#participants.values()];
  }

  participant(id: string): ParticipantView {
    const view = this.#participants.get(id);
    if (!view) throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${id}"`);
    return view;
  }

  conferences(): ConferenceSnapshot[] {
    return [...this.#conferences.values()];
  }

  conference(id: string): ConferenceSnapshot {
    const conference = this.#conferences.get(id);
    if (!conference) throw new NotFoundError(CoreErrorCodes.UNKNOWN_CONFERENCE, `unknown conference "${id}"`);
    return conference;
  }

  radios(): RadioStatus[] {
    return [...this.#radios];
  }

  async convene(conferenceId: string, by: string, request?: ConveneRequest): Promise<ConferenceSnapshot> {
    this.calls.push(
      request ? { method: 'convene', conferenceId, by, request } : { method: 'convene', conferenceId, by },
    );
    this.#maybeFail();
    const { preview, roster } = this.#plan(conferenceId, request ?? {});
    const conference = this.conference(conferenceId);
    if (conference.state === 'convening' || conference.state === 'active') {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference "${conferenceId}" is ${conference.state}`,
      );
    }
    this.#conferences.set(conferenceId, { ...conference, subject: preview.subject, roster });
    return this.setConferenceState(conferenceId, 'convening');
  }

  /** Puts a conference as given (another one running, a call-up's outcomes) and publishes it. */
  putConference(conference: ConferenceSnapshot): void {
    this.#setConference(conference);
  }

  previewConvene(conferenceId: string, request: ConveneRequest = {}): RosterPreview {
    return this.#plan(conferenceId, request).preview;
  }

  /** The core's own planning, over this fake's participants; busy = in another running conference. */
  #plan(conferenceId: string, request: ConveneRequest) {
    const conference = this.conference(conferenceId);
    return planConvene({
      conferenceId,
      configuredRoster: conference.roster,
      request,
      participants: new Map([...this.#participants].map(([id, v]) => [id, v.participant])),
      busyIn: (pid) =>
        [...this.#conferences.values()].find(
          (c) =>
            c.id !== conferenceId &&
            (c.state === 'convening' || c.state === 'active') &&
            c.roster.includes(pid),
        )?.id ?? null,
    });
  }

  async end(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.calls.push({ method: 'end', conferenceId, by });
    this.#maybeFail();
    const conference = this.conference(conferenceId);
    if (conference.state === 'idle' || conference.state === 'ended') {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference "${conferenceId}" is ${conference.state}`,
      );
    }
    return this.setConferenceState(conferenceId, 'ended');
  }

  forcePath(participantId: string, path: VoicePath, by: string): PathSnapshot {
    this.calls.push({ method: 'forcePath', participantId, path, by });
    this.#maybeFail();
    const view = this.participant(participantId);
    if (path === 'radio' && !view.participant.radio) {
      throw new ValidationError(CoreErrorCodes.INVALID_PATH, `participant "${participantId}" has no radio`);
    }
    return this.setPath(participantId, { active: path, override: path, by, reason: `forced by ${by}` });
  }

  releasePath(participantId: string, by: string): PathSnapshot {
    this.calls.push({ method: 'releasePath', participantId, by });
    this.#maybeFail();
    return this.setPath(participantId, { override: null, by, reason: `released by ${by}` });
  }

  recordHeartbeat(participantId: string, heartbeat: AgentHeartbeat): void {
    this.calls.push({ method: 'recordHeartbeat', participantId, heartbeat });
    this.participant(participantId);
  }

  async setMuted(participantId: string, muted: boolean, by: string): Promise<MemberSnapshot> {
    this.calls.push({ method: 'setMuted', participantId, muted, by });
    this.#maybeFail();
    const member = this.#runningMember(participantId);
    if (member.removed) throw new ConflictError(CoreErrorCodes.MEMBER_STATE, `"${participantId}" is removed`);
    return this.#patchMember(participantId, { muted });
  }

  async removeParticipant(participantId: string, by: string): Promise<MemberSnapshot> {
    this.calls.push({ method: 'removeParticipant', participantId, by });
    this.#maybeFail();
    if (this.#runningMember(participantId).removed) {
      throw new ConflictError(CoreErrorCodes.MEMBER_STATE, `"${participantId}" is already removed`);
    }
    this.setPath(participantId, { active: 'none', reason: 'removed-by-host', override: null, by });
    return this.#patchMember(participantId, { removed: true, phoneConnected: false, activePath: 'none' });
  }

  async readmit(participantId: string, by: string): Promise<MemberSnapshot> {
    this.calls.push({ method: 'readmit', participantId, by });
    this.#maybeFail();
    if (!this.#runningMember(participantId).removed) {
      throw new ConflictError(CoreErrorCodes.MEMBER_STATE, `"${participantId}" is not removed`);
    }
    return this.#patchMember(participantId, { removed: false });
  }

  setOnSite(participantId: string, onSite: boolean, by: string): MemberSnapshot {
    this.calls.push({ method: 'setOnSite', participantId, onSite, by });
    this.#maybeFail();
    this.#runningMember(participantId);
    return this.#patchMember(participantId, { onSite });
  }

  async setLocked(conferenceId: string, locked: boolean, by: string): Promise<ConferenceSnapshot> {
    this.calls.push({ method: 'setLocked', conferenceId, locked, by });
    this.#maybeFail();
    return this.#setConference({ ...this.#running(conferenceId), locked });
  }

  async startRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.calls.push({ method: 'startRecording', conferenceId, by });
    this.#maybeFail();
    const conference = this.#running(conferenceId);
    if (conference.recording) throw new ConflictError(CoreErrorCodes.RECORDING_STATE, 'already recording');
    const recording = { file: `recordings/${conferenceId}-20261128T090000Z.wav`, since: AT };
    return this.#setConference({ ...conference, recording });
  }

  async stopRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot> {
    this.calls.push({ method: 'stopRecording', conferenceId, by });
    this.#maybeFail();
    const conference = this.#running(conferenceId);
    if (!conference.recording) throw new ConflictError(CoreErrorCodes.RECORDING_STATE, 'not recording');
    return this.#setConference({ ...conference, recording: null });
  }

  /** The real roll-call ordering (a pure function of the core) over this fake's state. */
  /** What storeHealth() answers; a test sets it to play a failing store. */
  health: StoreHealthSnapshot = { ok: true, since: AT_STORE, reason: null, pendingWrites: 0 };
  /** What stateSaved() answers. */
  saved = true;

  /** What trunks() answers (carrier trunk health). */
  trunkStatuses: TrunkStatus[] = [];
  trunks(): TrunkStatus[] {
    return this.trunkStatuses;
  }
  /** What trunksUsable() answers. */
  usable = true;
  trunksUsable(): boolean {
    return this.usable;
  }

  storeHealth(): StoreHealthSnapshot {
    return { ...this.health };
  }

  async stateSaved(): Promise<boolean> {
    return this.saved;
  }

  rollCall(conferenceId: string): RollCall {
    const specs = new Map([...this.#participants].map(([id, view]) => [id, view.participant]));
    return rollCallOf(this.conference(conferenceId), specs, AT);
  }

  takeRollCall(conferenceId: string, by: string): RollCall {
    this.calls.push({ method: 'takeRollCall', conferenceId, by });
    const rollCall = this.rollCall(conferenceId);
    this.emitter.emit('conference.roll-call', { rollCall, by });
    return rollCall;
  }

  // ---------------------------------------------------------------- test helpers (emit like the core)

  /** Test driver: the adapter holds this member's call-out back (admission control). */
  setWaiting(participantId: string, waiting: string | null): MemberSnapshot {
    return this.#patchMember(participantId, { waiting });
  }

  /** Test driver: a member's call dropped and no radio carries it (its path is `none`). */
  strand(participantId: string): MemberSnapshot {
    this.setPath(participantId, { active: 'none', reason: 'phone-down' });
    return this.#patchMember(participantId, { activePath: 'none', phoneConnected: false });
  }

  /** Test driver: the conference's configured on-site meeting place. */
  setOnSitePlace(conferenceId: string, onSite: OnSitePlace | null): ConferenceSnapshot {
    return this.#setConference({ ...this.conference(conferenceId), onSite });
  }

  setPath(participantId: string, change: Partial<Omit<PathSnapshot, 'participantId'>>): PathSnapshot {
    const view = this.participant(participantId);
    const previous = view.path.active;
    view.path = { ...view.path, ...change };
    this.emitter.emit('path.changed', { path: view.path, previous });
    return view.path;
  }

  setLink(participantId: string, path: LinkPath, state: LinkState, reason: string): LinkSnapshot {
    const view = this.participant(participantId);
    const previous = view.links[path].state;
    view.links[path] = { ...view.links[path], state, reason };
    this.emitter.emit('link.changed', { link: view.links[path], previous });
    return view.links[path];
  }

  /** Running states get a member per roster entry (as the core's convene does) if there are none. */
  setConferenceState(conferenceId: string, state: ConferenceSnapshot['state']): ConferenceSnapshot {
    const current = this.conference(conferenceId);
    const running = state === 'convening' || state === 'active';
    const members =
      running && current.members.length === 0
        ? current.roster.map((participantId) => ({
            participantId,
            phoneConnected: true,
            lastCallOutcome: 'answered' as const,
            activePath: this.participant(participantId).path.active,
            muted: false,
            removed: false,
            waiting: null,
            onSite: false,
          }))
        : current.members;
    return this.#setConference({ ...current, state, members });
  }

  #setConference(next: ConferenceSnapshot): ConferenceSnapshot {
    this.#conferences.set(next.id, next);
    this.emitter.emit('conference.changed', { conference: next });
    return next;
  }

  #running(conferenceId: string): ConferenceSnapshot {
    const conference = this.conference(conferenceId);
    if (conference.state !== 'convening' && conference.state !== 'active') {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `conference "${conferenceId}" is ${conference.state}`,
      );
    }
    return conference;
  }

  #runningMember(participantId: string): MemberSnapshot {
    this.participant(participantId);
    const conference = this.#running('weekly');
    const member = conference.members.find((m) => m.participantId === participantId);
    if (!member) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `"${participantId}" is not in a running conference`,
      );
    }
    return member;
  }

  #patchMember(participantId: string, patch: Partial<MemberSnapshot>): MemberSnapshot {
    const conference = this.conference('weekly');
    const members = conference.members.map((m) =>
      m.participantId === participantId ? { ...m, ...patch } : m,
    );
    this.#setConference({ ...conference, members });
    return this.#runningMember(participantId);
  }

  #maybeFail(): void {
    const error = this.failNext;
    this.failNext = null;
    if (error) throw error;
  }
}
