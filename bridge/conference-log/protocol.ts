/**
 * The protocol of a conference run (issue 11): what a duty officer uploads to WIS, derived from
 * the run's log alone (names come from the roster kept with the run, so a changed config does
 * not change an old protocol). Pure: the formats (HTML, CSV, PDF) only lay this out.
 */
import type { CallOutcome, RollCall } from '../model.js';
import type { AttendancePath, ConferenceRun, LogEntry } from './model.js';

/** Swedish local time: how the protocol states every time (the zone is named in its heading). */
export const PROTOCOL_TIME_ZONE = 'Europe/Stockholm';

export interface AttendanceRow {
  participantId: string;
  name: string;
  organisation: string;
  /** Times in (a voice path or on site), ISO 8601 UTC; `to` is the run's end when still in. */
  intervals: { from: string; to: string }[];
  /** Paths heard over, in the order first used. */
  paths: Exclude<AttendancePath, 'none'>[];
  radioMinutes: number;
  absent: boolean;
  lastCallOutcome: CallOutcome | null;
  /** The organisation's latest reply to the call-up ("sms: Kommer", "sds: Kan inte: …"), or null. */
  callUpReply: string | null;
}

export interface ProtocolAction {
  at: string;
  by: string | null;
  kind: LogEntry['kind'];
  participantId: string | null;
  detail: string | null;
}

export interface ProtocolProblem {
  at: string;
  kind: 'failover' | 'call-failed' | 'locked' | 'refused' | 'recording-lost';
  participantId: string | null;
  detail: string;
}

export interface Protocol {
  run: ConferenceRun;
  /** The end used for open intervals: the run's end, or the last entry while it runs. */
  until: string;
  attendance: AttendanceRow[];
  rollCalls: { at: string; by: string | null; rollCall: RollCall }[];
  hostActions: ProtocolAction[];
  emergencies: { at: string; participantId: string | null; detail: string }[];
  recordings: { file: string; startedAt: string; stoppedAt: string | null; by: string | null }[];
  sambandstests: { at: string; runId: string; by: string | null }[];
  /** The call-up: each delivery outcome and each reply (also from unknown senders), in order. */
  callUp: { at: string; participantId: string | null; kind: 'delivery' | 'reply'; detail: string }[];
  problems: ProtocolProblem[];
}

/** Log entries a person caused on the conference (the protocol's "host actions"). */
const HOST_KINDS = new Set<LogEntry['kind']>([
  'convening',
  'ended',
  'muted',
  'unmuted',
  'removed',
  'readmitted',
  'locked',
  'unlocked',
  'recording-started',
  'recording-stopped',
  'path-changed',
  'on-site-marked',
  'on-site-cleared',
  'roll-call',
  'refused',
]);

export function protocolOf(run: ConferenceRun, entries: readonly LogEntry[]): Protocol {
  const until = run.endedAt ?? entries.at(-1)?.at ?? run.startedAt;
  const members = new Map(
    run.roster.map((m) => [
      m.participantId,
      {
        row: {
          ...m,
          intervals: [],
          paths: [],
          radioMinutes: 0,
          absent: true,
          lastCallOutcome: null,
          callUpReply: null,
        } as AttendanceRow,
        path: 'none' as AttendancePath,
        since: run.startedAt,
        onSite: false,
      },
    ]),
  );
  const protocol: Protocol = {
    run,
    until,
    attendance: [],
    rollCalls: [],
    hostActions: [],
    emergencies: [],
    recordings: [],
    sambandstests: [],
    callUp: [],
    problems: [],
  };
  // Where a member is now: a voice path wins over "on site" (the call is what the room hears).
  const where = (m: { path: AttendancePath; onSite: boolean }): AttendancePath =>
    m.path !== 'none' ? m.path : m.onSite ? 'on-site' : 'none';
  const move = (
    pid: string | undefined,
    at: string,
    change: (m: { path: AttendancePath; onSite: boolean }) => void,
  ) => {
    const m = pid ? members.get(pid) : undefined;
    if (!m) return;
    const before = where(m);
    change(m);
    const after = where(m);
    if (before === after) return;
    close(m, before, at);
    m.since = at;
    if (after !== 'none') {
      m.row.absent = false;
      if (!m.row.paths.includes(after)) m.row.paths.push(after);
      if (before === 'none') m.row.intervals.push({ from: at, to: until });
    } else {
      const open = m.row.intervals.at(-1);
      if (open) open.to = at;
    }
  };
  const close = (m: { row: AttendanceRow; since: string }, path: AttendancePath, at: string) => {
    if (path === 'radio') m.row.radioMinutes += (Date.parse(at) - Date.parse(m.since)) / 60_000;
  };

  for (const e of entries) {
    const pid = e.participantId ?? null;
    if (HOST_KINDS.has(e.kind) && (e.by !== undefined || e.kind === 'refused')) {
      protocol.hostActions.push({
        at: e.at,
        by: e.by ?? null,
        kind: e.kind,
        participantId: pid,
        detail: describe(e),
      });
    }
    switch (e.kind) {
      case 'path-changed':
        move(e.participantId, e.at, (m) => {
          m.path = e.path ?? 'none';
        });
        if (e.path === 'radio' && e.by === undefined) {
          protocol.problems.push({ at: e.at, kind: 'failover', participantId: pid, detail: e.reason ?? '' });
        }
        break;
      case 'on-site-marked':
      case 'on-site-cleared':
        move(e.participantId, e.at, (m) => {
          m.onSite = e.kind === 'on-site-marked';
        });
        break;
      case 'call-result': {
        const m = pid ? members.get(pid) : undefined;
        if (m && e.outcome) m.row.lastCallOutcome = e.outcome;
        if (e.outcome && e.outcome !== 'answered') {
          protocol.problems.push({ at: e.at, kind: 'call-failed', participantId: pid, detail: e.outcome });
        }
        break;
      }
      case 'call-up':
        protocol.callUp.push({ at: e.at, participantId: pid, kind: 'delivery', detail: e.detail ?? '' });
        break;
      case 'call-up-reply': {
        protocol.callUp.push({ at: e.at, participantId: pid, kind: 'reply', detail: e.detail ?? '' });
        const m = pid ? members.get(pid) : undefined;
        if (m) m.row.callUpReply = e.detail ?? null;
        break;
      }
      case 'roll-call':
        if (e.rollCall) protocol.rollCalls.push({ at: e.at, by: e.by ?? null, rollCall: e.rollCall });
        break;
      case 'radio-emergency':
        protocol.emergencies.push({ at: e.at, participantId: pid, detail: e.detail ?? '' });
        break;
      case 'sambandstest':
        protocol.sambandstests.push({ at: e.at, runId: e.detail ?? '', by: e.by ?? null });
        break;
      case 'recording-started':
        protocol.recordings.push({
          file: e.detail ?? '',
          startedAt: e.at,
          stoppedAt: null,
          by: e.by ?? null,
        });
        break;
      case 'recording-stopped': {
        const rec = protocol.recordings.findLast((r) => r.file === e.detail && r.stoppedAt === null);
        if (rec) rec.stoppedAt = e.at;
        if (e.reason === 'not-resumed-after-restart') {
          protocol.problems.push({
            at: e.at,
            kind: 'recording-lost',
            participantId: null,
            detail: e.detail ?? '',
          });
        }
        break;
      }
      case 'locked':
        protocol.problems.push({ at: e.at, kind: 'locked', participantId: null, detail: e.by ?? '' });
        break;
      case 'refused':
        protocol.problems.push({ at: e.at, kind: 'refused', participantId: pid, detail: describe(e) });
        break;
    }
  }
  for (const m of members.values()) close(m, where(m), until);
  protocol.attendance = [...members.values()].map(({ row }) => ({
    ...row,
    radioMinutes: Math.round(row.radioMinutes * 10) / 10,
  }));
  return protocol;
}

function describe(e: LogEntry): string {
  return [e.detail, e.path, e.reason].filter((x) => x !== undefined && x !== '').join(' · ');
}
