/**
 * What the core offers to inbound adapters (HTTP API, MQTT heartbeat ingestion, OPC UA, CLI).
 * Adapters depend on this narrow interface, never on the implementation.
 */
import type { ConveneRequest, RosterPreview } from './convene-plan.js';
import type { DomainEvents } from './events.js';
import type { AgentHeartbeat } from './heartbeat.js';
import type {
  ConferenceSnapshot,
  LinkPath,
  LinkSnapshot,
  MemberSnapshot,
  ParticipantSpec,
  PathSnapshot,
  RadioStatus,
  RollCall,
  VoicePath,
} from './model.js';
import type { StoreHealthSnapshot } from './store-health.js';
import type { TrunkStatus } from './trunk-status.js';
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
  /**
   * Start calling the roster out — the configured one, or a selection made now (`request`),
   * with a subject and the call-up. Resolves once convening has begun.
   * @throws NotFoundError, ConflictError (running, or someone busy elsewhere), ValidationError
   */
  convene(conferenceId: string, by: string, request?: ConveneRequest): Promise<ConferenceSnapshot>;
  /** Whom a convene with `request` would call, and who of them is busy in another live conference. @throws NotFoundError, ValidationError */
  previewConvene(conferenceId: string, request?: ConveneRequest): RosterPreview;
  /** Hang up everyone and end. @throws NotFoundError, ConflictError */
  end(conferenceId: string, by: string): Promise<ConferenceSnapshot>;
  /** Pin a participant to a path until released. @throws NotFoundError, ValidationError */
  forcePath(participantId: string, path: VoicePath, by: string): PathSnapshot;
  /** @throws NotFoundError */
  releasePath(participantId: string, by: string): PathSnapshot;
  /** Whether the gateway's writes reach its store (a full disk says so here). */
  storeHealth(): StoreHealthSnapshot;
  /** Carrier trunk health (empty without trunks). */
  trunks(): TrunkStatus[];
  /** Whether some trunk can take calls, as the telephony adapter last said (true before it reports). */
  trunksUsable(): boolean;
  /**
   * Resolves once the conference state changes made so far have been tried: false when some
   * could not be made durable (kept in memory and retried), so an API answer can say so.
   */
  stateSaved(): Promise<boolean>;
  /** A site agent's heartbeat arrived (already authenticated). @throws NotFoundError */
  recordHeartbeat(participantId: string, heartbeat: AgentHeartbeat): void;

  // Host controls (DESIGN.md §1). Each is carried out through the telephony port, audited as a
  // conference.event with `by` and followed by conference.changed; a port failure throws
  // PortError (SAMBAND_ERR_TELEPHONY_FAILED) and changes nothing.
  /** Mute or unmute a member's phone leg. @throws NotFoundError, ConflictError, PortError */
  setMuted(participantId: string, muted: boolean, by: string): Promise<MemberSnapshot>;
  /** Hang a member up and stop calling it; its path becomes `none` ('removed-by-host'). @throws NotFoundError, ConflictError, PortError */
  removeParticipant(participantId: string, by: string): Promise<MemberSnapshot>;
  /** Undo a removal and call the member again. @throws NotFoundError, ConflictError */
  readmit(participantId: string, by: string): Promise<MemberSnapshot>;
  /**
   * Mark a member present at the conference's on-site meeting place (or not): a presence flag,
   * no telephony; the roll call counts it `in` via `on-site`. @throws NotFoundError, ConflictError
   */
  setOnSite(participantId: string, onSite: boolean, by: string): MemberSnapshot;
  /** A locked conference admits no new dial-ins. @throws NotFoundError, ConflictError, PortError */
  setLocked(conferenceId: string, locked: boolean, by: string): Promise<ConferenceSnapshot>;
  /** Record the conference mix to a file the core names. @throws NotFoundError, ConflictError, PortError */
  startRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot>;
  /** @throws NotFoundError, ConflictError, PortError */
  stopRecording(conferenceId: string, by: string): Promise<ConferenceSnapshot>;
  /** The roster in roll-call order (priority, then roster order) with each member's status. @throws NotFoundError */
  rollCall(conferenceId: string): RollCall;
  /**
   * Takes the roll call as the host's act: the same view as rollCall, emitted as
   * `conference.roll-call` with `by` so the conference log keeps it. @throws NotFoundError, ConflictError (not running)
   */
  takeRollCall(conferenceId: string, by: string): RollCall;
}
