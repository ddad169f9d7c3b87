/**
 * Printable HTML report: one self-contained page (inline CSS, no scripts, no external assets),
 * summary first, then one table per organisation with a row per path; targets that did not
 * answer are highlighted. Swedish labels, as the technicians read it.
 */
import { esc } from '../text-formats.js';
import type { RunDetail } from './detail.js';
import type { ResultStatus, SambandstestRun, TargetResult, TrunkSnapshot } from './model.js';
import type { PathStats, TargetRef } from './summary.js';
import { trunkBad, trunkFigures } from './trunk-state.js';

const STATUS: Record<ResultStatus, string> = {
  ok: 'Svarade',
  'no-answer': 'Inget svar',
  failed: 'Fel',
  skipped: 'Ej konfigurerad',
};
const PATH: Record<string, string> = { phone: 'Telefon', radio: 'Radio', agent: 'Agent' };
const TRIGGER: Record<string, string> = { schedule: 'schema', manual: 'manuellt', api: 'API' };
const STATE: Record<string, string> = { running: 'pågår', completed: 'klar', interrupted: 'avbruten' };

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:2rem;max-width:60rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}.num{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td,td.bad{background:#fde2e2;font-weight:600}tr.skip td{color:#666}
.alarm{color:#a00;font-weight:600}
.meta{color:#444}.kpi{display:flex;gap:1.5rem;flex-wrap:wrap;margin:.75rem 0}.kpi div{border:1px solid #bbb;padding:.5rem .75rem}
.kpi b{display:block;font-size:1.3rem}ul.bad li{color:#a00;font-weight:600}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}tr.bad td,td.bad{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

export function htmlReport(detail: RunDetail): string {
  const { run, summary } = detail;
  return [
    '<!doctype html>',
    '<html lang="sv"><head><meta charset="utf-8">',
    `<title>Sambandstest ${esc(run.id)}</title><style>${CSS}</style></head><body>`,
    `<h1>Sambandstest ${esc(run.id)}</h1>`,
    `<p class="meta">Start ${esc(run.startedAt)} · slut ${esc(run.endedAt ?? '–')} · ${esc(STATE[run.state] ?? run.state)} · utlöst ${esc(TRIGGER[run.trigger] ?? run.trigger)}${run.scheduleId ? ` (${esc(run.scheduleId)})` : ''}${run.requestedBy ? ` av ${esc(run.requestedBy)}` : ''} · svarstid per mål ${run.targetTimeoutMs} ms</p>`,
    '<h2>Sammanfattning</h2>',
    kpis(summary),
    pathTable(summary.byPath),
    refList('Svarade inte', summary.nonResponders, true),
    summary.change
      ? `<p class="meta">Jämfört med ${esc(summary.change.previousRunId)}:</p>${refList('Nya fel', summary.change.newlyFailing, true)}${refList('Åter i drift', summary.change.recovered, false)}`
      : '<p class="meta">Ingen tidigare körning med samma omfattning att jämföra med.</p>',
    ...trunks(run),
    ...organisations(detail.results),
    '</body></html>',
    '',
  ].join('\n');
}

/** The carrier trunks at the start and end of the run: were the phone results taken with them up? */
function trunks(run: SambandstestRun): string[] {
  const start = run.trunksAtStart;
  const end = run.trunksAtEnd;
  const head = '<h2>Operatörstrunkar</h2>';
  if (!start && !end) return [head, '<p class="meta">Ej registrerat för denna körning.</p>'];
  const ids = [...new Set([...(start?.trunks ?? []), ...(end?.trunks ?? [])].map((t) => t.id))];
  if (ids.length === 0) return [head, '<p class="meta">Gatewayen har inga operatörstrunkar.</p>'];
  const missing = run.state === 'interrupted' ? 'avbruten – ej registrerat' : 'ej registrerat';
  const verdict = (s: TrunkSnapshot | null) =>
    s === null
      ? `<td>${esc(missing)}</td>`
      : s.usable
        ? '<td>ja</td>'
        : '<td class="bad">nej – telefondeltagare flyttade till radio</td>';
  const cell = (s: TrunkSnapshot | null, id: string) => {
    if (s === null) return `<td>${esc(missing)}</td>`;
    const t = s.trunks.find((x) => x.id === id);
    if (!t) return '<td>–</td>';
    return `<td${trunkBad(t) ? ' class="bad"' : ''}>${esc(trunkFigures(t))}</td>`;
  };
  const alarm = [start, end].some((s) => s && !s.usable)
    ? '<p class="alarm">Inga operatörstrunkar nåbara under delar av körningen: telefonresultaten speglar det.</p>'
    : '';
  const rows = [
    `<tr><th>Någon trunk nåbar</th>${verdict(start)}${verdict(end)}</tr>`,
    ...ids.map((id) => `<tr><td>${esc(id)}</td>${cell(start, id)}${cell(end, id)}</tr>`),
  ];
  return [
    head,
    alarm,
    `<table class="trunks"><thead><tr><th>Trunk</th><th>Vid start ${esc(start?.at ?? '')}</th><th>Vid slut ${esc(end?.at ?? '')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ];
}

function kpis(s: RunDetail['summary']): string {
  const box = (label: string, value: string) => `<div>${esc(label)}<b>${esc(value)}</b></div>`;
  return `<div class="kpi">${[
    box('Andel svar', share(s.answeredShare)),
    box('Svarade', `${s.answered} av ${s.tested}`),
    box('Median svarstid', ms(s.medianTimeToAnswerMs)),
    box('Längsta svarstid', ms(s.worstTimeToAnswerMs)),
    box('Ej konfigurerade', String(s.counts.skipped)),
  ].join('')}</div>`;
}

function pathTable(byPath: RunDetail['summary']['byPath']): string {
  const rows = Object.entries(byPath).map(
    ([path, st]: [string, PathStats]) =>
      `<tr><td>${esc(PATH[path] ?? path)}</td><td class="num">${st.answered} / ${st.tested}</td><td class="num">${share(st.answeredShare)}</td><td class="num">${ms(st.medianTimeToAnswerMs)}</td><td class="num">${ms(st.worstTimeToAnswerMs)}</td></tr>`,
  );
  return `<table><thead><tr><th>Väg</th><th>Svarade</th><th>Andel</th><th>Median</th><th>Längst</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function refList(title: string, refs: readonly TargetRef[], bad: boolean): string {
  if (refs.length === 0) return `<p><b>${esc(title)}:</b> inga</p>`;
  const items = refs.map(
    (r) =>
      `<li>${esc(r.organisation)} – ${esc(r.participantName)} (${esc(PATH[r.path] ?? r.path)}): ${esc(STATUS[r.status])}${r.fault ? `, ${esc(r.fault)}` : ''}</li>`,
  );
  return `<p><b>${esc(title)}:</b></p><ul${bad ? ' class="bad"' : ''}>${items.join('')}</ul>`;
}

function organisations(results: readonly TargetResult[]): string[] {
  const groups = new Map<string, TargetResult[]>();
  for (const r of results) groups.set(r.organisation, [...(groups.get(r.organisation) ?? []), r]);
  const names = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'sv'));
  return names.map((name) => {
    const rows = (groups.get(name) ?? [])
      .sort(
        (a, b) => a.participantName.localeCompare(b.participantName, 'sv') || a.path.localeCompare(b.path),
      )
      .map(row);
    return `<h2>${esc(name)}</h2><table><thead><tr><th>Funktion</th><th>Väg</th><th>Resultat</th><th>Svarstid</th><th>Signal</th><th>Felkod</th><th>Detalj</th><th>Kommentar</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  });
}

function row(r: TargetResult): string {
  const cls =
    r.status === 'no-answer' || r.status === 'failed'
      ? ' class="bad"'
      : r.status === 'skipped'
        ? ' class="skip"'
        : '';
  const signal = [r.rssiDbm !== null ? `${r.rssiDbm} dBm` : '', r.mos !== null ? `MOS ${r.mos}` : '']
    .filter(Boolean)
    .join(', ');
  return `<tr${cls}><td>${esc(r.participantName)}</td><td>${esc(PATH[r.path] ?? r.path)}</td><td>${esc(STATUS[r.status])}</td><td class="num">${ms(r.timeToAnswerMs)}</td><td>${esc(signal || '–')}</td><td>${esc(r.fault ?? '')}</td><td>${esc(r.detail)}</td><td>${esc(r.comment ?? '')}</td></tr>`;
}

function share(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}

function ms(value: number | null): string {
  return value === null ? '–' : `${(value / 1000).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} s`;
}
