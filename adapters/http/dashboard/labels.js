// Swedish-first labels for states, with the English term in tooltips where it helps.

export const LINK_STATE = {
  up: 'Uppe',
  degraded: 'Störd',
  down: 'Nere',
  unknown: 'Okänd',
};

export const LINK_STATE_EN = { up: 'up', degraded: 'degraded', down: 'down', unknown: 'unknown' };

export const ACTIVE_PATH = { phone: 'Telefon', radio: 'Radio', none: 'Ingen' };

/** Where a member is heard from in the roll call: a path, or on site (in the meeting room). */
export const ATTENDANCE_PATH = { ...ACTIVE_PATH, 'on-site': 'På plats' };

export const CONFERENCE_STATE = {
  idle: 'Vilande',
  convening: 'Kallar in',
  active: 'Pågår',
  ended: 'Avslutad',
};

export const CONFERENCE_EVENT = {
  convening: 'kallar in',
  active: 'pågår',
  ended: 'avslutad',
  'call-out': 'ringer upp',
  'call-waiting': 'väntar (kapacitet)',
  'call-result': 'samtalsutfall',
  'member-joined': 'ansluten',
  'member-left': 'lämnade',
  'path-changed': 'bytte väg',
  'failover-announced': 'reservväg aviserad',
  'call-up': 'kallelse',
  'call-up-reply': 'svar på kallelse',
  muted: 'tystad',
  unmuted: 'ljud på',
  removed: 'borttagen',
  readmitted: 'insläppt igen',
  locked: 'låst',
  unlocked: 'upplåst',
  'recording-started': 'inspelning startad',
  'recording-stopped': 'inspelning stoppad',
  'on-site-marked': 'på plats',
  'on-site-cleared': 'inte längre på plats',
};

/** Roll-call (upprop) status of a roster member. */
export const ROLL_CALL_STATUS = { in: 'Inne', waiting: 'Väntar', 'not-in': 'Saknas', removed: 'Borttagen' };

export const CALL_OUTCOME = {
  answered: 'svarade',
  busy: 'upptaget',
  'no-answer': 'inget svar',
  rejected: 'avvisade',
  failed: 'misslyckades',
};

export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString('sv-SE');
}

/** A compact line of the link figures that matter to an operator, per path. */
export function linkFigures(link) {
  const m = link.metrics ?? {};
  const parts = [];
  if (m.mos !== undefined) parts.push(`MOS ${m.mos.toFixed(1)}`);
  if (m.lossPct !== undefined) parts.push(`${m.lossPct}% förlust`);
  if (m.rssiDbm !== undefined) parts.push(`${m.rssiDbm} dBm`);
  if (m.battery !== undefined) parts.push(`batteri ${m.battery}%`);
  if (m.powerSource !== undefined && m.powerSource !== 'mains') parts.push(m.powerSource);
  return parts.join(' · ');
}

// ------------------------------------------------------------------ carrier trunks

/** A trunk's keep-alive state (OPTIONS answered or not; unknown: not probed yet or keep-alive off). */
export const TRUNK_STATE = { up: 'Uppe', down: 'Nere', unknown: 'Okänd' };

export const TRUNK_REGISTRATION = {
  none: 'registreras ej',
  registering: 'registrerar…',
  registered: 'registrerad',
  failed: 'registrering misslyckad',
};

/** The board's alarm, also in the sambandstest report, when no trunk can take calls. */
export const TRUNKS_DOWN_ALARM = 'Inga operatörstrunkar nåbara – telefondeltagare flyttade till radio.';

// ------------------------------------------------------------------ sambandstest

export const LINK_PATH = { phone: 'Telefon', radio: 'Radio', agent: 'Agent' };

export const RUN_TRIGGER = { schedule: 'Schema', manual: 'Manuell', api: 'Dashboard/API' };

export const RUN_STATE = { running: 'Pågår', completed: 'Klar', interrupted: 'Avbruten' };

export const RESULT_STATUS = {
  ok: 'Svarade',
  'no-answer': 'Inget svar',
  failed: 'Fel',
  skipped: 'Ej konf.',
  pending: 'Väntar…',
};

/** Fault codes (README "Sambandstest") in words a technician reads at a glance. */
export const FAULT = {
  'no-coverage': 'ingen täckning',
  'terminal-off': 'terminal avstängd',
  busy: 'upptaget',
  rejected: 'avvisade',
  timeout: 'tidsgräns',
  'adapter-down': 'adapter nere',
  'no-number': 'inget nummer',
  'no-radio': 'ingen radio',
  'no-agent': 'ingen agent',
  'not-acknowledged': 'ej kvitterat',
  'no-heartbeat': 'ingen heartbeat',
  'call-failed': 'samtal misslyckades',
  error: 'fel',
};

/** Milliseconds as seconds with one decimal, Swedish style: "1,5 s"; '–' for none. */
export function seconds(ms) {
  if (ms === null || ms === undefined) return '–';
  return `${(ms / 1000).toLocaleString('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
}

/** A 0..1 share as a whole percentage: "96 %"; '–' for none. */
export function percent(share) {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`;
}

/** Date and time, "2026-03-02 09:30:00" in local time. */
export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString('sv-SE');
}
