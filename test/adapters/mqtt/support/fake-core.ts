/** A GatewayCore test double that is a real implementation of the port, driven by the test. */
import type { GatewayCore, ParticipantView } from '../../../../bridge/core-api.js';
import { CoreErrorCodes, NotFoundError } from '../../../../bridge/errors.js';
import type { DomainEvents } from '../../../../bridge/events.js';
import type { AgentHeartbeat } from '../../../../bridge/heartbeat.js';
import {
  type ConferenceSnapshot,
  LINK_PATHS,
  type LinkSnapshot,
  type PathSnapshot,
  type RadioStatus,
  type VoicePath,
} from '../../../../bridge/model.js';
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
      roster: participantIds,
      members: [],
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
  async convene(conferenceId: string): Promise<ConferenceSnapshot> {
    return this.conference(conferenceId);
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
  setRadio(next: RadioStatus): void {
    this.#radios.set(next.radioId, next);
    this.events.emit('radio.status', { status: next });
  }
}
