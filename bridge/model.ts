/** The domain vocabulary of Samband (DESIGN.md §3). Plain data, no behaviour. */

export const LINK_PATHS = ['phone', 'radio', 'agent'] as const;
export type LinkPath = (typeof LINK_PATHS)[number];

export const LINK_STATES = ['unknown', 'up', 'degraded', 'down'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** Paths that can carry a participant's voice into the conference. */
export const VOICE_PATHS = ['phone', 'radio'] as const;
export type VoicePath = (typeof VOICE_PATHS)[number];
export type ActivePath = VoicePath | 'none';

export interface ParticipantSpec {
  id: string;
  name: string;
  organisation: string;
  /** Ordered: primary first. E.164 numbers or SIP URIs. */
  phoneNumbers: string[];
  radio?: { issi: string; talkgroup?: string };
  /** MQTT username of the participant's site agent, if it has one. */
  agentUsername?: string;
  priority: number;
}

export interface PhoneMetrics {
  mos?: number;
  jitterMs?: number;
  lossPct?: number;
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
}

export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'rejected' | 'failed';

export interface MemberSnapshot {
  participantId: string;
  /** Whether the participant's phone call is currently connected. */
  phoneConnected: boolean;
  lastCallOutcome: CallOutcome | null;
  activePath: ActivePath;
}

export interface ConferenceSnapshot {
  id: string;
  name: string;
  state: ConferenceState;
  since: string;
  roster: string[];
  members: MemberSnapshot[];
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
