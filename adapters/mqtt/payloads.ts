/**
 * JSON payloads of the MQTT contract v1 (DESIGN.md §4). Fields are copied explicitly rather
 * than spreading domain objects, so a field added to the core does not silently become part
 * of the public wire contract.
 */
import type { CallUpSnapshot } from '../../bridge/call-up/model.js';
import type { ConferenceEvent } from '../../bridge/events.js';
import type {
  ActivePath,
  ConferenceSnapshot,
  LinkMetrics,
  LinkPath,
  LinkSnapshot,
  MemberSnapshot,
  OnSitePlace,
  PathSnapshot,
  RadioStatus,
  VoicePath,
} from '../../bridge/model.js';
import type { TrunkStatus } from '../../bridge/trunk-status.js';

export interface GatewayStatusPayload {
  state: 'online' | 'offline';
  /**
   * When the gateway entered this state. Null in the last will: the broker publishes it at a
   * moment the gateway cannot know in advance.
   */
  since: string | null;
  name: string;
  version: string;
}

export interface LinkPayload {
  participantId: string;
  path: LinkPath;
  state: LinkSnapshot['state'];
  since: string;
  reason: string;
  metrics: LinkMetrics;
}

export interface PathPayload {
  participantId: string;
  active: ActivePath;
  since: string;
  reason: string;
  override: VoicePath | null;
  /** Who caused the change (a user or token name) when a person did; null when automatic. */
  by: string | null;
  conferenceId: string | null;
}

export interface ConferenceStatePayload {
  id: string;
  name: string;
  /** Added in issue 12 (v1 stays compatible: a new field only): what the run is about, or null. */
  subject: string | null;
  state: ConferenceSnapshot['state'];
  since: string;
  /** Who this run calls (a selection made at convene time, or the configured roster). */
  roster: string[];
  members: MemberSnapshot[];
  locked: boolean;
  recording: { file: string; since: string } | null;
  /** The meeting place when phone and radio fail (added in issue 11; null when none is agreed). */
  onSite: OnSitePlace | null;
  /**
   * Added in issue 12: the call-up's counts per channel and of the replies, each organisation's
   * answer (only those that answered), and texts from unknown senders (the per-organisation
   * delivery detail stays in the API).
   */
  callUp: {
    at: string;
    counts: CallUpSnapshot['counts'];
    replies: CallUpSnapshot['replies'];
    answers: {
      participantId: string;
      answer: 'joins' | 'cannot' | null;
      notes: string[];
      via: 'sds' | 'sms';
      at: string;
    }[];
    unmatched: CallUpSnapshot['unmatched'];
  } | null;
}

export type ConferenceEventPayload = ConferenceEvent;

export interface RadioStatusPayload {
  radioId: string;
  port: string;
  connected: boolean;
  mode: RadioStatus['mode'];
  talkgroup: string | null;
  registered: boolean;
  rssiDbm: number | null;
  reason: string;
}

export function gatewayStatusPayload(status: GatewayStatusPayload): GatewayStatusPayload {
  return { ...status, since: status.since === null ? null : isoUtc(status.since) };
}

export function linkPayload(link: LinkSnapshot): LinkPayload {
  const metrics: LinkMetrics = { ...link.metrics };
  if (metrics.lastHeard !== undefined) metrics.lastHeard = isoUtc(metrics.lastHeard);
  if (metrics.lastHeartbeat !== undefined) metrics.lastHeartbeat = isoUtc(metrics.lastHeartbeat);
  return {
    participantId: link.participantId,
    path: link.path,
    state: link.state,
    since: isoUtc(link.since),
    reason: link.reason,
    metrics,
  };
}

export function pathPayload(path: PathSnapshot): PathPayload {
  return {
    participantId: path.participantId,
    active: path.active,
    since: isoUtc(path.since),
    reason: path.reason,
    override: path.override,
    by: path.by,
    conferenceId: path.conferenceId,
  };
}

export function conferenceStatePayload(conference: ConferenceSnapshot): ConferenceStatePayload {
  return {
    id: conference.id,
    name: conference.name,
    subject: conference.subject,
    state: conference.state,
    since: isoUtc(conference.since),
    roster: [...conference.roster],
    members: conference.members.map((m) => ({
      participantId: m.participantId,
      phoneConnected: m.phoneConnected,
      lastCallOutcome: m.lastCallOutcome,
      activePath: m.activePath,
      muted: m.muted,
      removed: m.removed,
      waiting: m.waiting,
      onSite: m.onSite,
    })),
    locked: conference.locked,
    recording: conference.recording
      ? { file: conference.recording.file, since: isoUtc(conference.recording.since) }
      : null,
    onSite: conference.onSite ? onSitePlacePayload(conference.onSite) : null,
    callUp: conference.callUp ? callUpPayload(conference.callUp) : null,
  };
}

function onSitePlacePayload(place: OnSitePlace): OnSitePlace {
  return { name: place.name, address: place.address, ...(place.note ? { note: place.note } : {}) };
}

export function conferenceEventPayload(event: ConferenceEvent): ConferenceEventPayload {
  const payload: ConferenceEventPayload = {
    conferenceId: event.conferenceId,
    type: event.type,
    at: isoUtc(event.at),
  };
  if (event.participantId !== undefined) payload.participantId = event.participantId;
  if (event.outcome !== undefined) payload.outcome = event.outcome;
  if (event.path !== undefined) payload.path = event.path;
  if (event.reason !== undefined) payload.reason = event.reason;
  if (event.detail !== undefined) payload.detail = event.detail;
  if (event.by !== undefined) payload.by = event.by;
  if (event.subject !== undefined) payload.subject = event.subject;
  if (event.roster !== undefined) payload.roster = [...event.roster];
  return payload;
}

export function radioStatusPayload(status: RadioStatus): RadioStatusPayload {
  return {
    radioId: status.radioId,
    port: status.port,
    connected: status.connected,
    mode: status.mode,
    talkgroup: status.talkgroup,
    registered: status.registered,
    rssiDbm: status.rssiDbm,
    reason: status.reason,
  };
}

/** Payloads are UTF-8 JSON; one function so every topic encodes the same way. */
export function encode(payload: object): Buffer {
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/**
 * The contract promises ISO-8601 UTC (`...Z`). The core already produces that, but an offset
 * time (`+01:00`) from an adapter would otherwise leak onto the wire; unparseable text is
 * passed through rather than turned into an exception inside an event listener.
 */
export function isoUtc(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
}

/** `{prefix}/v1/trunks/{id}` (retained): a carrier trunk's health (issue 9). */
export function trunkPayload(trunk: TrunkStatus): TrunkStatus {
  return {
    id: trunk.id,
    state: trunk.state,
    since: trunk.since,
    reason: trunk.reason,
    registration: trunk.registration,
    rttMs: trunk.rttMs,
  };
}

function callUpPayload(callUp: CallUpSnapshot): NonNullable<ConferenceStatePayload['callUp']> {
  return {
    at: isoUtc(callUp.at),
    counts: callUp.counts,
    replies: callUp.replies,
    answers: callUp.recipients.flatMap((r) =>
      r.reply ? [{ participantId: r.participantId, ...r.reply, at: isoUtc(r.reply.at) }] : [],
    ),
    unmatched: callUp.unmatched.map((u) => ({ ...u, at: isoUtc(u.at) })),
  };
}
