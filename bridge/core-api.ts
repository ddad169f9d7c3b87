/**
 * What the core offers to inbound adapters (HTTP API, MQTT heartbeat ingestion, OPC UA, CLI).
 * Adapters depend on this narrow interface, never on the implementation.
 */
import type { DomainEvents } from './events.js';
import type { AgentHeartbeat } from './heartbeat.js';
import type {
  ConferenceSnapshot,
  LinkPath,
  LinkSnapshot,
  ParticipantSpec,
  PathSnapshot,
  RadioStatus,
  VoicePath,
} from './model.js';
import type { Subscribable } from './typed-emitter.js';

export interface ParticipantView {
  participant: ParticipantSpec;
  links: Record<LinkPath, LinkSnapshot>;
  path: PathSnapshot;
}

export interface GatewayCore {
  readonly events: Subscribable<DomainEvents>;
  participants(): ParticipantView[];
  /** @throws NotFoundError */
  participant(id: string): ParticipantView;
  conferences(): ConferenceSnapshot[];
  /** @throws NotFoundError */
  conference(id: string): ConferenceSnapshot;
  radios(): RadioStatus[];
  /** Start calling the roster out. Resolves once convening has begun. @throws NotFoundError, ConflictError */
  convene(conferenceId: string, by: string): Promise<ConferenceSnapshot>;
  /** Hang up everyone and end. @throws NotFoundError, ConflictError */
  end(conferenceId: string, by: string): Promise<ConferenceSnapshot>;
  /** Pin a participant to a path until released. @throws NotFoundError, ValidationError */
  forcePath(participantId: string, path: VoicePath, by: string): PathSnapshot;
  /** @throws NotFoundError */
  releasePath(participantId: string, by: string): PathSnapshot;
  /** A site agent's heartbeat arrived (already authenticated). @throws NotFoundError */
  recordHeartbeat(participantId: string, heartbeat: AgentHeartbeat): void;
}
