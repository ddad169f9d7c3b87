// A conference's record (issue 11): its past runs, newest first (start, end, state, who convened,
// how many were in and absent), each with its protocol to download as PDF, HTML, CSV or JSON.
// Downloads go through fetchBlob: a plain link could not send the bearer token.
import { dateTime } from './labels.js';
import { el, saveBlob } from './render.js';

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
];
const RUN_LIMIT = 50;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const enc = encodeURIComponent;

function runState(run) {
  if (run.endedAt === null) return 'Pågår';
  return run.endReason === 'interrupted' ? 'Avbruten' : 'Avslutad';
}

function convenedBy(run) {
  if (run.startedBy) return run.startedBy;
  return run.startedHow === 'resumed' ? 'återupptogs efter omstart' : 'gatewayen';
}

function runRow(run) {
  return el(
    'tr',
    { testid: `run-${run.runId}`, 'data-ended': String(run.endedAt !== null) },
    el('td', { text: dateTime(run.startedAt) }),
    el('td', { text: run.endedAt ? dateTime(run.endedAt) : '–' }),
    el('td', { text: runState(run), title: run.endReason ?? '' }),
    el('td', { text: convenedBy(run) }),
    el('td', { class: 'num', testid: `run-in-${run.runId}`, text: String(run.attendance.in) }),
    el('td', { class: 'num', testid: `run-absent-${run.runId}`, text: String(run.attendance.absent) }),
    el(
      'td',
      { class: 'downloads' },
      ...FORMATS.map(([format, label]) =>
        el('button', {
          type: 'button',
          'data-run': run.runId,
          'data-format': format,
          testid: `run-${format}-${run.runId}`,
          title: `Ladda ner protokollet som ${label}`,
          text: label,
        }),
      ),
    ),
  );
}

/**
 * @param {{ api: (method: string, path: string) => Promise<any>,
 *   fetchBlob: (path: string) => Promise<Blob>, say: (text: string, kind?: string) => void }} deps
 */
export function createRunsPanel({ api, fetchBlob, say }) {
  const panel = $('runs-panel');
  const rows = $('run-rows');
  let conferenceId = null;
  /** The conference state last seen: a run starts or ends when it changes. */
  let lastState = null;

  async function open(id) {
    conferenceId = id;
    lastState = null;
    $('runs-title').textContent = id;
    rows.replaceChildren();
    panel.hidden = false;
    await load();
  }

  function close() {
    conferenceId = null;
    panel.hidden = true;
  }

  async function load() {
    const id = conferenceId;
    if (!id) return;
    const { runs } = await api('GET', `/api/conferences/${enc(id)}/runs?limit=${RUN_LIMIT}`);
    if (conferenceId !== id) return;
    rows.replaceChildren(...runs.map(runRow));
    $('runs-empty').hidden = runs.length > 0;
  }

  /** A conference snapshot arrived: re-read the list when the shown conference changed state. */
  function conferenceChanged(conference) {
    if (conference.id !== conferenceId || conference.state === lastState) return;
    const first = lastState === null;
    lastState = conference.state;
    if (!first) load().catch((error) => say(`Protokoll: ${error.message}`, 'error'));
  }

  async function download(runId, format) {
    try {
      const blob = await fetchBlob(
        `/api/conferences/${enc(conferenceId)}/runs/${enc(runId)}/protocol?format=${format}`,
      );
      saveBlob(blob, `protokoll-${runId}.${format}`);
    } catch (error) {
      say(`Protokoll: ${error.message}`, 'error');
    }
  }

  rows.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-format]');
    if (target) download(target.dataset.run, target.dataset.format);
  });
  $('runs-close').addEventListener('click', close);

  return { open, close, conferenceChanged };
}
