import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../bridge/sambandstest/detail.js';
import type { SambandstestRun } from '../../../bridge/sambandstest/model.js';
import { renderReport } from '../../../bridge/sambandstest/report.js';
import { CSV_BOM, CSV_COLUMNS, csvField } from '../../../bridge/sambandstest/report-csv.js';
import { summarize } from '../../../bridge/sambandstest/summary.js';
import { aResult, aRun, aTrunkSnapshot } from '../../contracts/sambandstest-store.contract.js';

function detail(patch: Partial<SambandstestRun> = {}): RunDetail {
  const run = aRun('r1', undefined, {
    state: 'completed',
    endedAt: '2026-03-02T08:30:20.000Z',
    // Telia up at the start (Tele2 down), both down at the end.
    trunksAtEnd: aTrunkSnapshot('2026-03-02T08:30:20.000Z', false),
    ...patch,
  });
  const results = [
    aResult('r1', 'polisen', 'phone', {
      organisation: 'Polisregion Mitt',
      participantName: 'Regionledningscentralen',
    }),
    aResult('r1', 'polisen', 'radio', {
      organisation: 'Polisregion Mitt',
      participantName: 'Regionledningscentralen',
      status: 'no-answer',
      fault: 'terminal-off',
      timeToAnswerMs: null,
      rssiDbm: -81,
      detail: 'target did not answer',
      comment: '=HYPERLINK("http://evil") "avstängd", för service\nring igen',
    }),
    aResult('r1', 'alunda', 'phone', {
      organisation: 'Ålunda kommun',
      participantName: 'Tjänsteman <i>beredskap</i>',
    }),
  ];
  const record = { run, results };
  return { ...record, summary: summarize(record) };
}

describe('CSV report', () => {
  const csv = renderReport(detail(), 'csv');

  it('is UTF-8 with a BOM, CRLF line ends, a header and one row per result', () => {
    expect(csv.contentType).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.fileName).toBe('sambandstest-r1.csv');
    expect(csv.body.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.at(-1)).toBe('');
    expect(csv.body).toContain('Ålunda kommun');
  });

  it('quotes per RFC 4180 and defuses formulas in free text, not in numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hej"')).toBe('"say ""hej"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-81)).toBe('-81');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"") ""avstängd"", för service\nring igen"`);
    expect(csv.body).toContain(',-81,');
  });

  it('carries the carrier trunks at the start and end of the run on every row', () => {
    const lines = csv.body.slice(1).split('\r\n');
    expect(CSV_COLUMNS.slice(-2)).toEqual(['trunks_at_start', 'trunks_at_end']);
    const start =
      'nåbara: telia uppe, registrerad, 23.5 ms (OPTIONS answered 200; sedan 2026-03-02T07:00:00.000Z); ' +
      'tele2 nere, registreras ej, 41 ms (OPTIONS answered 503; sedan 2026-03-02T06:00:00.000Z)';
    const end =
      'INGEN TRUNK NÅBAR – telefondeltagare på radio: telia nere, registrering misslyckad ' +
      '(2 keep-alives unanswered; sedan 2026-03-02T07:00:00.000Z); tele2 nere, registreras ej, 41 ms ' +
      '(OPTIONS answered 503; sedan 2026-03-02T06:00:00.000Z)';
    expect(lines[1]?.endsWith(`,${csvField(start)},${csvField(end)}`)).toBe(true);
    expect(lines[2]?.endsWith(`,${csvField(start)},${csvField(end)}`)).toBe(true);
    const old = renderReport(detail({ trunksAtStart: null, trunksAtEnd: null }), 'csv').body;
    expect(old.slice(1).split('\r\n')[1]?.endsWith(',ej registrerat,ej registrerat')).toBe(true);
    const sim = renderReport(
      detail({ trunksAtStart: { at: 'x', usable: true, trunks: [] }, trunksAtEnd: null }),
      'csv',
    ).body;
    expect(sim.slice(1).split('\r\n')[1]?.endsWith(',inga operatörstrunkar,ej registrerat')).toBe(true);
  });
});

describe('HTML report', () => {
  const html = renderReport(detail(), 'html').body;

  it('is one self-contained printable page, summary first', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html.indexOf('Sammanfattning')).toBeLessThan(html.indexOf('<h2>Polisregion Mitt</h2>'));
    expect(html).toContain('Andel svar<b>67 %</b>');
  });

  it('groups by organisation (Swedish order) and highlights non-responders', () => {
    expect(html.indexOf('<h2>Polisregion Mitt</h2>')).toBeLessThan(html.indexOf('<h2>Ålunda kommun</h2>'));
    expect(html).toMatch(
      /<tr class="bad"><td>Regionledningscentralen<\/td><td>Radio<\/td><td>Inget svar<\/td>/,
    );
    expect(html).toContain(
      '<ul class="bad"><li>Polisregion Mitt – Regionledningscentralen (Radio): Inget svar, terminal-off</li></ul>',
    );
  });

  it('shows each carrier trunk at the start and end, and alarms when none was usable', () => {
    expect(html.indexOf('<h2>Operatörstrunkar</h2>')).toBeLessThan(html.indexOf('<h2>Polisregion Mitt</h2>'));
    expect(html).toContain('<p class="alarm">Inga operatörstrunkar nåbara under delar av körningen');
    expect(html).toContain(
      '<tr><th>Någon trunk nåbar</th><td>ja</td><td class="bad">nej – telefondeltagare flyttade till radio</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>telia</td><td>uppe, registrerad, 23.5 ms (OPTIONS answered 200; sedan 2026-03-02T07:00:00.000Z)</td>' +
        '<td class="bad">nere, registrering misslyckad (2 keep-alives unanswered; sedan 2026-03-02T07:00:00.000Z)</td></tr>',
    );
    expect(html).toContain('<tr><td>tele2</td><td class="bad">nere, registreras ej, 41 ms');

    const interrupted = renderReport(detail({ state: 'interrupted', trunksAtEnd: null }), 'html').body;
    expect(interrupted).not.toContain('class="alarm"');
    expect(interrupted).toContain('<td>ja</td><td>avbruten – ej registrerat</td>');
    const old = renderReport(detail({ trunksAtStart: null, trunksAtEnd: null }), 'html').body;
    expect(old).toContain('<h2>Operatörstrunkar</h2>\n<p class="meta">Ej registrerat för denna körning.</p>');
    const sim = renderReport(
      detail({
        trunksAtStart: { at: 'x', usable: true, trunks: [] },
        trunksAtEnd: { at: 'y', usable: true, trunks: [] },
      }),
      'html',
    ).body;
    expect(sim).toContain('Gatewayen har inga operatörstrunkar.');
  });

  it('escapes everything it did not write itself', () => {
    expect(html).toContain('Tjänsteman &lt;i&gt;beredskap&lt;/i&gt;');
    expect(html).not.toContain('<i>beredskap</i>');
  });
});

describe('JSON report', () => {
  it('carries the run, the summary and the results', () => {
    const json = renderReport(detail(), 'json');
    expect(json.contentType).toBe('application/json; charset=utf-8');
    const parsed = JSON.parse(json.body) as RunDetail;
    expect(parsed.run.id).toBe('r1');
    expect(parsed.summary.nonResponders).toHaveLength(1);
    expect(parsed.results).toHaveLength(3);
    expect(parsed.run.trunksAtStart).toEqual(aTrunkSnapshot('2026-03-02T08:30:00.000Z'));
    expect(parsed.run.trunksAtEnd?.usable).toBe(false);
    expect(parsed.summary.trunksAtEnd).toEqual(parsed.run.trunksAtEnd);
  });
});
