/**
 * The protocol as one self-contained HTML page (inline CSS, no scripts, no external assets),
 * printable on A4: what the duty officer can upload to WIS as it is.
 */
import { esc } from '../text-formats.js';
import type { Protocol } from './protocol.js';
import { headingLines, protocolTitle } from './protocol-labels.js';
import { onSiteLine, protocolSections } from './protocol-sections.js';

const CSS = `
body{font:13px/1.4 "DejaVu Sans",system-ui,sans-serif;color:#111;margin:2rem;max-width:62rem}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.25rem 0 .4rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}tr.marked td{background:#fde2e2}dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}
dt{font-weight:600}.empty{color:#555}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}tr.marked td{print-color-adjust:exact}}
`;

export function protocolHtml(p: Protocol): string {
  const title = protocolTitle(p);
  const place = onSiteLine(p);
  const heading = headingLines(p)
    .concat(place ? [['Mötesplats vid avbrott', place]] : [])
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  const sections = protocolSections(p).map((s) => {
    if (s.rows.length === 0) return `<h2>${esc(s.title)}</h2><p class="empty">${esc(s.empty)}</p>`;
    const marked = new Set(s.marked ?? []);
    const head = s.columns.map((c) => `<th>${esc(c)}</th>`).join('');
    const rows = s.rows
      .map(
        (r, i) =>
          `<tr${marked.has(i) ? ' class="marked"' : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
      )
      .join('');
    return `<h2>${esc(s.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  });
  return [
    '<!doctype html>',
    `<html lang="sv"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<dl>${heading}</dl>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
