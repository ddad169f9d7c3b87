// Samband dashboard: asks for a token once, shows conferences and participants, and keeps them
// live from the event stream. No dependencies and no build step; served as static files.
import { conferenceCard, renderRollCall } from './conference.js';
import { createConveneDialog } from './convene-dialog.js';
import { time } from './labels.js';
import { eventItem, participantRow, radioItem } from './render.js';
import { createRunsPanel } from './runs.js';
import { createSambandstestPanel } from './sambandstest.js';
import { openStream } from './stream.js';
import { createTrunkView } from './trunks.js';

const TOKEN_KEY = 'samband.token';
const MAX_LOG = 100;
const ROLE_RANK = { viewer: 0, technician: 1, host: 2 };

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  principal: null,
  participants: new Map(),
  rows: new Map(),
  conferences: new Map(),
  /** participantId → MemberSnapshot, for members of running conferences only. */
  members: new Map(),
  radios: new Map(),
  stream: null,
  /** The conference whose roll call is shown, and the latest one fetched. */
  rollCall: { conferenceId: null, data: null, timer: null },
};

const ROLL_CALL_REFRESH_MS = 300;

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { authorization: `Bearer ${state.token}` };
  const init = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => null);
  if (res.status === 401) logout('Token ogiltig eller utgången.');
  if (!res.ok) throw new ApiError(data?.error?.message ?? `HTTP ${res.status}`, res.status);
  return data;
}

/** A response body as a Blob (reports), with the token: a plain link could not send it. */
async function fetchBlob(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${state.token}` } });
  if (res.status === 401) logout('Token ogiltig eller utgången.');
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(data?.error?.message ?? `HTTP ${res.status}`, res.status);
  }
  return res.blob();
}

function say(text, kind = 'info') {
  const box = $('message');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

function setConnected(connected) {
  const badge = $('connection-status');
  badge.textContent = connected ? 'Live' : 'Återansluter…';
  badge.className = `conn ${connected ? 'conn-on' : 'conn-off'}`;
}

// ------------------------------------------------------------------ rendering from state

function upsertParticipant(view) {
  const id = view.participant.id;
  state.participants.set(id, view);
  const existing = state.rows.get(id);
  if (existing) existing.update(view, state.members.get(id));
  else {
    const row = participantRow(view, state.members.get(id));
    state.rows.set(view.participant.id, row);
    $('participant-rows').append(row.tr);
  }
}

function upsertConference(conference) {
  const existing = state.conferences.get(conference.id);
  if (existing) existing.update(conference);
  else {
    const card = conferenceCard(
      conference,
      (pid) => state.participants.get(pid)?.participant.organisation ?? pid,
    );
    state.conferences.set(conference.id, card);
    $('conferences').append(card.card);
  }
  // Members of an idle or ended conference have no host controls: forget them.
  // Several conferences may run at once: only this one's members are replaced.
  const running = conference.state === 'convening' || conference.state === 'active';
  for (const id of conference.roster) {
    if (state.members.get(id)?.conferenceId === conference.id) state.members.delete(id);
  }
  if (running) {
    for (const m of conference.members)
      state.members.set(m.participantId, { ...m, conferenceId: conference.id });
  }
  for (const id of conference.roster) refreshRow(id);
  if (state.rollCall.conferenceId === conference.id) scheduleRollCall();
  runs.conferenceChanged(conference);
}

function upsertMember(member) {
  state.members.set(member.participantId, member);
  refreshRow(member.participantId);
}

function refreshRow(id) {
  const view = state.participants.get(id);
  if (view) state.rows.get(id)?.update(view, state.members.get(id));
}

// ------------------------------------------------------------------ roll call (upprop)

function openRollCall(conferenceId) {
  state.rollCall.conferenceId = conferenceId;
  state.rollCall.data = null;
  $('roll-call-title').textContent = conferenceId;
  $('roll-call-panel').hidden = false;
  return loadRollCall();
}

function closeRollCall() {
  clearTimeout(state.rollCall.timer);
  state.rollCall = { conferenceId: null, data: null, timer: null };
  $('roll-call-panel').hidden = true;
}

// Conference snapshots arrive in bursts while a roll call runs; re-read the list once per burst.
function scheduleRollCall() {
  clearTimeout(state.rollCall.timer);
  state.rollCall.timer = setTimeout(() => {
    loadRollCall().catch((error) => say(`Upprop: ${error.message}`, 'error'));
  }, ROLL_CALL_REFRESH_MS);
}

async function loadRollCall() {
  const id = state.rollCall.conferenceId;
  if (!id) return;
  const data = await api('GET', `/api/conferences/${encodeURIComponent(id)}/roll-call`);
  if (state.rollCall.conferenceId !== id) return;
  state.rollCall.data = data;
  showRollCall();
}

// Taking the roll call is the host's act: it goes into the conference's protocol, with who took it.
async function takeRollCall() {
  const id = state.rollCall.conferenceId;
  if (!id) return;
  const button = $('roll-call-take');
  button.disabled = true;
  try {
    const data = await api('POST', `/api/conferences/${encodeURIComponent(id)}/roll-call`);
    if (state.rollCall.conferenceId === id) {
      state.rollCall.data = data;
      showRollCall();
    }
    say(`Upprop taget ${time(data.at)}: inne ${data.counts.in} av ${data.entries.length}`);
  } catch (error) {
    say(`Ta upprop: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

function showRollCall() {
  const data = state.rollCall.data;
  if (data) renderRollCall($('roll-call'), $('roll-call-counts'), data, $('roll-call-missing-only').checked);
}

function renderSummary() {
  const counts = { phone: 0, radio: 0, none: 0, down: 0 };
  for (const view of state.participants.values()) {
    if (view.path.conferenceId) counts[view.path.active] += 1;
    if (Object.values(view.links).some((l) => l.state === 'down')) counts.down += 1;
  }
  $('summary').textContent =
    `I konferens via telefon ${counts.phone} · via radio ${counts.radio} · utan väg ${counts.none}` +
    ` · ${counts.down} med någon länk nere`;
}

function applyFilter() {
  const needle = $('filter').value.trim().toLowerCase();
  for (const [id, row] of state.rows) {
    const p = state.participants.get(id).participant;
    row.tr.hidden = needle !== '' && !`${p.name} ${p.organisation} ${p.id}`.toLowerCase().includes(needle);
  }
}

function participantName(id) {
  return state.participants.get(id)?.participant.name ?? id;
}

const sambandstest = createSambandstestPanel({ api, fetchBlob, say, participantName });
const runs = createRunsPanel({ api, fetchBlob, say });
const trunks = createTrunkView($);

function logEvent(event) {
  const log = $('event-log');
  log.prepend(eventItem(event, participantName));
  while (log.children.length > MAX_LOG) log.lastElementChild.remove();
}

function handleEvent(name, payload) {
  switch (name) {
    case 'link.changed':
    case 'link.metrics': {
      const view = state.participants.get(payload.link.participantId);
      if (view) upsertParticipant({ ...view, links: { ...view.links, [payload.link.path]: payload.link } });
      break;
    }
    case 'path.changed': {
      const view = state.participants.get(payload.path.participantId);
      if (view) upsertParticipant({ ...view, path: payload.path });
      if (state.rollCall.conferenceId) scheduleRollCall();
      break;
    }
    case 'conference.changed':
      upsertConference(payload.conference);
      break;
    case 'conference.event':
      logEvent(payload);
      break;
    case 'radio.status':
      state.radios.set(payload.status.radioId, payload.status);
      renderRadios();
      break;
    case 'store.health':
      renderStore(payload.health);
      break;
    case 'trunk.changed':
      trunks.changed(payload);
      break;
  }
  renderSummary();
}

// ------------------------------------------------------------------ loading

// The store refusing writes (a full disk) is a banner until it takes them again: everything
// still works, but what changes now would not survive a restart.
function renderStore(health) {
  const banner = $('store-alarm');
  banner.hidden = health.ok;
  banner.textContent = health.ok
    ? ''
    : `Lagringen tar inte emot skrivningar sedan ${new Date(health.since).toLocaleString('sv-SE')} ` +
      `(${health.reason ?? 'okänt fel'}); ${health.pendingWrites} ändringar väntar i minnet. ` +
      'Konferensen fortsätter, men sparas inte förrän lagringen fungerar igen.';
}

function renderRadios() {
  $('radios').replaceChildren(...[...state.radios.values()].map(radioItem));
}

// Runs on every (re)connect of the event stream, before its first event is read: events queued
// meanwhile carry whole snapshots and are applied after this in order, so nothing is lost.
async function loadSnapshots() {
  const [conferences, participants, radios, store, trunkReport] = await Promise.all([
    api('GET', '/api/conferences'),
    api('GET', '/api/participants'),
    api('GET', '/api/radios'),
    api('GET', '/api/store'),
    api('GET', '/api/trunks'),
  ]);
  renderStore(store);
  trunks.load(trunkReport);
  conferences.forEach(upsertConference);
  participants.forEach(upsertParticipant);
  state.radios = new Map(radios.map((r) => [r.radioId, r]));
  renderRadios();
  applyFilter();
  renderSummary();
  if (state.rollCall.conferenceId) scheduleRollCall();
}

async function simAvailable() {
  if (ROLE_RANK[state.principal.role] < ROLE_RANK.technician) return false;
  const res = await fetch('/api/sim', { headers: { authorization: `Bearer ${state.token}` } });
  return res.ok;
}

// ------------------------------------------------------------------ actions

const ACTIONS = {
  force: (id, path) => api('POST', `/api/participants/${encodeURIComponent(id)}/path`, { path }),
  release: (id) => api('DELETE', `/api/participants/${encodeURIComponent(id)}/path`),
  // The dialog previews and convenes; its answer is applied when it returns.
  convene: (id) => conveneDialog.open(id, state.conferences.get(id)?.current().name ?? id).then(() => null),
  end: (id) =>
    window.confirm(`Avsluta konferensen ${id} och lägga på för alla?`)
      ? api('POST', `/api/conferences/${encodeURIComponent(id)}/end`)
      : null,
  mute: (id, arg) =>
    api('POST', `/api/participants/${encodeURIComponent(id)}/mute`, { muted: arg === 'true' }),
  remove: (id) =>
    window.confirm(
      `Ta bort ${participantName(id)} ur konferensen? Samtalet läggs på och rings inte upp igen.`,
    )
      ? api('POST', `/api/participants/${encodeURIComponent(id)}/remove`)
      : null,
  readmit: (id) => api('POST', `/api/participants/${encodeURIComponent(id)}/readmit`),
  'on-site': (id, arg) =>
    api('POST', `/api/participants/${encodeURIComponent(id)}/on-site`, { onSite: arg === 'true' }),
  lock: (id, arg) =>
    api('POST', `/api/conferences/${encodeURIComponent(id)}/lock`, { locked: arg === 'true' }),
  record: (id, arg) =>
    api('POST', `/api/conferences/${encodeURIComponent(id)}/recording`, { recording: arg === 'true' }),
  'roll-call': (id) => openRollCall(id).then(() => null),
  runs: (id) => runs.open(id).then(() => null),
  'sim-phone': (id, s) => api('POST', `/api/sim/participants/${encodeURIComponent(id)}/phone`, { state: s }),
  'sim-radio': (id, s) => api('POST', `/api/sim/participants/${encodeURIComponent(id)}/radio`, { state: s }),
};

async function onClick(event) {
  const target = event.target.closest('button[data-action]');
  if (!target) return;
  const { action, id, arg } = target.dataset;
  // Toggle buttons relabel themselves when the answer is applied; report what was clicked.
  const label = target.textContent;
  target.disabled = true;
  try {
    const result = await ACTIONS[action](id, arg);
    if (result === null) return;
    // Apply the answer at once; the matching event from the core will agree with it.
    if (['convene', 'end', 'lock', 'record'].includes(action)) upsertConference(result);
    if (action === 'force' || action === 'release') handleEvent('path.changed', { path: result });
    if (['mute', 'remove', 'readmit', 'on-site'].includes(action)) upsertMember(result);
    say(`${label}: ${id} – klart`);
  } catch (error) {
    say(`${label}: ${id} – ${error.message}`, 'error');
  } finally {
    target.disabled = false;
    // Re-apply the real disabled state (rows and cards compute it from their state).
    refreshRow(id);
    const conference = state.conferences.get(id);
    if (conference) conference.update(conference.current());
  }
}

// ------------------------------------------------------------------ session

function logout(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.stream?.close();
  state.stream = null;
  closeRollCall();
  runs.close();
  sambandstest.stop();
  $('dashboard').hidden = true;
  $('logout').hidden = true;
  $('whoami').textContent = '';
  $('login').hidden = false;
  const error = $('login-error');
  error.textContent = reason ?? '';
  error.hidden = !reason;
}

async function start() {
  try {
    state.principal = await api('GET', '/api/whoami');
  } catch (error) {
    if (state.token) logout(error.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, state.token);
  const rank = ROLE_RANK[state.principal.role];
  document.body.toggleAttribute('data-can-host', rank >= ROLE_RANK.host);
  document.body.toggleAttribute('data-can-tech', rank >= ROLE_RANK.technician);
  document.body.toggleAttribute('data-can-sim', await simAvailable());
  $('whoami').textContent = `${state.principal.name} (${state.principal.role})`;
  $('login').hidden = true;
  $('logout').hidden = false;
  $('dashboard').hidden = false;
  state.stream = openStream({
    url: '/api/events',
    token: state.token,
    onOpen: loadSnapshots,
    onEvent: handleEvent,
    onStatus: setConnected,
    onUnauthorized: () => logout('Token ogiltig eller utgången.'),
  });
  sambandstest.start();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = $('token-input').value.trim();
  $('token-input').value = '';
  start();
});
$('logout').addEventListener('click', () => logout());
$('filter').addEventListener('input', applyFilter);
$('participant-rows').addEventListener('click', onClick);
$('conferences').addEventListener('click', onClick);
$('roll-call-close').addEventListener('click', closeRollCall);
const conveneDialog = createConveneDialog({
  api,
  participants: () => [...state.participants.values()],
  onConvened: upsertConference,
  say,
});
$('roll-call-missing-only').addEventListener('change', showRollCall);
$('roll-call-take').addEventListener('click', takeRollCall);

if (state.token) start();
else logout();
