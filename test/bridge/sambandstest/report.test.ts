import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../bridge/sambandstest/detail.js';
import { renderReport } from '../../../bridge/sambandstest/report.js';
import { CSV_BOM, CSV_COLUMNS, csvField } from '../../../bridge/sambandstest/report-csv.js';
import { summarize } from '../../../bridge/sambandstest/summary.js';
import { aResult, aRun } from '../../contracts/sambandstest-store.contract.js';

function detail(): RunDetail {
  const run = aRun('r1', undefined, { state: 'completed', endedAt: '2026-03-02T08:30:20.000Z' });
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
  });
});
