// DOM building for the dashboard. Rows and cards are built once and then updated in place, so an
// update never replaces a button under the operator's pointer and 50 rows stay cheap.
// Text goes in with textContent only: names and reasons come from config and peers, never markup.
import { ACTIVE_PATH, CONFERENCE_EVENT, LINK_STATE, LINK_STATE_EN, linkFigures, time } from './labels.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'testid') node.dataset.testid = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

export function button(label, action, id, arg, testid, title) {
  return el('button', {
    type: 'button',
    'data-action': action,
    'data-id': id,
    'data-arg': arg,
    testid,
    title,
    text: label,
  });
}

const PATHS = ['phone', 'radio', 'agent'];

/**
 * One participant's table row; `update(view, member)` refreshes it from a ParticipantView and,
 * while the participant is in a running conference, its MemberSnapshot (muted, removed).
 */
export function participantRow(view, member) {
  const id = view.participant.id;
  const name = el('td', { class: 'name' });
  const org = el('td', { class: 'org' });
  const links = Object.fromEntries(
    PATHS.map((p) => [p, el('td', { class: 'link', testid: `link-${p}-${id}` })]),
  );
  const path = el('td', { class: 'path', testid: `active-path-${id}` });
  const override = el('td', { class: 'override', testid: `override-${id}` });
  const memberCell = el('td', { class: 'member', testid: `member-${id}` });
  const forceRadio = button(
    'Tvinga radio',
    'force',
    id,
    'radio',
    `force-radio-${id}`,
    'Lås deltagaren till radio',
  );
  const forcePhone = button(
    'Tvinga telefon',
    'force',
    id,
    'phone',
    `force-phone-${id}`,
    'Lås deltagaren till telefon',
  );
  const release = button(
    'Släpp',
    'release',
    id,
    undefined,
    `release-${id}`,
    'Släpp låsningen (automatiskt val)',
  );
  // Toggles: their action and argument follow the member's state in update().
  const mute = button('Tysta', 'mute', id, 'true', `mute-${id}`, 'Tysta deltagarens telefon');
  const remove = button('Ta bort', 'remove', id, undefined, `remove-${id}`, 'Lägg på och ring inte upp igen');
  remove.classList.add('danger');
  const onSite = button(
    'På plats',
    'on-site',
    id,
    'true',
    `on-site-${id}`,
    'Markera närvarande i mötesrummet',
  );
  const actions = el(
    'td',
    { class: 'actions host-only' },
    forceRadio,
    forcePhone,
    release,
    el('br'),
    mute,
    remove,
    onSite,
  );
  const simRadio = el(
    'span',
    { class: 'sim-group' },
    el('span', { class: 'sim-label', text: 'Radio' }),
    button('upp', 'sim-radio', id, 'up', `sim-radio-up-${id}`, 'Simulera: radio uppe'),
    button('ned', 'sim-radio', id, 'down', `sim-radio-down-${id}`, 'Simulera: radio nere'),
  );
  const sim = el(
    'td',
    { class: 'sim sim-only' },
    el(
      'span',
      { class: 'sim-group' },
      el('span', { class: 'sim-label', text: 'Tel' }),
      button('upp', 'sim-phone', id, 'up', `sim-phone-up-${id}`, 'Simulera: telefon uppe'),
      button('ned', 'sim-phone', id, 'down', `sim-phone-down-${id}`, 'Simulera: telefon nere'),
      button('störd', 'sim-phone', id, 'degraded', `sim-phone-degraded-${id}`, 'Simulera: telefon störd'),
    ),
    simRadio,
  );
  const tr = el(
    'tr',
    { testid: `participant-row-${id}`, 'data-id': id },
    name,
    org,
    ...Object.values(links),
    path,
  );
  tr.append(override, memberCell, actions, sim);

  function update(next, nextMember) {
    const p = next.participant;
    name.textContent = p.name;
    name.title = `${p.id} · prioritet ${p.priority}`;
    org.textContent = p.organisation;
    for (const key of PATHS) renderLink(links[key], next.links[key], key === 'radio' && !p.radio);
    const active = next.path.active;
    if (path.dataset.path !== undefined && path.dataset.path !== active) flash(tr);
    path.dataset.path = active;
    path.replaceChildren(
      el('span', { class: `path-badge path-${active}`, text: ACTIVE_PATH[active] ?? active }),
      el('small', { text: `${next.path.reason} ${time(next.path.since)}`.trim() }),
    );
    override.dataset.override = next.path.override ?? '';
    override.replaceChildren(
      ...(next.path.override
        ? [
            el('span', { class: 'locked', text: `Låst: ${ACTIVE_PATH[next.path.override]}` }),
            by(next.path.by),
          ]
        : [el('span', { class: 'muted', text: '–' })]),
    );
    tr.dataset.active = active;
    tr.dataset.inConference = next.path.conferenceId ? 'true' : 'false';
    forceRadio.disabled = next.path.override === 'radio' || !p.radio;
    if (!p.radio) forceRadio.title = 'Deltagaren har ingen radio';
    forcePhone.disabled = next.path.override === 'phone' || p.phoneNumbers.length === 0;
    release.disabled = next.path.override === null;
    for (const b of simRadio.querySelectorAll('button')) b.disabled = !p.radio;
    renderMember(nextMember);
  }

  function renderMember(m) {
    memberCell.dataset.muted = String(m?.muted ?? false);
    memberCell.dataset.removed = String(m?.removed ?? false);
    memberCell.dataset.waiting = m?.waiting ?? '';
    memberCell.dataset.onSite = String(m?.onSite ?? false);
    memberCell.replaceChildren(
      ...(!m
        ? [el('span', { class: 'muted', text: '–' })]
        : [
            m.removed ? el('span', { class: 'flag flag-removed', text: 'Borttagen' }) : '',
            m.muted ? el('span', { class: 'flag flag-muted', text: 'Tystad' }) : '',
            m.onSite ? el('span', { class: 'flag flag-on-site', text: 'På plats' }) : '',
            m.waiting && !m.removed ? waitingFlag(m.waiting, `waiting-${m.participantId}`) : '',
            !m.removed && !m.muted && !m.waiting ? el('span', { class: 'muted', text: 'Med' }) : '',
          ]),
    );
    tr.dataset.removed = String(m?.removed ?? false);
    mute.textContent = m?.muted ? 'Ljud på' : 'Tysta';
    mute.dataset.arg = m?.muted ? 'false' : 'true';
    mute.title = m?.muted ? 'Slå på ljudet igen' : 'Tysta deltagarens telefon';
    mute.disabled = !m || m.removed;
    remove.textContent = m?.removed ? 'Släpp in' : 'Ta bort';
    remove.dataset.action = m?.removed ? 'readmit' : 'remove';
    remove.title = m?.removed ? 'Ring upp deltagaren igen' : 'Lägg på och ring inte upp igen';
    remove.classList.toggle('danger', !m?.removed);
    remove.disabled = !m;
    onSite.textContent = m?.onSite ? 'Ej på plats' : 'På plats';
    onSite.dataset.arg = m?.onSite ? 'false' : 'true';
    onSite.title = m?.onSite ? 'Inte längre i mötesrummet' : 'Markera närvarande i mötesrummet';
    onSite.disabled = !m;
  }

  update(view, member);
  return { tr, update };
}

function renderLink(cell, link, absent) {
  if (absent || !link) {
    cell.dataset.state = 'absent';
    cell.replaceChildren(el('span', { class: 'muted', text: '–' }));
    return;
  }
  cell.dataset.state = link.state;
  cell.title = `${LINK_STATE_EN[link.state] ?? link.state} sedan ${time(link.since)}`;
  const figures = linkFigures(link);
  cell.replaceChildren(
    el('span', { class: `badge state-${link.state}`, text: LINK_STATE[link.state] ?? link.state }),
    link.reason ? el('small', { class: 'reason', text: link.reason }) : '',
    figures ? el('small', { class: 'figures', text: figures }) : '',
  );
}

function by(name) {
  return name ? el('small', { text: `av ${name}` }) : '';
}

function flash(node) {
  node.classList.remove('flash');
  // Reading layout restarts the CSS animation on the same element.
  void node.offsetWidth;
  node.classList.add('flash');
}

export function radioItem(status) {
  const ok = status.connected && status.registered;
  return el(
    'li',
    { testid: `radio-${status.radioId}`, class: ok ? 'radio-ok' : 'radio-bad' },
    el('span', { class: `badge state-${ok ? 'up' : 'down'}`, text: ok ? 'Ansluten' : 'Ej ansluten' }),
    ` ${status.radioId} (${status.mode}${status.talkgroup ? `, grupp ${status.talkgroup}` : ''}) `,
    el('small', {
      text: [status.rssiDbm === null ? '' : `${status.rssiDbm} dBm`, status.reason].join(' ').trim(),
    }),
  );
}

export function eventItem(event, participantName) {
  const who = event.participantId ? participantName(event.participantId) : '';
  const what = [
    CONFERENCE_EVENT[event.type] ?? event.type,
    event.outcome,
    event.path,
    event.reason,
    event.detail,
  ];
  return el(
    'li',
    { class: `event event-${event.type}` },
    el('time', { text: time(event.at) }),
    ` ${event.conferenceId} `,
    el('strong', { text: who }),
    ` ${what.filter(Boolean).join(' · ')}`,
    event.by ? el('small', { text: ` (${event.by})` }) : '',
  );
}

/** A call the gateway holds back (capacity, call-out queue): "Väntar" with the reason on hover and below. */
export function waitingFlag(reason, testid) {
  return el(
    'span',
    { class: 'flag flag-waiting', title: reason, testid },
    'Väntar',
    el('small', { class: 'waiting-reason', text: ` ${reason}` }),
  );
}

/** Hands a fetched file (a report, a protocol) to the browser as a download under `fileName`. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
