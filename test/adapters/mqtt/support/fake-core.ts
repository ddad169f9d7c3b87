/** A GatewayCore test double that is a real implementation of the port, driven by the test. */
import type { ConveneRequest, RosterPreview } from '../../../../bridge/convene-plan.js';
import type { GatewayCore, ParticipantView } from '../../../../bridge/core-api.js';
import { CoreErrorCodes, NotFoundError } from '../../../../bridge/errors.js';
import type { DomainEvents } from '../../../../bridge/events.js';
import type { AgentHeartbeat } from '../../../../bridge/heartbeat.js';
import {
  type ConferenceSnapshot,
  LINK_PATHS,
  type LinkSnapshot,
  type MemberSnapshot,
  type PathSnapshot,
  type RadioStatus,
  type RollCall,
  type VoicePath,
} from '../../../../bridge/model.js';
import type { StoreHealthSnapshot } from '../../../../bridge/store-health.js';
import type { TrunkStatus } from '../../../../bridge/trunk-status.js';
import { TypedEmitter } from '../../../../bridge/typed-emitter.js';

export const T0 = '2026-11-28T09:00:00.000Z';

export function link(
  participantId: string,
  path: LinkSnapshot['path'],
  state: LinkSnapshot['state'] = 'unknown',
): LinkSnapshot {
  return { participantId, path, state, since: T0, reason: 'start', metrics: {} };
}

function view(id: string): ParticipantView {
  const links = Object.fromEntries(LINK_PATHS.map((p) => [p, link(id, p)])) as ParticipantView['links'];
  return {
    participant: { id, name: id.toUpperCase(), organisation: `org-${id}`, phoneNumbers: [], priority: 5 },
    links,
    path: {
      participantId: id,
      active: 'none',
      since: T0,
      reason: 'start',
      override: null,
      by: null,
      conferenceId: null,
    },
  };
}

const AT_STORE = '2026-11-28T09:00:00.000Z';

export class FakeCore implements GatewayCore {
  readonly events = new TypedEmitter<DomainEvents>();
  readonly heartbeats: Array<{ participantId: string; heartbeat: AgentHeartbeat }> = [];
  readonly #views = new Map<string, ParticipantView>();
  readonly #conferences = new Map<string, ConferenceSnapshot>();
  readonly #radios = new Map<string, RadioStatus>();

  constructor(participantIds: string[] = ['a', 'b']) {
    for (const id of participantIds) this.#views.set(id, view(id));
    this.#conferences.set('weekly', {
      id: 'weekly',
      name: 'Weekly',
      state: 'idle',
      since: T0,
      subject: null,
      roster: participantIds,
      members: [],
      locked: false,
      recording: null,
      onSite: null,
      callUp: null,
    });
    this.#radios.set('r1', {
      radioId: 'r1',
      port: 'sim:r1',
      connected: true,
      mode: 'TMO',
      talkgroup: '9001',
      registered: true,
      rssiDbm: -71,
      reason: 'ok',
    });
  }

  participants(): ParticipantView[] {
    return [...this.#views.values()];
  }
  participant(id: string): ParticipantView {
    const found = this.#views.get(id);
    if (!found) throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `no participant ${id}`);
    return found;
  }
  conferences(): ConferenceSnapshot[] {
    return [...this.#conferences.values()];
  }
  conference(id: string): ConferenceSnapshot {
    const found = this.#conferences.get(id);
    if (!found) throw new NotFoundError(CoreErrorCodes.UNKNOWN_CONFERENCE, `no conference ${id}`);
    return found;
  }
  radios(): RadioStatus[] {
    return [...this.#radios.values()];
  }
  async convene(conferenceId: string, _by?: string, _request?: ConveneRequest): Promise<ConferenceSnapshot> {
    return this.conference(conferenceId);
  }
  previewConvene(conferenceId: string): RosterPreview {
    const { roster } = this.conference(conferenceId);
    const selected = roster.map((id) => ({ participantId: id, name: id, organisation: id, busyIn: null }));
    return {
      conferenceId,
      subject: null,
      selected,
      counts: { selected: selected.length, busy: 0, toCall: selected.length },
    };
  }
  async end(conferenceId: string): Promise<ConferenceSnapshot> {
    return this.conference(conferenceId);
  }
  forcePath(participantId: string, path: VoicePath): PathSnapshot {
    return this.setPath({ ...this.participant(participantId).path, active: path, override: path });
  }
  releasePath(participantId: string): PathSnapshot {
    return this.setPath({ ...this.participant(participantId).path, override: null });
  }
  recordHeartbeat(participantId: string, heartbeat: AgentHeartbeat): void {
    this.participant(participantId);
    this.heartbeats.push({ participantId, heartbeat });
  }
  // Host controls: the MQTT adapter never calls them; they change the conference like the core.
  async setMuted(participantId: string, muted: boolean): Promise<MemberSnapshot> {
    return this.#patchMember(participantId, { muted });
  }
  async removeParticipant(participantId: string): Promise<MemberSnapshot> {
    return this.#patchMember(participantId, { removed: true, activePath: 'none' });
  }
  async readmit(participantId: string): Promise<MemberSnapshot> {
    return this.#patchMember(participantId, { removed: false });
  }
  setOnSite(participantId: string, onSite: boolean): MemberSnapshot {
    return this.#patchMember(participantId, { onSite });
  }
  async setLocked(conferenceId: string, locked: boolean): Promise<ConferenceSnapshot> {
    this.setConference({ ...this.conference(conferenceId), locked });
    return this.conference(conferenceId);
  }
  async startRecording(conferenceId: string): Promise<ConferenceSnapshot> {
    this.setConference({
      ...this.conference(conferenceId),
      recording: { file: `recordings/${conferenceId}.wav`, since: T0 },
    });
    return this.conference(conferenceId);
  }
  async stopRecording(conferenceId: string): Promise<ConferenceSnapshot> {
    this.setConference({ ...this.conference(conferenceId), recording: null });
    return this.conference(conferenceId);
  }
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
    const conference = this.conference(conferenceId);
    return {
      conferenceId,
      name: conference.name,
      state: conference.state,
      at: T0,
      counts: {
        in: 0,
        phone: 0,
        radio: 0,
        onSite: 0,
        waiting: 0,
        notIn: conference.roster.length,
        removed: 0,
      },
      entries: [],
    };
  }

  takeRollCall(conferenceId: string): RollCall {
    return this.rollCall(conferenceId);
  }

  // ---- test drivers: change state and emit the matching domain event, as the core does
  setLink(next: LinkSnapshot): void {
    const current = this.participant(next.participantId);
    const previous = current.links[next.path].state;
    current.links[next.path] = next;
    if (previous === next.state) this.events.emit('link.metrics', { link: next });
    else this.events.emit('link.changed', { link: next, previous });
  }
  setPath(next: PathSnapshot): PathSnapshot {
    const current = this.participant(next.participantId);
    const previous = current.path.active;
    current.path = next;
    this.events.emit('path.changed', { path: next, previous });
    return next;
  }
  setConference(next: ConferenceSnapshot): void {
    this.#conferences.set(next.id, next);
    this.events.emit('conference.changed', { conference: next });
  }
  #patchMember(participantId: string, patch: Partial<MemberSnapshot>): MemberSnapshot {
    this.participant(participantId);
    const conference = this.conference('weekly');
    const current = conference.members.find((m) => m.participantId === participantId) ?? {
      participantId,
      phoneConnected: false,
      lastCallOutcome: null,
      activePath: 'none' as const,
      muted: false,
      removed: false,
      waiting: null,
      onSite: false,
    };
    const next = { ...current, ...patch };
    const members = [...conference.members.filter((m) => m.participantId !== participantId), next];
    this.setConference({ ...conference, members });
    return next;
  }
  setRadio(next: RadioStatus): void {
    this.#radios.set(next.radioId, next);
    this.events.emit('radio.status', { status: next });
  }
}
