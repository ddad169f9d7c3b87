/** Report formats of a run (DESIGN.md §3): JSON, CSV and printable HTML. Pure formatters. */
import type { RunDetail } from './detail.js';
import { csvReport } from './report-csv.js';
import { htmlReport } from './report-html.js';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedReport {
  contentType: string;
  /** A file name for downloads: sambandstest-<runId>.<format>. */
  fileName: string;
  body: string;
}

export function jsonReport(detail: RunDetail): string {
  return `${JSON.stringify({ run: detail.run, summary: detail.summary, results: detail.results }, null, 2)}\n`;
}

export function renderReport(detail: RunDetail, format: ReportFormat): RenderedReport {
  const fileName = `sambandstest-${detail.run.id}.${format}`;
  switch (format) {
    case 'json':
      return { contentType: 'application/json; charset=utf-8', fileName, body: jsonReport(detail) };
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8; header=present', fileName, body: csvReport(detail) };
    case 'html':
      return { contentType: 'text/html; charset=utf-8', fileName, body: htmlReport(detail) };
  }
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
