/** The core's outbound event stream. Adapters (MQTT, HTTP SSE, metrics, store) subscribe to it. */

import type { FloorSnapshot } from './floor-control.js';
import type {
  ActivePath,
  CallOutcome,
  ConferenceSnapshot,
  LinkSnapshot,
  PathSnapshot,
  RadioStatus,
  RollCall,
} from './model.js';
import type { StoreHealthSnapshot } from './store-health.js';
import type { TrunkStatus } from './trunk-status.js';

export type ConferenceEventType =
  | 'convening'
  | 'active'
  | 'ended'
  | 'call-out'
  // Admission control holds the call-out back (reason: what is at capacity).
  | 'call-waiting'
  | 'call-result'
  | 'member-joined'
  | 'member-left'
  | 'path-changed'
  | 'failover-announced'
  // The call-up (kallelse) to one organisation: detail "sds delivered", "sms failed: …".
  | 'call-up'
  // A reply to the call-up (detail "sms: Kommer", "sds: Kan inte: …", or from an unknown sender).
  | 'call-up-reply'
  // Host controls (audited with `by`).
  | 'muted'
  | 'unmuted'
  | 'removed'
  | 'readmitted'
  | 'locked'
  | 'unlocked'
  | 'recording-started'
  | 'recording-stopped'
  // The host marks a member present at the conference's on-site meeting place, or not.
  | 'on-site-marked'
  | 'on-site-cleared'
  // A host action the core refused (detail: the action; reason: the error code and message).
  | 'refused';

export interface ConferenceEvent {
  conferenceId: string;
  type: ConferenceEventType;
  at: string;
  participantId?: string;
  outcome?: CallOutcome;
  path?: ActivePath;
  reason?: string;
  detail?: string;
  /** Who asked for it (token or user name) when a person did. */
  by?: string;
  /** On `convening` (and a resume): what the run is about, when the host said. */
  subject?: string;
  /** On `convening` (and a resume): the participant ids the run calls. */
  roster?: string[];
}

export type Alarm = RadioEmergencyAlarm | StoreAlarm | PinBudgetAlarm;

export interface RadioEmergencyAlarm {
  kind: 'radio-emergency';
  at: string;
  radioId: string;
  issi: string;
  /** The participant that ISSI belongs to, if any. */
  participantId: string | null;
  detail: string;
}

/**
 * The gateway's store stopped taking writes (`store-failed`: a full disk, a failing device) or
 * takes them again (`store-cleared`). While failed, everything runs from memory and what could
 * not be written is kept and retried.
 */
/**
 * Wrong dial-in PINs from all callers spent the global budget (`pin-budget-spent`: someone is
 * guessing, whatever caller IDs they show; until `until` only configured participants' numbers
 * may key a PIN), or that lock ended (`pin-budget-cleared`).
 */
export interface PinBudgetAlarm {
  kind: 'pin-budget-spent' | 'pin-budget-cleared';
  at: string;
  /** ISO-8601 UTC: when the lock ends, or ended. */
  until: string;
  detail: string;
}

export interface StoreAlarm {
  kind: 'store-failed' | 'store-cleared';
  at: string;
  detail: string;
  pendingWrites: number;
}

export interface DomainEvents {
  'link.changed': { link: LinkSnapshot; previous: LinkSnapshot['state'] };
  /** Metrics or reason changed without a state change (e.g. new RTP figures); `since` is kept. */
  'link.metrics': { link: LinkSnapshot };
  'path.changed': { path: PathSnapshot; previous: ActivePath };
  'conference.changed': { conference: ConferenceSnapshot };
  'conference.event': ConferenceEvent;
  'radio.status': { status: RadioStatus };
  /** Something a person must act on now (a radio emergency); never retained, never dropped silently. */
  alarm: Alarm;
  /** Who holds a gateway radio's talkgroup: the gateway (conference speech), a subscriber, or nobody. */
  'radio.floor': { floor: FloorSnapshot };
  /** The host took the roll call (upprop): the result as it stood, kept in the conference log. */
  'conference.roll-call': { rollCall: RollCall; by: string };
  /** Whether writes reach the store; every change (also of the writes held back). */
  'store.health': { health: StoreHealthSnapshot };
  /**
   * A carrier trunk's health changed (keep-alive, registration); `usable`: whether some trunk can
   * take calls after this change (false: phone participants are moved to radio, `trunks-down`).
   */
  'trunk.changed': { trunk: TrunkStatus; usable: boolean };
}

/** Every DomainEvents key; a Record so that adding an event without listing it fails to compile. */
const DOMAIN_EVENT_SET: Record<keyof DomainEvents, true> = {
  'link.changed': true,
  'link.metrics': true,
  'path.changed': true,
  'conference.changed': true,
  'conference.event': true,
  'conference.roll-call': true,
  'radio.status': true,
  'radio.floor': true,
  alarm: true,
  'store.health': true,
  'trunk.changed': true,
};
export const DOMAIN_EVENT_NAMES = Object.keys(DOMAIN_EVENT_SET) as (keyof DomainEvents)[];
