// DOM building for conference-level views: the conference cards (state, lock, recording and the
// host's buttons) and the roll call (upprop). Built once and updated in place, like the rows.
import { ATTENDANCE_PATH, CALL_OUTCOME, CONFERENCE_STATE, ROLL_CALL_STATUS, time } from './labels.js';
import { button, el } from './render.js';

/**
 * One conference card with convene / end, lock and record buttons and the roll-call opener.
 * `orgOf` names a participant id (its organisation) for the call-up's per-organisation list.
 */
export function conferenceCard(conference, orgOf = (pid) => pid) {
  const id = conference.id;
  const state = el('span', { class: 'conf-state', testid: `conference-state-${id}` });
  const members = el('span', { class: 'conf-members', testid: `conference-members-${id}` });
  const since = el('small', { class: 'muted' });
  const subject = el('div', { class: 'conf-subject', testid: `conference-subject-${id}` });
  const callUp = el('div', { class: 'conf-call-up', testid: `conference-call-up-${id}` });
  const replies = el('div', { class: 'conf-call-up-replies', testid: `call-up-replies-${id}` });
  const recipients = el('ul', { class: 'call-up-recipients', testid: `call-up-recipients-${id}` });
  const callUpDetails = el(
    'details',
    { class: 'call-up-details', testid: `call-up-details-${id}`, hidden: true },
    el('summary', { text: 'Kallelse per organisation' }),
    recipients,
  );
  const lockState = el('span', { testid: `conference-locked-${id}` });
  const recordState = el('span', { testid: `conference-recording-${id}` });
  const lock = button('Lås', 'lock', id, 'true', `lock-${id}`, 'Lås konferensen för nya inringare');
  const record = button('Spela in', 'record', id, 'true', `record-${id}`, 'Spela in konferensen');
  const rollCall = button('Upprop', 'roll-call', id, undefined, `roll-call-open-${id}`, 'Visa uppropslistan');
  const runs = button(
    'Protokoll',
    'runs',
    id,
    undefined,
    `runs-open-${id}`,
    'Tidigare körningar och protokoll',
  );
  const place = el('div', {
    class: 'on-site-place',
    role: 'alert',
    testid: `on-site-place-${id}`,
    hidden: true,
  });
  const convene = button(
    'Kalla in',
    'convene',
    id,
    undefined,
    `convene-${id}`,
    'Välj vilka som kallas, se listan och ring upp',
  );
  const end = button('Avsluta', 'end', id, undefined, `end-${id}`, 'Lägg på för alla och avsluta');
  end.classList.add('danger');
  const card = el(
    'article',
    { class: 'conference', testid: `conference-${id}` },
    el('h3', { text: conference.name }),
    place,
    subject,
    callUp,
    replies,
    callUpDetails,
    el('div', {}, state, ' ', members),
    since,
    el('div', { class: 'conf-flags' }, lockState, ' ', recordState),
    el('div', { class: 'buttons' }, rollCall, runs),
    el('div', { class: 'host-only buttons' }, convene, end),
    el('div', { class: 'host-only buttons' }, lock, record),
  );

  let current = conference;
  function update(next) {
    current = next;
    card.dataset.state = next.state;
    state.dataset.state = next.state;
    state.textContent = CONFERENCE_STATE[next.state] ?? next.state;
    const carried = next.members.filter((m) => m.activePath !== 'none').length;
    members.textContent = `${carried}/${next.roster.length} anslutna`;
    since.textContent = `sedan ${time(next.since)}`;
    subject.textContent = next.subject ? `Ärende: ${next.subject}` : '';
    callUp.textContent = next.callUp ? callUpLine(next.callUp) : '';
    callUp.title = next.callUp?.text ?? '';
    replies.textContent = next.callUp ? repliesLine(next.callUp) : '';
    callUpDetails.hidden = !next.callUp;
    if (next.callUp) renderRecipients(recipients, id, next.callUp, orgOf);
    const running = next.state === 'convening' || next.state === 'active';
    convene.disabled = running;
    end.disabled = !running;
    card.dataset.locked = String(next.locked);
    lockState.dataset.locked = String(next.locked);
    lockState.replaceChildren(next.locked ? el('span', { class: 'locked', text: 'Låst' }) : '');
    lock.textContent = next.locked ? 'Lås upp' : 'Lås';
    lock.dataset.arg = String(!next.locked);
    lock.disabled = !running;
    const rec = next.recording;
    recordState.dataset.recording = String(rec !== null);
    recordState.title = rec ? rec.file : '';
    recordState.replaceChildren(
      rec ? el('span', { class: 'flag flag-recording', text: `Spelar in sedan ${time(rec.since)}` }) : '',
    );
    record.textContent = rec ? 'Stoppa inspelning' : 'Spela in';
    record.dataset.arg = String(rec === null);
    record.disabled = !running;
    renderPlace(place, next, running);
  }

  update(conference);
  return { card, update, current: () => current };
}

/** "Kallelse SDS 5/7 levererade, 1 misslyckad · SMS …": what reached whom, at a glance. */
function callUpLine(callUp) {
  const channel = (label, c) => {
    const total = c.sending + c.delivered + c.sent + c.failed;
    if (total === 0) return `${label} –`;
    const parts = [`${c.delivered}/${total} levererade`];
    if (c.sent) parts.push(`${c.sent} skickade utan kvitto`);
    if (c.failed) parts.push(`${c.failed} misslyckade`);
    if (c.sending) parts.push(`${c.sending} pågår`);
    return `${label} ${parts.join(', ')}`;
  };
  return `Kallelse ${time(callUp.at)}: ${channel('SDS', callUp.counts.sds)} · ${channel('SMS', callUp.counts.sms)}`;
}

/** "Svar: 3 kommer, 1 kan inte, 1 med text, 10 utan svar" (and unknown senders, if any). */
function repliesLine(callUp) {
  const r = callUp.replies;
  if (!r) return '';
  const parts = [`${r.joins} kommer`, `${r.cannot} kan inte`];
  if (r.other) parts.push(`${r.other} med text`);
  parts.push(`${r.none} utan svar`);
  const unknown = callUp.unmatched?.length ? ` · ${callUp.unmatched.length} från okänd avsändare` : '';
  return `Svar: ${parts.join(', ')}${unknown}`;
}

const DELIVERY = {
  sending: 'skickas',
  delivered: 'levererad',
  sent: 'skickad utan kvitto',
  failed: 'misslyckades',
  skipped: '–',
};
const ANSWER = { joins: 'Kommer', cannot: 'Kan inte' };

/** One line per organisation: how the call-up reached it on each channel, and what it answered. */
function renderRecipients(list, cid, callUp, orgOf) {
  const delivery = (label, d) => {
    if (d.state === 'skipped') return `${label} –`;
    const retrying =
      d.state === 'sending' && d.detail?.startsWith('retrying') ? ' (försöker igen, modemet borta)' : '';
    const why = d.state === 'failed' && d.detail ? ` (${d.detail})` : '';
    return `${label} ${DELIVERY[d.state] ?? d.state}${retrying}${why}`;
  };
  const rows = callUp.recipients.map((r) => {
    const reply = r.reply;
    const answer = reply?.answer ? ANSWER[reply.answer] : reply ? 'Svar' : '';
    return el(
      'li',
      {
        testid: `call-up-${cid}-${r.participantId}`,
        'data-reply': reply?.answer ?? (reply ? 'text' : 'none'),
        'data-sms': r.sms.state,
        'data-sds': r.sds.state,
      },
      el('strong', { text: orgOf(r.participantId) }),
      ' ',
      el('small', { text: `${delivery('SDS', r.sds)} · ${delivery('SMS', r.sms)}` }),
      answer ? el('span', { class: `flag reply reply-${reply.answer ?? 'text'}`, text: answer }) : '',
      reply?.notes.length ? el('q', { class: 'reply-note', text: reply.notes.join(' / ') }) : '',
    );
  });
  const unknown = (callUp.unmatched ?? []).map((u, i) =>
    el(
      'li',
      { testid: `call-up-${cid}-unmatched-${i}`, class: 'unmatched' },
      el('strong', { text: `Okänd avsändare ${u.from}` }),
      ' ',
      el('small', { text: `${u.via.toUpperCase()} ${time(u.at)}` }),
      ' ',
      el('q', { text: u.text }),
    ),
  );
  list.replaceChildren(...rows, ...unknown);
}

/**
 * The meeting place (på plats), prominent on the card while the conference runs and members
 * whose call has been tried have no working path (phone and radio both failed for them).
 */
function renderPlace(box, conference, running) {
  const stranded = conference.members.filter(
    (m) => !m.removed && m.activePath === 'none' && m.lastCallOutcome !== null,
  ).length;
  const where = conference.onSite;
  box.hidden = !(running && where && stranded > 0);
  if (box.hidden) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    el('strong', { text: 'Möte på plats: ' }),
    el('span', { class: 'place-name', text: where.name }),
    ', ',
    el('span', { class: 'place-address', text: where.address }),
    where.note ? el('div', { class: 'place-note', text: where.note }) : '',
    el('small', { class: 'place-count', text: `${stranded} utan fungerande telefon eller radio` }),
  );
}

/**
 * The roll call as an ordered list, one compact line per roster member so 50 fit on a screen.
 * `missingOnly` hides those who are in, which is what the host reads out during the upprop;
 * each line keeps its roll-call number (`value`) when others are hidden.
 */
export function renderRollCall(list, counts, rollCall, missingOnly) {
  const c = rollCall.counts;
  counts.textContent =
    `${CONFERENCE_STATE[rollCall.state] ?? rollCall.state} · inne ${c.in} (telefon ${c.phone}, radio ${c.radio}, på plats ${c.onSite ?? 0})` +
    ` · väntar ${c.waiting ?? 0} · saknas ${c.notIn} · borttagna ${c.removed} · ${time(rollCall.at)}`;
  list.replaceChildren(
    ...rollCall.entries
      .filter((entry) => !missingOnly || entry.status !== 'in')
      .map((entry) => rollCallItem(entry)),
  );
}

function rollCallItem(entry) {
  const status =
    entry.status === 'in'
      ? `${ROLL_CALL_STATUS.in} · ${ATTENDANCE_PATH[entry.via] ?? entry.via}`
      : (ROLL_CALL_STATUS[entry.status] ?? entry.status);
  const outcome = entry.lastCallOutcome ? (CALL_OUTCOME[entry.lastCallOutcome] ?? entry.lastCallOutcome) : '';
  return el(
    'li',
    {
      value: entry.position,
      testid: `roll-call-${entry.participantId}`,
      'data-status': entry.status,
      'data-via': entry.via,
      'data-muted': String(entry.muted),
      class: `roll-call-entry status-${entry.status}`,
    },
    el('span', { class: `roll-status status-${entry.status} via-${entry.via}`, text: status }),
    ' ',
    el('strong', { text: entry.name }),
    ' ',
    el('small', { text: entry.organisation }),
    entry.muted ? el('span', { class: 'flag flag-muted', text: 'Tystad' }) : '',
    entry.onSite && entry.via !== 'on-site'
      ? el('span', { class: 'flag flag-on-site', text: 'På plats' })
      : '',
    outcome && entry.status !== 'in' ? el('small', { class: 'outcome', text: ` · ${outcome}` }) : '',
    entry.waiting ? el('small', { class: 'waiting-reason', text: ` · ${entry.waiting}` }) : '',
  );
}
