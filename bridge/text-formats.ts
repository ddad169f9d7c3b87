/**
 * Escaping shared by the printable reports (sambandstest reports, conference protocols):
 * HTML text, and CSV fields per RFC 4180 with a byte-order mark so that Excel shows å, ä and ö.
 */

export const CSV_BOM = '\uFEFF';

export type CsvCell = string | number | null;

/** One CSV field: quoted when it holds a quote, the separator, CR or LF (quotes doubled). */
export function csvField(value: CsvCell, separator = ','): string {
  if (value === null) return '';
  const s = String(value);
  const special = new RegExp(`["\\r\\n${separator === ',' ? ',' : ';'}]`);
  return special.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Free text only: text that Excel would take for a formula (=, +, -, @ first) is prefixed with
 * `'` (OWASP "CSV injection"). Numbers such as an RSSI of -75 must not go through here.
 */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function esc(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
