/**
 * The sambandstest vocabulary (DESIGN.md §3 "Sambandstest"): a run over a scope of
 * participants × paths, and one result per target. Plain data, no behaviour.
 */
import type { LinkPath } from '../model.js';
import type { TrunkStatus } from '../trunk-status.js';

export const RUN_TRIGGERS = ['schedule', 'manual', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATES = ['running', 'completed', 'interrupted'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const RESULT_STATUSES = ['ok', 'no-answer', 'failed', 'skipped'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Why a target did not answer (or was skipped); codes a technician can look up in the README. */
export const FAULT_CODES = [
  'no-coverage',
  'terminal-off',
  'busy',
  'rejected',
  'timeout',
  'adapter-down',
  'no-number',
  'no-radio',
  'no-agent',
  'not-acknowledged',
  'no-heartbeat',
  'call-failed',
  'error',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

export interface RunScope {
  participants: string[];
  paths: LinkPath[];
}

/**
 * The carrier trunks as they stood at one moment of a run (issue 9), so that a report read later
 * shows whether the phone results were taken with the operators reachable.
 */
export interface TrunkSnapshot {
  /** ISO-8601 UTC. */
  at: string;
  /** Some trunk could take calls (false: phone participants were on radio, `trunks-down`). */
  usable: boolean;
  /** Empty when the gateway has no carrier trunks (the simulated back end). */
  trunks: TrunkStatus[];
}

export interface SambandstestRun {
  /** One MQTT topic level and one URL segment: letters, digits, `-` and `_`. */
  id: string;
  trigger: RunTrigger;
  /** The schedule that started the run (trigger `schedule`), else null. */
  scheduleId: string | null;
  /** Who asked for it (token name), for manual and API runs. */
  requestedBy: string | null;
  scope: RunScope;
  targetTimeoutMs: number;
  state: RunState;
  /** ISO-8601 UTC. */
  startedAt: string;
  endedAt: string | null;
  /** Null only for runs saved before trunk state was recorded. */
  trunksAtStart: TrunkSnapshot | null;
  /** Taken when the run completes; null while it runs, and for an interrupted run. */
  trunksAtEnd: TrunkSnapshot | null;
}

export interface TargetResult {
  runId: string;
  participantId: string;
  /** Name and organisation as configured when the run was made, so old reports stay readable. */
  participantName: string;
  organisation: string;
  path: LinkPath;
  status: ResultStatus;
  /** Phone: ring to acknowledgement; radio: SDS delivery round trip. Null when not measured. */
  timeToAnswerMs: number | null;
  /** Radio: the gateway terminal's RSSI when the result was taken. */
  rssiDbm: number | null;
  /** Phone: MOS of a live conference call, when that is what proved the path. */
  mos: number | null;
  fault: FaultCode | null;
  detail: string;
  comment: string | null;
  /** ISO-8601 UTC time the result was taken. */
  at: string;
}

export interface RunRecord {
  run: SambandstestRun;
  /** In the order they were taken. */
  results: TargetResult[];
}

/** Identifies one target of a run. */
export interface TargetKey {
  participantId: string;
  path: LinkPath;
}

export function targetKey(t: TargetKey): string {
  return `${t.participantId}/${t.path}`;
}

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
