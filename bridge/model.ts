/** The domain vocabulary of Samband (DESIGN.md §3). Plain data, no behaviour. */
import type { CallUpSnapshot } from './call-up/model.js';
import type { Tags } from './roster.js';

export const LINK_PATHS = ['phone', 'radio', 'agent'] as const;
export type LinkPath = (typeof LINK_PATHS)[number];

export const LINK_STATES = ['unknown', 'up', 'degraded', 'down'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** Paths that can carry a participant's voice into the conference. */
export const VOICE_PATHS = ['phone', 'radio'] as const;
export type VoicePath = (typeof VOICE_PATHS)[number];
export type ActivePath = VoicePath | 'none';
/**
 * Where a member is heard from: a voice path the gateway carries, or `on-site` — in the room at
 * the conference's meeting place, as the host marked it. Deliberately not an ActivePath: path
 * selection never chooses it, and the MQTT v1 `path` topic keeps its three values.
 */
export type AttendancePath = ActivePath | 'on-site';

/** The physical meeting place a conference falls back to when phone and radio both fail. */
export interface OnSitePlace {
  name: string;
  address: string;
  note?: string;
}

export interface ParticipantSpec {
  id: string;
  name: string;
  organisation: string;
  /** Which networks it belongs to (`area`, `sector`, …); a flat config list is under `tag`. */
  tags?: Tags;
  /** Ordered: primary first. E.164 numbers or SIP URIs. */
  phoneNumbers: string[];
  radio?: { issi: string; talkgroup?: string };
  /** E.164 mobile numbers the call-up (kallelse) is texted to; the first is used. */
  smsNumbers?: string[];
  /** MQTT username of the participant's site agent, if it has one. */
  agentUsername?: string;
  priority: number;
}

export interface PhoneMetrics {
  mos?: number;
  jitterMs?: number;
  lossPct?: number;
  /** The span the figures were measured over (the last seconds of the call, not its whole life). */
  windowMs?: number;
}

/** A call's RTP receive counters, totals since its RTP session began (as media servers keep them). */
export interface RtpCounters {
  /** Audio packets received. */
  packets: number;
  /** Packets lost (sequence gaps, or dropped as unusable). */
  lost: number;
  /** The largest jitter seen (ms), where the media server reports it. */
  jitterPeakMs?: number;
}
export interface RadioMetrics {
  rssiDbm?: number;
  lastHeard?: string;
  sdsRoundTripMs?: number;
}
export interface AgentMetrics {
  lastHeartbeat?: string;
  battery?: number;
  powerSource?: string;
}
export type LinkMetrics = PhoneMetrics & RadioMetrics & AgentMetrics;

export interface LinkSnapshot {
  participantId: string;
  path: LinkPath;
  state: LinkState;
  /** ISO-8601 UTC time the link entered this state. */
  since: string;
  reason: string;
  metrics: LinkMetrics;
}

export interface PathSnapshot {
  participantId: string;
  active: ActivePath;
  since: string;
  reason: string;
  /** Set while the host pins the participant to a path. */
  override: VoicePath | null;
  /** Who caused the last change: a token/user name for host actions, null when automatic. */
  by: string | null;
  conferenceId: string | null;
}

export const CONFERENCE_STATES = ['idle', 'convening', 'active', 'ended'] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];

export interface ConferenceSpec {
  id: string;
  name: string;
  roster: string[];
  conveneOnStart: boolean;
  /** Where the conference meets in person when phone and radio fail (absent: no place agreed). */
  onSite?: OnSitePlace;
  /** The number participants dial to join, named in the call-up. */
  dialIn?: string;
}

export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'rejected' | 'failed';

export interface MemberSnapshot {
  participantId: string;
  /** Whether the participant's phone call is currently connected. */
  phoneConnected: boolean;
  lastCallOutcome: CallOutcome | null;
  activePath: ActivePath;
  /** The host muted this participant's phone leg (kept across redials, re-applied on reconnect). */
  muted: boolean;
  /** The host removed this participant: hung up and not called again until readmitted. */
  removed: boolean;
  /**
   * Why this member's call has not been placed yet: a capacity reason from admission control
   * (`capacity: …`) or the call-out queue. Null when nothing holds it back.
   */
  waiting: string | null;
  /** The host marked this member present at the conference's on-site meeting place. */
  onSite: boolean;
}

export interface RecordingSnapshot {
  /** Path of the recording on the media server. */
  file: string;
  /** ISO-8601 UTC time recording started. */
  since: string;
}

export interface ConferenceSnapshot {
  id: string;
  name: string;
  /** What this run is about ("Höga flöden Umeälven"), when the host said; null otherwise. */
  subject: string | null;
  state: ConferenceState;
  since: string;
  /** Who this run calls: the configured roster, or the selection it was convened with. */
  roster: string[];
  members: MemberSnapshot[];
  /** Locked: no new dial-ins (the gateway's own call-outs still join). */
  locked: boolean;
  recording: RecordingSnapshot | null;
  /** The configured meeting place (på plats), or null when the conference has none. */
  onSite: OnSitePlace | null;
  /** The call-up (kallelse) sent when this run was convened, with each outcome; null if none. */
  callUp: CallUpSnapshot | null;
}

/** Where a roster member stands in the roll call (upprop). */
export type RollCallStatus = 'in' | 'waiting' | 'not-in' | 'removed';

export interface RollCallEntry {
  /** 1-based place in the roll call. */
  position: number;
  participantId: string;
  name: string;
  organisation: string;
  priority: number | null;
  status: RollCallStatus;
  /** The path carrying the member's voice, or `on-site`; `none` unless `status` is `in`. */
  via: AttendancePath;
  phoneConnected: boolean;
  muted: boolean;
  removed: boolean;
  lastCallOutcome: CallOutcome | null;
  /** Why the call is held back (status `waiting`); null otherwise. */
  waiting: string | null;
  /** Marked on site by the host (shown even when phone or radio carries the member). */
  onSite: boolean;
}

export interface RollCall {
  conferenceId: string;
  name: string;
  state: ConferenceState;
  /** ISO-8601 UTC time the roll call was taken. */
  at: string;
  counts: {
    in: number;
    phone: number;
    radio: number;
    onSite: number;
    waiting: number;
    notIn: number;
    removed: number;
  };
  entries: RollCallEntry[];
}

export interface RadioStatus {
  radioId: string;
  port: string;
  connected: boolean;
  mode: 'TMO' | 'DMO' | 'unknown';
  talkgroup: string | null;
  registered: boolean;
  rssiDbm: number | null;
  reason: string;
}
