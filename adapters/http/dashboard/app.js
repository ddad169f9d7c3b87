// Samband dashboard: asks for a token once, shows conferences and participants, and keeps them
// live from the event stream. No dependencies and no build step; served as static files.
import { conferenceCard, eventItem, participantRow, radioItem } from './render.js';
import { openStream } from './stream.js';

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
  radios: new Map(),
  stream: null,
};

class ApiError extends Error {}

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
  if (!res.ok) throw new ApiError(data?.error?.message ?? `HTTP ${res.status}`);
  return data;
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
  state.participants.set(view.participant.id, view);
  const existing = state.rows.get(view.participant.id);
  if (existing) existing.update(view);
  else {
    const row = participantRow(view);
    state.rows.set(view.participant.id, row);
    $('participant-rows').append(row.tr);
  }
}

function upsertConference(conference) {
  const existing = state.conferences.get(conference.id);
  if (existing) existing.update(conference);
  else {
    const card = conferenceCard(conference);
    state.conferences.set(conference.id, card);
    $('conferences').append(card.card);
  }
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

function logEvent(event) {
  const log = $('event-log');
  const name = (id) => state.participants.get(id)?.participant.name ?? id;
  log.prepend(eventItem(event, name));
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
  }
  renderSummary();
}

// ------------------------------------------------------------------ loading

function renderRadios() {
  $('radios').replaceChildren(...[...state.radios.values()].map(radioItem));
}

// Runs on every (re)connect of the event stream, before its first event is read: events queued
// meanwhile carry whole snapshots and are applied after this in order, so nothing is lost.
async function loadSnapshots() {
  const [conferences, participants, radios] = await Promise.all([
    api('GET', '/api/conferences'),
    api('GET', '/api/participants'),
    api('GET', '/api/radios'),
  ]);
  conferences.forEach(upsertConference);
  participants.forEach(upsertParticipant);
  state.radios = new Map(radios.map((r) => [r.radioId, r]));
  renderRadios();
  applyFilter();
  renderSummary();
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
  convene: (id) => api('POST', `/api/conferences/${encodeURIComponent(id)}/convene`),
  end: (id) =>
    window.confirm(`Avsluta konferensen ${id} och lägga på för alla?`)
      ? api('POST', `/api/conferences/${encodeURIComponent(id)}/end`)
      : null,
  'sim-phone': (id, s) => api('POST', `/api/sim/participants/${encodeURIComponent(id)}/phone`, { state: s }),
  'sim-radio': (id, s) => api('POST', `/api/sim/participants/${encodeURIComponent(id)}/radio`, { state: s }),
};

async function onClick(event) {
  const target = event.target.closest('button[data-action]');
  if (!target) return;
  const { action, id, arg } = target.dataset;
  target.disabled = true;
  try {
    const result = await ACTIONS[action](id, arg);
    if (result === null) return;
    // Apply the answer at once; the matching event from the core will agree with it.
    if (action === 'convene' || action === 'end') upsertConference(result);
    if (action === 'force' || action === 'release') handleEvent('path.changed', { path: result });
    say(`${target.textContent}: ${id} – klart`);
  } catch (error) {
    say(`${target.textContent}: ${id} – ${error.message}`, 'error');
  } finally {
    target.disabled = false;
    // The next event from the core re-applies the real disabled state.
    const view = state.participants.get(id);
    if (view) state.rows.get(id).update(view);
  }
}

// ------------------------------------------------------------------ session

function logout(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.stream?.close();
  state.stream = null;
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

if (state.token) start();
else logout();
