/**
 * How a text goes out as SMS in 3GPP TS 27.005 text mode. Text mode has no user-data header,
 * so a long text cannot be a concatenated SMS: it is sent as numbered parts ("(1/2) …"), at
 * most MAX_PARTS; a longer text is refused (SmsTooLongError), never cut silently (the call-up is
 * written to fit one).
 * - Every character in the GSM 7-bit default alphabet (3GPP TS 23.038; å ä ö Å Ä Ö é are in it):
 *   AT+CSCS="GSM", DCS 0, 160 characters per SMS, each written as its GSM code (ä → 0x7B).
 * - Otherwise UCS2: AT+CSCS="UCS2", DCS 8, 70 characters per SMS, written as hex; the number
 *   in AT+CMGS is then hex UCS2 too (27.005 §3.1: string parameters follow +CSCS).
 */
export const MAX_PARTS = 3;
export const GSM_CHARS_PER_SMS = 160;
export const UCS2_CHARS_PER_SMS = 70;

// The default alphabet, in code order (0x00–0x7F). Codes that would upset a serial AT line
// (LF, CR, 0x1A = Ctrl-Z ends the message, 0x1B escape, 0x00 NUL) are marked unusable ('\u0000').
const GSM_DEFAULT =
  '\u0000£$¥èéùìòÇ\u0000Øø\u0000Åå' +
  'Δ_ΦΓΛΩΠΨΣΘ\u0000\u0000ÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

const GSM_CODE = new Map<string, number>();
for (let code = 0; code < GSM_DEFAULT.length; code += 1) {
  const ch = GSM_DEFAULT[code];
  if (ch && ch !== '\u0000') GSM_CODE.set(ch, code);
}

export type SmsCharset = 'GSM' | 'UCS2';

export interface SmsPlan {
  charset: SmsCharset;
  /** Data coding scheme for AT+CSMP: 0 GSM 7-bit, 8 UCS2. */
  dcs: 0 | 8;
  /** The texts of the SMS to send, in order (already numbered when more than one). */
  parts: string[];
}

/** A text that needs more than MAX_PARTS SMS: refused whole rather than cut. */
export class SmsTooLongError extends RangeError {
  readonly needed: number;
  constructor(needed: number, chars: number, charset: SmsCharset) {
    super(
      `the text needs ${needed} SMS (${chars} characters in ${charset}); at most ${MAX_PARTS} are sent, so it was not sent`,
    );
    this.name = 'SmsTooLongError';
    this.needed = needed;
  }
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM_CODE.has(ch)) return false;
  return true;
}

/** Throws SmsTooLongError when the text needs more than MAX_PARTS messages. */
export function planSms(text: string): SmsPlan {
  const charset: SmsCharset = isGsm7(text) ? 'GSM' : 'UCS2';
  const limit = charset === 'GSM' ? GSM_CHARS_PER_SMS : UCS2_CHARS_PER_SMS;
  const chars = [...text];
  if (chars.length <= limit) return { charset, dcs: charset === 'GSM' ? 0 : 8, parts: [text] };
  // "(n/m) " takes 6 characters of each part.
  const body = limit - 6;
  const count = Math.ceil(chars.length / body);
  if (count > MAX_PARTS) throw new SmsTooLongError(count, chars.length, charset);
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1)
    parts.push(`(${i + 1}/${count}) ${chars.slice(i * body, (i + 1) * body).join('')}`);
  return { charset, dcs: charset === 'GSM' ? 0 : 8, parts };
}

/** The bytes of a text for the AT line: GSM codes (as single characters) or UCS2 hex. */
export function encodeForModem(text: string, charset: SmsCharset): string {
  if (charset === 'UCS2') return ucs2Hex(text);
  let out = '';
  for (const ch of text) {
    const code = GSM_CODE.get(ch);
    if (code === undefined) throw new RangeError(`"${ch}" is not in the GSM 7-bit default alphabet`);
    out += String.fromCharCode(code);
  }
  return out;
}

/** UTF-16 code units as 4 hex digits each (UCS2; astral characters become their surrogates). */
export function ucs2Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1)
    out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return out;
}

export function fromUcs2Hex(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return out;
}

export function decodeGsm(codes: string): string {
  let out = '';
  for (const ch of codes) out += GSM_DEFAULT[ch.charCodeAt(0)] ?? '?';
  return out;
}
