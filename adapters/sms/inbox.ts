/**
 * Reading received SMS in 27.005 text mode under `AT+CSCS="UCS2"`, so that the sender's number
 * and any text (å ä ö, emoji) arrive as hex and nothing is lost to the modem's charset:
 * `+CMGR: <stat>,<oa>,[<alpha>],<scts>` then the text line; `+CMGL: <index>,<stat>,<oa>,…` then
 * the text line, once per stored message.
 */
import type { AtCommand } from '../radio/commands.js';
import { fromUcs2Hex } from './encoding.js';

export interface StoredSms {
  index: number;
  from: string;
  text: string;
}

export const InboxCommands = {
  ucs2: (): AtCommand => ({ text: 'AT+CSCS="UCS2"' }),
  read: (index: number): AtCommand => ({ text: `AT+CMGR=${index}`, expect: '+CMGR' }),
  // "ALL" in UCS2 is hex too (27.005 §3.1: string parameters follow +CSCS); some modems want it
  // plain, so the plain form is the fall-back. Either way the texts come as hex, so a reply that
  // reads "OK" cannot end the listing early.
  list: (plain = false): AtCommand => ({
    text: plain ? 'AT+CMGL="ALL"' : 'AT+CMGL="0041004C004C"',
    expect: '+CMGL',
  }),
  remove: (index: number): AtCommand => ({ text: `AT+CMGD=${index}` }),
};

/** The quoted and bare fields of a `+CMGx:` header, in order. */
function fields(header: string): string[] {
  const body = header.slice(header.indexOf(':') + 1);
  const out: string[] = [];
  for (const m of body.matchAll(/\s*("([^"]*)"|[^,]*)\s*(,|$)/g)) {
    if (m.index === body.length) break;
    out.push(m[2] ?? m[1]?.trim() ?? '');
  }
  return out;
}

/** A UCS2-hex field decoded; a modem that left it plain (some do for numbers) is taken as is. */
export function decodeField(value: string): string {
  if (value.length > 0 && value.length % 4 === 0 && /^[0-9A-Fa-f]+$/.test(value)) {
    const decoded = fromUcs2Hex(value);
    if (/^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]*$/u.test(decoded)) return decoded;
  }
  return value;
}

/** Parses the lines of an `AT+CMGR=<index>` answer; null when it holds no message. */
export function parseRead(index: number, lines: readonly string[]): StoredSms | null {
  const at = lines.findIndex((l) => l.startsWith('+CMGR:'));
  const header = lines[at];
  if (at < 0 || header === undefined) return null;
  const f = fields(header);
  return { index, from: decodeField(f[1] ?? ''), text: decodeField(lines.slice(at + 1).join('\n')) };
}

/** Parses the lines of an `AT+CMGL` answer: each header followed by its text. */
export function parseList(lines: readonly string[]): StoredSms[] {
  const out: StoredSms[] = [];
  let current: { index: number; from: string; text: string[] } | null = null;
  const flush = () => {
    if (current)
      out.push({ index: current.index, from: current.from, text: decodeField(current.text.join('\n')) });
    current = null;
  };
  for (const line of lines) {
    if (line.startsWith('+CMGL:')) {
      flush();
      const f = fields(line);
      const index = Number(f[0]);
      if (Number.isInteger(index)) current = { index, from: decodeField(f[2] ?? ''), text: [] };
    } else current?.text.push(line);
  }
  flush();
  return out;
}
