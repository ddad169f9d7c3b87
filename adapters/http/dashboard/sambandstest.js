// The sambandstest panel: recent runs with their summaries, a "run now" button for technicians,
// and one run's results per participant × path. The event stream does not carry sambandstest
// events, so the panel polls: every 2 s while a run is in progress, slowly otherwise.
// Reports need the Authorization header, so they are fetched here and handed over as Blob URLs.
import {
  dateTime,
  FAULT,
  LINK_PATH,
  percent,
  RESULT_STATUS,
  RUN_STATE,
  RUN_TRIGGER,
  seconds,
} from './labels.js';
import { el, saveBlob } from './render.js';
import { runTrunksLine } from './trunks.js';

const LIST_LIMIT = 15;
const RUNNING_POLL_MS = 2000;
const IDLE_POLL_MS = 30_000;
const ALL_PATHS = ['phone', 'radio', 'agent'];

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const enc = encodeURIComponent;
const key = (participantId, path) => `${participantId}/${path}`;
const isNonResponder = (status) => status === 'no-answer' || status === 'failed';

/**
 * @param {{ api: (method: string, path: string, body?: unknown) => Promise<any>,
 *   fetchBlob: (path: string) => Promise<Blob>, say: (text: string, kind?: string) => void,
 *   participantName: (id: string) => string }} deps
 */
export function createSambandstestPanel({ api, fetchBlob, say, participantName }) {
  const panel = $('sambandstest-panel');
  const runBody = $('st-run-rows');
  /** runId → { tr, update } */
  const rows = new Map();
  /**
   * runId → latest RunSummary. A finished run's summary never changes (comments are not in it),
   * so only running runs and runs not seen before are read again.
   */
  const summaries = new Map();
  let runs = [];
  let selected = null;
  let detail = null;
  let timer = null;
  let active = false;
  let generation = 0;

  async function start() {
    active = true;
    generation += 1;
    try {
      await refresh();
      panel.hidden = false;
    } catch (error) {
      // No sambandstest service on this gateway (404): leave the panel hidden, stop asking.
      panel.hidden = true;
      if (error.status === 404) active = false;
      else say(`Sambandstest: ${error.message}`, 'error');
    }
    schedule();
  }

  function stop() {
    active = false;
    generation += 1;
    clearTimeout(timer);
    timer = null;
    closeDetail();
  }

  function schedule() {
    clearTimeout(timer);
    if (!active) return;
    const running = runs.some((r) => r.state === 'running');
    timer = setTimeout(tick, running ? RUNNING_POLL_MS : IDLE_POLL_MS);
  }

  async function tick() {
    try {
      await refresh();
    } catch (error) {
      say(`Sambandstest: ${error.message}`, 'error');
    }
    schedule();
  }

  async function refresh() {
    const gen = generation;
    const list = await api('GET', `/api/sambandstest/runs?limit=${LIST_LIMIT}`);
    if (gen !== generation) return;
    runs = list.runs;
    if (list.current && !runs.some((r) => r.id === list.current.id)) runs.unshift(list.current);
    // Summaries of running runs and runs not seen yet; finished ones are cached.
    const wanted = runs.filter((r) => r.state === 'running' || summaries.get(r.id)?.state !== r.state);
    const details = await Promise.all(
      wanted.map((r) => api('GET', `/api/sambandstest/runs/${enc(r.id)}`).catch(() => null)),
    );
    if (gen !== generation) return;
    for (const d of details) {
      if (!d) continue;
      summaries.set(d.run.id, d.summary);
      if (d.run.id === selected) detail = d;
    }
    renderRuns();
    renderStatus();
    if (!selected) return;
    // The open run is re-read while it runs; a finished one stays as it was read.
    if (!detail || detail.run.id !== selected || detail.run.state === 'running') {
      if (!details.some((d) => d?.run.id === selected)) await loadDetail(selected);
    }
    if (detail?.run.id === selected) renderDetail();
  }

  function renderStatus() {
    const running = runs.find((r) => r.state === 'running');
    const button = $('st-run');
    button.disabled = Boolean(running);
    button.title = running ? 'En körning pågår redan' : 'Testa alla deltagare på alla vägar';
    const s = running ? summaries.get(running.id) : null;
    $('st-status').textContent = running
      ? `Pågår: ${running.id}${s ? ` · ${s.done}/${s.targets} klara` : ''}`
      : runs.length === 0
        ? 'Inga körningar ännu.'
        : '';
  }

  // ---------------------------------------------------------------- list of runs

  function renderRuns() {
    const seen = new Set();
    for (const run of runs) {
      seen.add(run.id);
      let row = rows.get(run.id);
      if (!row) {
        row = runRow(run.id);
        rows.set(run.id, row);
      }
      row.update(run, summaries.get(run.id), run.id === selected);
    }
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        rows.delete(id);
      }
    }
    // Newest first, as the API lists them; append() moves rows without rebuilding them.
    runBody.append(...runs.map((r) => rows.get(r.id).tr));
  }

  function runRow(id) {
    const cells = {
      started: el('td', { class: 'st-time' }),
      trigger: el('td'),
      state: el('td', { testid: `st-run-state-${id}` }),
      share: el('td', { class: 'num', testid: `st-run-share-${id}` }),
      median: el('td', { class: 'num' }),
      worst: el('td', { class: 'num' }),
      faults: el('td', { class: 'num' }),
    };
    const open = el('button', {
      type: 'button',
      'data-run': id,
      testid: `st-open-${id}`,
      text: 'Visa',
      title: 'Visa resultat per deltagare och väg',
    });
    const tr = el(
      'tr',
      { testid: `st-run-${id}`, 'data-run': id },
      ...Object.values(cells),
      el('td', {}, open),
    );
    function update(run, summary, isSelected) {
      tr.dataset.state = run.state;
      tr.classList.toggle('selected', isSelected);
      cells.started.textContent = dateTime(run.startedAt);
      cells.started.title = run.id;
      const by = run.scheduleId ?? run.requestedBy;
      cells.trigger.textContent = `${RUN_TRIGGER[run.trigger] ?? run.trigger}${by ? ` · ${by}` : ''}`;
      cells.state.dataset.state = run.state;
      cells.state.replaceChildren(
        el('span', { class: `badge run-${run.state}`, text: RUN_STATE[run.state] ?? run.state }),
        run.state === 'running' && summary
          ? el('small', { text: ` ${summary.done}/${summary.targets}` })
          : '',
      );
      cells.share.textContent = summary
        ? `${percent(summary.answeredShare)} (${summary.answered}/${summary.tested})`
        : '…';
      cells.median.textContent = summary ? seconds(summary.medianTimeToAnswerMs) : '';
      cells.worst.textContent = summary ? seconds(summary.worstTimeToAnswerMs) : '';
      const missing = summary ? summary.nonResponders.length : 0;
      cells.faults.textContent = summary ? String(missing) : '';
      cells.faults.classList.toggle('bad', missing > 0);
    }
    return { tr, update };
  }

  // ---------------------------------------------------------------- run now

  async function runNow() {
    const ok = window.confirm(
      'Starta ett sambandstest nu? Alla deltagare rings upp och får ett SDS; de som svarar trycker 1.',
    );
    if (!ok) return;
    const button = $('st-run');
    button.disabled = true;
    try {
      const { runId } = await api('POST', '/api/sambandstest/runs', { paths: ALL_PATHS });
      say(`Sambandstest ${runId} startat.`);
      selected = runId;
      detail = null;
      $('st-detail').hidden = false;
      await refresh();
    } catch (error) {
      const why = error.status === 409 ? `En körning pågår redan (${error.message})` : error.message;
      say(`Kör sambandstest: ${why}`, 'error');
      await refresh().catch(() => {});
    } finally {
      renderStatus();
      schedule();
    }
  }

  // ---------------------------------------------------------------- one run

  async function openDetail(runId) {
    selected = runId;
    detail = null;
    $('st-detail').hidden = false;
    $('st-detail-title').textContent = runId;
    $('st-result-rows').replaceChildren();
    renderRuns();
    await loadDetail(runId);
  }

  function closeDetail() {
    selected = null;
    detail = null;
    $('st-detail').hidden = true;
    renderRuns();
  }

  async function loadDetail(runId) {
    const d = await api('GET', `/api/sambandstest/runs/${enc(runId)}`);
    if (selected !== runId) return;
    detail = d;
    summaries.set(runId, d.summary);
    renderDetail();
  }

  function renderDetail() {
    const { run, summary, results } = detail;
    const panelEl = $('st-detail');
    panelEl.dataset.run = run.id;
    panelEl.dataset.state = run.state;
    $('st-detail-title').textContent =
      `${run.id} · ${dateTime(run.startedAt)} · ${RUN_STATE[run.state] ?? run.state}`;
    $('st-detail-summary').replaceChildren(...summaryLine(summary, run));
    $('st-change').replaceChildren(...changeLine(summary.change));
    $('st-change').hidden = !summary.change;
    const trunks = runTrunksLine(run);
    $('st-trunks').replaceChildren(...(trunks ?? []));
    $('st-trunks').hidden = trunks === null;
    $('st-result-head').replaceChildren(
      ...['Deltagare', 'Organisation'].map((t) => el('th', { text: t })),
      ...run.scope.paths.map((p) => el('th', { text: LINK_PATH[p] ?? p })),
    );

    const byKey = new Map(results.map((r) => [key(r.participantId, r.path), r]));
    const newly = new Set((summary.change?.newlyFailing ?? []).map((t) => key(t.participantId, t.path)));
    const recovered = new Set((summary.change?.recovered ?? []).map((t) => key(t.participantId, t.path)));
    const onlyMissing = $('st-missing-only').checked;
    const lines = run.scope.participants.map((id) => {
      const cells = run.scope.paths.map((path) => byKey.get(key(id, path)) ?? null);
      const known = cells.find(Boolean);
      return {
        id,
        name: known?.participantName ?? participantName(id),
        organisation: known?.organisation ?? '',
        cells,
        missing: cells.filter((c) => c && isNonResponder(c.status)).length,
      };
    });
    // Non-responders first (most paths down first), then by organisation and name.
    lines.sort(
      (a, b) =>
        b.missing - a.missing ||
        a.organisation.localeCompare(b.organisation, 'sv') ||
        a.name.localeCompare(b.name, 'sv', { numeric: true }),
    );
    $('st-result-rows').replaceChildren(
      ...lines
        .filter((line) => !onlyMissing || line.missing > 0)
        .map((line) =>
          el(
            'tr',
            {
              testid: `st-result-${line.id}`,
              'data-missing': String(line.missing),
              class: line.missing > 0 ? 'st-missing' : undefined,
            },
            el('td', { class: 'name', text: line.name, title: line.id }),
            el('td', { text: line.organisation }),
            ...line.cells.map((result, i) => {
              const path = run.scope.paths[i];
              const k = key(line.id, path);
              return resultCell(line.id, path, result, newly.has(k), recovered.has(k));
            }),
          ),
        ),
    );
  }

  // ---------------------------------------------------------------- reports

  async function report(format) {
    if (!detail) return;
    const runId = detail.run.id;
    try {
      const blob = await fetchBlob(`/api/sambandstest/runs/${enc(runId)}/report?format=${format}`);
      saveBlob(blob, `sambandstest-${runId}.${format}`);
    } catch (error) {
      say(`Rapport: ${error.message}`, 'error');
    }
  }

  $('st-run').addEventListener('click', runNow);
  runBody.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-run]');
    if (target)
      openDetail(target.dataset.run).catch((error) => say(`Sambandstest: ${error.message}`, 'error'));
  });
  $('st-detail-close').addEventListener('click', closeDetail);
  $('st-missing-only').addEventListener('change', () => detail && renderDetail());
  $('st-csv').addEventListener('click', () => report('csv'));
  $('st-html').addEventListener('click', () => report('html'));

  return { start, stop };
}

function summaryLine(summary, run) {
  const parts = [
    el('strong', {
      class: summary.nonResponders.length > 0 ? 'bad' : 'good',
      text: `Svarade ${percent(summary.answeredShare)} (${summary.answered}/${summary.tested})`,
    }),
    ` · median ${seconds(summary.medianTimeToAnswerMs)} · sämst ${seconds(summary.worstTimeToAnswerMs)}`,
  ];
  for (const path of run.scope.paths) {
    const s = summary.byPath[path];
    if (s) parts.push(` · ${LINK_PATH[path] ?? path} ${s.answered}/${s.tested}`);
  }
  if (summary.counts.skipped > 0) parts.push(` · ${summary.counts.skipped} ej konfigurerade`);
  if (run.state === 'running') parts.push(` · ${summary.done}/${summary.targets} klara`);
  return parts;
}

function changeLine(change) {
  if (!change) return [];
  const names = (refs) => refs.map((t) => `${t.participantName} (${LINK_PATH[t.path] ?? t.path})`).join(', ');
  const parts = [`Jämfört med ${change.previousRunId}: `];
  if (change.newlyFailing.length === 0 && change.recovered.length === 0) parts.push('inga förändringar.');
  if (change.newlyFailing.length > 0) {
    parts.push(
      el('span', { class: 'bad', text: `${change.newlyFailing.length} nya fel` }),
      ` – ${names(change.newlyFailing)}. `,
    );
  }
  if (change.recovered.length > 0) {
    parts.push(
      el('span', { class: 'good', text: `${change.recovered.length} åter i ordning` }),
      ` – ${names(change.recovered)}.`,
    );
  }
  return parts;
}

function resultCell(participantId, path, result, newlyFailing, recovered) {
  const status = result?.status ?? 'pending';
  const figures = [];
  if (result?.timeToAnswerMs !== null && result?.timeToAnswerMs !== undefined) {
    figures.push(seconds(result.timeToAnswerMs));
  }
  if (result?.rssiDbm !== null && result?.rssiDbm !== undefined) figures.push(`${result.rssiDbm} dBm`);
  if (result?.mos !== null && result?.mos !== undefined) figures.push(`MOS ${result.mos.toFixed(1)}`);
  return el(
    'td',
    {
      class: `st-cell st-${status}`,
      testid: `st-cell-${participantId}-${path}`,
      'data-status': status,
      title: result ? [result.detail, result.comment].filter(Boolean).join(' – ') : 'Inget resultat ännu',
    },
    el('span', { class: `st-badge st-${status}`, text: RESULT_STATUS[status] ?? status }),
    newlyFailing ? el('span', { class: 'st-trend bad', text: '▼ nytt', title: 'Svarade förra gången' }) : '',
    recovered
      ? el('span', { class: 'st-trend good', text: '▲ åter', title: 'Svarade inte förra gången' })
      : '',
    figures.length > 0 ? el('small', { text: figures.join(' · ') }) : '',
    result?.fault && status !== 'ok'
      ? el('small', {
          class: isNonResponder(status) ? 'st-fault' : undefined,
          text: FAULT[result.fault] ?? result.fault,
        })
      : '',
    result?.comment ? el('small', { class: 'st-comment', text: `Kommentar: ${result.comment}` }) : '',
  );
}
