/**
 * CSV report: RFC 4180 (CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF, quotes
 * doubled), UTF-8 with a byte-order mark so that Excel shows å, ä and ö. Text that Excel would
 * take for a formula (=, +, -, @ first) is prefixed with `'` (OWASP "CSV injection").
 */
import { type CsvCell as Cell, CSV_BOM, csvField, csvText as text } from '../text-formats.js';
import type { RunDetail } from './detail.js';
import type { TargetResult } from './model.js';
import { trunkSnapshotText } from './trunk-state.js';

export { CSV_BOM, csvField };

const COLUMNS: readonly [string, (r: TargetResult, d: RunDetail) => Cell][] = [
  ['run_id', (_r, d) => d.run.id],
  ['run_started_at', (_r, d) => d.run.startedAt],
  ['organisation', (r) => text(r.organisation)],
  ['participant_id', (r) => r.participantId],
  ['participant', (r) => text(r.participantName)],
  ['path', (r) => r.path],
  ['status', (r) => r.status],
  ['time_to_answer_ms', (r) => r.timeToAnswerMs],
  ['rssi_dbm', (r) => r.rssiDbm],
  ['mos', (r) => r.mos],
  ['fault', (r) => r.fault],
  ['detail', (r) => text(r.detail)],
  ['comment', (r) => (r.comment === null ? null : text(r.comment))],
  ['at', (r) => r.at],
  // The run's carrier trunks (issue 9), on every row like run_id, so each row reads on its own.
  ['trunks_at_start', (_r, d) => text(trunkSnapshotText(d.run.trunksAtStart))],
  ['trunks_at_end', (_r, d) => text(trunkSnapshotText(d.run.trunksAtEnd))],
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

export function csvReport(detail: RunDetail): string {
  const rows = [CSV_COLUMNS.map((name) => csvField(name))];
  for (const result of detail.results) rows.push(COLUMNS.map(([, get]) => csvField(get(result, detail))));
  return `${CSV_BOM}${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
}
