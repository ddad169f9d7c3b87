/**
 * The host's record of a conference (issue 11): every run of a conference — from convene (or a
 * resume with no run to continue) to end — has a run id and an append-only log of what happened.
 * Plain data; the recorder writes it, the protocol reads it.
 */
import type { ConferenceEventType } from '../events.js';
import type { AttendancePath, CallOutcome, OnSitePlace, RollCall } from '../model.js';

export type { AttendancePath, OnSitePlace };

/** A roster member as the run began: the protocol needs names even after the config changed. */
export interface RosterMember {
  participantId: string;
  name: string;
  organisation: string;
}

export interface ConferenceRun {
  /** `<conferenceId>-<UTC start, basic format>`, with `-2`, `-3`… when started twice in a second. */
  runId: string;
  conferenceId: string;
  conferenceName: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  /** Who convened it (token or user name); null when the gateway did (start-up, resume). */
  startedBy: string | null;
  /** `resumed`: the gateway found the conference running after a restart with no run to continue. */
  startedHow: 'convened' | 'resumed';
  /** Null while the run is open. */
  endedAt: string | null;
  /** `ended-by-request`, `interrupted` (a newer run began before this one was seen to end)… */
  endReason: string | null;
  roster: RosterMember[];
  onSite: OnSitePlace | null;
}

/** What a log entry records: a conference event, or one of the log's own kinds. */
export type LogEntryKind = ConferenceEventType | 'roll-call' | 'radio-emergency' | 'sambandstest';

export interface LogEntry {
  /** 1, 2, 3… per run, in the order appended; assigned by the store. */
  seq: number;
  /** ISO 8601 UTC time it happened. */
  at: string;
  kind: LogEntryKind;
  participantId?: string;
  path?: AttendancePath;
  outcome?: CallOutcome;
  reason?: string;
  detail?: string;
  /** Who did it (HTTP token name, OPC UA user, MQTT user) when a person did. */
  by?: string;
  /** `roll-call`: the full roll call as taken. */
  rollCall?: RollCall;
}

export type NewLogEntry = Omit<LogEntry, 'seq'>;

export const CONFERENCE_RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
