/**
 * The protocol's attendance table as CSV that Swedish Excel opens by double-click: semicolon
 * separator, decimal comma, local times, CRLF and a byte-order mark (so å, ä, ö show).
 */
import { CSV_BOM, type CsvCell, csvField, csvText } from '../text-formats.js';
import type { AttendanceRow, Protocol } from './protocol.js';
import { absenceText, decimal, intervalsText, localTime, PATH_SV } from './protocol-labels.js';

const COLUMNS: readonly [string, (r: AttendanceRow, p: Protocol) => CsvCell][] = [
  ['Konferens', (_r, p) => csvText(p.run.conferenceName)],
  ['Körning', (_r, p) => p.run.runId],
  ['Start', (_r, p) => localTime(p.run.startedAt)],
  ['Organisation', (r) => csvText(r.organisation)],
  ['Funktion', (r) => csvText(r.name)],
  ['Inne (från–till)', (r) => intervalsText(r)],
  ['Vägar', (r) => r.paths.map((path) => PATH_SV[path]).join(', ')],
  ['Minuter på radio', (r) => decimal(r.radioMinutes)],
  ['Frånvarande', (r) => absenceText(r)],
  ['Svar på kallelse', (r) => csvText(r.callUpReply ?? '')],
];

export function protocolCsv(protocol: Protocol): string {
  const line = (cells: CsvCell[]) => cells.map((c) => csvField(c, ';')).join(';');
  const rows = [line(COLUMNS.map(([name]) => name))];
  for (const row of protocol.attendance) rows.push(line(COLUMNS.map(([, get]) => get(row, protocol))));
  return `${CSV_BOM}${rows.join('\r\n')}\r\n`;
}
