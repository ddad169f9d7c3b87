// Carrier trunks (issue 9): each trunk's health in the lower panel, and an alarm at the top of the
// board while no trunk can take calls (then every phone participant has been moved to radio).
// Fed by GET /api/trunks on every (re)connect and by `trunk.changed` events, which carry the
// gateway's own verdict `usable` so the board never guesses it from the states.
import { dateTime, TRUNK_REGISTRATION, TRUNK_STATE, TRUNKS_DOWN_ALARM } from './labels.js';
import { el } from './render.js';

const BADGE = { up: 'state-up', down: 'state-down', unknown: 'state-unknown' };

export function trunkItem(trunk) {
  const registration = TRUNK_REGISTRATION[trunk.registration] ?? trunk.registration;
  const bad = trunk.state === 'down' || trunk.registration === 'failed';
  return el(
    'li',
    { testid: `trunk-${trunk.id}`, class: bad ? 'trunk-bad' : 'trunk-ok' },
    el('span', {
      class: `badge ${BADGE[trunk.state] ?? 'state-unknown'}`,
      testid: 'trunk-state',
      text: TRUNK_STATE[trunk.state] ?? trunk.state,
    }),
    ' ',
    el('strong', { text: trunk.id }),
    ` ${registration}`,
    trunk.rttMs === null ? '' : ` · ${trunk.rttMs} ms`,
    ' ',
    el('small', { testid: 'trunk-detail', text: `sedan ${dateTime(trunk.since)} · ${trunk.reason}` }),
  );
}

/**
 * A sambandstest run's carrier trunks at its start and end, as parts of one line; null when the
 * run has none to show (simulated telephony, or a run saved before they were recorded).
 */
export function runTrunksLine(run) {
  const snapshots = [run.trunksAtStart, run.trunksAtEnd];
  if (!snapshots.some((s) => s && s.trunks.length > 0)) return null;
  const part = (label, snapshot) => {
    if (!snapshot) return [`${label}: ${run.state === 'interrupted' ? 'ej registrerat (avbruten)' : '–'}`];
    const trunks = snapshot.trunks
      .map((t) => {
        const rtt = t.rttMs === null ? '' : `, ${t.rttMs} ms`;
        const state = TRUNK_STATE[t.state] ?? t.state;
        return `${t.id} ${state.toLowerCase()} (${TRUNK_REGISTRATION[t.registration] ?? t.registration}${rtt})`;
      })
      .join(', ');
    return snapshot.usable
      ? [`${label}: ${trunks}`]
      : [`${label}: `, el('span', { class: 'bad', text: TRUNKS_DOWN_ALARM }), ` ${trunks}`];
  };
  return [
    'Operatörstrunkar – ',
    ...part('vid start', snapshots[0]),
    ' · ',
    ...part('vid slut', snapshots[1]),
  ];
}

export function createTrunkView($) {
  const trunks = new Map();
  let usable = true;

  function render() {
    const list = [...trunks.values()].sort((a, b) => a.id.localeCompare(b.id));
    $('trunks-panel').hidden = list.length === 0;
    $('trunks').replaceChildren(...list.map(trunkItem));
    // Without trunks (the sim back end) there is nothing to be down.
    const alarm = $('trunk-alarm');
    alarm.hidden = usable || list.length === 0;
    alarm.textContent = alarm.hidden ? '' : TRUNKS_DOWN_ALARM;
  }

  return {
    load(report) {
      trunks.clear();
      for (const t of report.trunks) trunks.set(t.id, t);
      usable = report.usable;
      render();
    },
    changed({ trunk, usable: nowUsable }) {
      trunks.set(trunk.id, trunk);
      usable = nowUsable;
      render();
    },
  };
}
