// Swedish-first labels for states, with the English term in tooltips where it helps.

export const LINK_STATE = {
  up: 'Uppe',
  degraded: 'Störd',
  down: 'Nere',
  unknown: 'Okänd',
};

export const LINK_STATE_EN = { up: 'up', degraded: 'degraded', down: 'down', unknown: 'unknown' };

export const ACTIVE_PATH = { phone: 'Telefon', radio: 'Radio', none: 'Ingen' };

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
  'call-result': 'samtalsutfall',
  'member-joined': 'ansluten',
  'member-left': 'lämnade',
  'path-changed': 'bytte väg',
  'failover-announced': 'reservväg aviserad',
  muted: 'tystad',
  unmuted: 'ljud på',
  removed: 'borttagen',
  readmitted: 'insläppt igen',
  locked: 'låst',
  unlocked: 'upplåst',
  'recording-started': 'inspelning startad',
  'recording-stopped': 'inspelning stoppad',
};

/** Roll-call (upprop) status of a roster member. */
export const ROLL_CALL_STATUS = { in: 'Inne', 'not-in': 'Saknas', removed: 'Borttagen' };

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
