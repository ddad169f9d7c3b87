/** Swedish words and local times shared by every protocol format (HTML, CSV, PDF). */
import type { CallOutcome, RollCallStatus } from '../model.js';
import type { AttendancePath, LogEntryKind } from './model.js';
import { PROTOCOL_TIME_ZONE, type Protocol, type ProtocolProblem } from './protocol.js';

export const PATH_SV: Record<AttendancePath, string> = {
  phone: 'telefon',
  radio: 'radio',
  'on-site': 'på plats',
  none: '–',
};

export const OUTCOME_SV: Record<CallOutcome, string> = {
  answered: 'svarade',
  busy: 'upptaget',
  'no-answer': 'inget svar',
  rejected: 'avvisat',
  failed: 'misslyckades',
};

export const ROLL_CALL_SV: Record<RollCallStatus, string> = {
  in: 'inne',
  waiting: 'väntar',
  'not-in': 'saknas',
  removed: 'borttagen',
};

export const ACTION_SV: Partial<Record<LogEntryKind, string>> = {
  convening: 'Kallade in',
  ended: 'Avslutade',
  muted: 'Tystade',
  unmuted: 'Slog på ljud',
  removed: 'Tog bort',
  readmitted: 'Släppte in igen',
  locked: 'Låste konferensen',
  unlocked: 'Låste upp konferensen',
  'recording-started': 'Startade inspelning',
  'recording-stopped': 'Stoppade inspelning',
  'path-changed': 'Tvingade väg',
  'on-site-marked': 'Markerade på plats',
  'on-site-cleared': 'Tog bort på plats',
  'roll-call': 'Tog upprop',
  refused: 'Nekades',
};

export const PROBLEM_SV: Record<ProtocolProblem['kind'], string> = {
  failover: 'Byte till radio',
  'call-failed': 'Misslyckad uppringning',
  locked: 'Konferensen låst för inringare',
  refused: 'Nekad åtgärd',
  'recording-lost': 'Inspelningen återupptogs inte efter omstart',
};

const DATE_TIME = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
} as const;
const inZone = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: PROTOCOL_TIME_ZONE, ...options });
const LOCAL = inZone({ ...DATE_TIME, second: '2-digit' });
const LOCAL_ZONED = inZone({ ...DATE_TIME, timeZoneName: 'short' });
const CLOCK = inZone({ hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** `2026-11-28 09:30:00`, Swedish local time. */
export function localTime(iso: string): string {
  return LOCAL.format(new Date(iso));
}

/** `2026-11-28 09:30 CET`: for the heading, where the zone is named. */
export function localTimeZoned(iso: string): string {
  return LOCAL_ZONED.format(new Date(iso));
}

/** `09:30:00`: inside a run, where the date is in the heading. */
export function clockTime(iso: string): string {
  return CLOCK.format(new Date(iso));
}

/** `12,5`: decimal comma, as Swedish Excel and readers expect. */
export function decimal(value: number): string {
  return value.toLocaleString('sv-SE', { maximumFractionDigits: 1, useGrouping: false });
}

export function nameOf(protocol: Protocol, participantId: string | null): string {
  if (participantId === null) return '';
  const m = protocol.run.roster.find((r) => r.participantId === participantId);
  return m ? `${m.organisation} (${m.name})` : participantId;
}

export function intervalsText(row: Protocol['attendance'][number]): string {
  return row.intervals.map((i) => `${clockTime(i.from)}–${clockTime(i.to)}`).join(', ');
}

export function absenceText(row: Protocol['attendance'][number]): string {
  if (!row.absent) return '';
  const outcome = row.lastCallOutcome ? OUTCOME_SV[row.lastCallOutcome] : 'ingen uppringning';
  return `frånvarande (${outcome})`;
}

export function protocolTitle(protocol: Protocol): string {
  return `Protokoll – ${protocol.run.conferenceName}`;
}

/** Heading lines: conference, host, start and end with the zone named. */
export function headingLines(protocol: Protocol): [string, string][] {
  const { run } = protocol;
  return [
    ['Konferens', `${run.conferenceName} (${run.conferenceId})`],
    ['Värd', run.startedBy ?? 'gatewayen (automatiskt)'],
    [
      'Start',
      `${localTimeZoned(run.startedAt)}${run.startedHow === 'resumed' ? ' (återupptagen efter omstart)' : ''}`,
    ],
    ['Slut', run.endedAt ? localTimeZoned(run.endedAt) : 'pågår'],
    ['Körning', run.runId],
    ['Tidszon', `svensk tid (${PROTOCOL_TIME_ZONE})`],
  ];
}
