/**
 * SDS payloads (ETSI EN 300 392-2 §29 SDS-TL, Annex E protocol identifiers) as carried in hex
 * over the PEI. Pure functions: encode a text message, classify and decode a received payload.
 */
export const PID = {
  SIMPLE_TEXT: 0x02,
  SIMPLE_LOCATION: 0x03,
  LIP: 0x0a,
  CONCATENATED: 0x0c,
  SDS_TL_TEXT: 0x82,
  SDS_TL_LOCATION: 0x83,
} as const;

/** Text coding scheme 0x01: ISO/IEC 8859-1 (covers å, ä, ö). */
const LATIN1 = 0x01;
/** SDS type 4 carries at most 2047 bits. */
export const MAX_SDS_BITS = 2047;
/** SDS-TL header (PID, flags, ref, coding) ahead of the text. */
const SDS_TL_TEXT_HEADER_BYTES = 4;
export const MAX_SDS_TEXT_CHARS = Math.floor(MAX_SDS_BITS / 8) - SDS_TL_TEXT_HEADER_BYTES;

export interface EncodedSds {
  hex: string;
  bits: number;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * `82 04 <ref> 01 <text>`: SDS-TRANSFER (type 0) with "message received" report requested
 * (delivery report request 01 → flags 0x04), Latin-1 text. Characters outside Latin-1 become `?`.
 */
export function encodeSdsTlText(ref: number, text: string): EncodedSds {
  let hex = hex2(PID.SDS_TL_TEXT) + hex2(0x04) + hex2(ref & 0xff) + hex2(LATIN1);
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    hex += hex2(code <= 0xff ? code : 0x3f);
  }
  return { hex, bits: (hex.length / 2) * 8 };
}

/** `82 10 <status> <ref>`: SDS-REPORT; status 0 = received by the destination. */
export function encodeSdsTlReport(ref: number, status = 0): EncodedSds {
  const hex = hex2(PID.SDS_TL_TEXT) + hex2(0x10) + hex2(status) + hex2(ref & 0xff);
  return { hex, bits: 32 };
}

export type SdsPayload =
  | { kind: 'status'; value: number }
  | { kind: 'text'; pid: number; text: string; ref: number | null; reportRequested: boolean }
  | { kind: 'report'; ref: number; status: number; delivered: boolean }
  | { kind: 'location'; pid: number; hex: string }
  | { kind: 'concatenated'; hex: string }
  | { kind: 'unknown'; hex: string };

function bytesOf(hex: string): number[] | null {
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return null;
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** Latin-1 text after a coding byte; a set top bit means a 3-byte timestamp follows it. */
function decodeText(bytes: number[], codingAt: number): string {
  const coding = bytes[codingAt] ?? LATIN1;
  const start = codingAt + 1 + (coding & 0x80 ? 3 : 0);
  return String.fromCharCode(...bytes.slice(start));
}

/** Classifies a received payload by its protocol identifier (PEI.md "Receive"). */
export function classifySdsPayload(hex: string, bits?: number): SdsPayload {
  const bytes = bytesOf(hex);
  if (!bytes || bytes.length === 0) return { kind: 'unknown', hex };
  if (bytes.length === 2 && (bits === undefined || bits === 16) && (bytes[0] ?? 0) >= 0x80) {
    return { kind: 'status', value: ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0) };
  }
  const pid = bytes[0] ?? 0;
  switch (pid) {
    case PID.SIMPLE_TEXT:
      return { kind: 'text', pid, text: decodeText(bytes, 1), ref: null, reportRequested: false };
    case PID.SIMPLE_LOCATION:
    case PID.LIP:
      return { kind: 'location', pid, hex };
    case PID.CONCATENATED:
      return { kind: 'concatenated', hex };
    case PID.SDS_TL_TEXT:
    case PID.SDS_TL_LOCATION: {
      const flags = bytes[1] ?? 0;
      const type = flags >> 4;
      if (type === 1 && bytes.length >= 4) {
        const status = bytes[2] ?? 0xff;
        // [EN 300 392-2 §29.4.3.2] delivery status: 0x00–0x1F success, ≥ 0x20 temporary or final failure
        return { kind: 'report', ref: bytes[3] ?? 0, status, delivered: status < 0x20 };
      }
      if (type === 0 && bytes.length >= 4) {
        if (pid === PID.SDS_TL_LOCATION) return { kind: 'location', pid, hex };
        const reportRequested = ((flags >> 2) & 0x03) !== 0;
        return { kind: 'text', pid, text: decodeText(bytes, 3), ref: bytes[2] ?? 0, reportRequested };
      }
      return { kind: 'unknown', hex };
    }
    default:
      return { kind: 'unknown', hex };
  }
}
