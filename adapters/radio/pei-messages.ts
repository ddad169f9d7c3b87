/**
 * Pure parser of PEI information and unsolicited result lines (EN 300 392-5 §6.x), one case
 * per result code behind a switch. Unknown or malformed lines give `null`, never a throw.
 */
import { disconnectCause } from './call-causes.js';
import { classifySdsPayload, type SdsPayload } from './sds-pdu.js';

export type OperatingMode = 'TMO' | 'DMO' | 'unknown';
/** `<TX grant>`: 0 granted, 1 not granted, 2 request queued, 3 granted to another user. */
export type TxGrant = 'granted' | 'not-granted' | 'queued' | 'granted-to-other';

export type PeiMessage =
  | {
      type: 'CTICN';
      cci: number;
      callingIssi: string;
      calledIssi: string | null;
      simplex: boolean;
      /** `<priority level>` 0–15 (15 = emergency); null when the terminal omits it. */
      priority: number | null;
    }
  | { type: 'CTCC'; cci: number }
  | { type: 'CTXG'; cci: number; grant: TxGrant; talkerIssi: string | null }
  | { type: 'CDTXC'; cci: number }
  | { type: 'CTCR'; cci: number; cause: number; causeText: string }
  | { type: 'CTSDSR'; aiService: number; fromIssi: string; toIssi: string; bits: number }
  | {
      type: 'SDS';
      aiService: number;
      fromIssi: string;
      toIssi: string;
      bits: number;
      hex: string;
      payload: SdsPayload;
    }
  | { type: 'CMGS'; instance: number; status: number | null; ref: number | null }
  | { type: 'CSQ'; rssi: number; dbm: number | null }
  | { type: 'CREG'; stat: number; registered: boolean; la: string | null; network: string | null }
  | { type: 'CTOM'; mode: number; modeName: OperatingMode }
  | { type: 'CNUMF'; numType: number; number: string; issi: string }
  | { type: 'CTGS'; groupType: number; gssi: string }
  | { type: 'RECOGNISED'; name: RecognisedOnly; fields: string[] };

// CDS and CMTI are 27.005 SMS result codes: a GSM modem on the same AT channel (adapters/sms)
// acts on the status report (CDS); a TETRA terminal never sends them.
export const RECOGNISED_ONLY = ['CTXD', 'CTXI', 'CTXW', 'CTDGR', 'CLVL', 'CDS', 'CMTI'] as const;
export type RecognisedOnly = (typeof RECOGNISED_ONLY)[number];

export type FinalResult =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'cme'; n: number }
  // 3GPP TS 27.005 §3.2.5: the final result of a refused SMS command (GSM modems).
  | { kind: 'cms'; n: number };

const TX_GRANTS: readonly TxGrant[] = ['granted', 'not-granted', 'queued', 'granted-to-other'];

/** The final result codes of V.250 / EN 300 392-5 §6.17; `null` for any other line. */
export function parseFinal(line: string): FinalResult | null {
  if (line === 'OK') return { kind: 'ok' };
  if (line === 'ERROR') return { kind: 'error' };
  const m = /^\+CM([ES]) ERROR:\s*(\d{1,4})$/.exec(line);
  if (!m) return null;
  return m[1] === 'E' ? { kind: 'cme', n: Number(m[2]) } : { kind: 'cms', n: Number(m[2]) };
}

/** `+NAME: a,b,c` → ['NAME', ['a','b','c']]; quotes around fields are removed. */
export function splitResult(line: string): { name: string; fields: string[] } | null {
  const m = /^\+([A-Z]+):\s?(.*)$/.exec(line);
  if (!m) return null;
  const rest = m[2] ?? '';
  const fields = rest === '' ? [] : rest.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  return { name: m[1] ?? '', fields };
}

/**
 * A TSI (`MCC(4) MNC(5) SSI(8)`, 17 digits) or a bare SSI → the ISSI without leading zeros.
 * Returns null for anything that is not digits.
 */
export function toIssi(identity: string | undefined): string | null {
  if (identity === undefined || !/^\d{1,17}$/.test(identity)) return null;
  const ssi = identity.length > 8 ? identity.slice(-8) : identity;
  return ssi.replace(/^0+(?=\d)/, '');
}

function int(field: string | undefined): number | null {
  return field !== undefined && /^\d{1,9}$/.test(field) ? Number(field) : null;
}

function modeName(mode: number): OperatingMode {
  if (mode === 0) return 'TMO';
  if (mode === 1 || mode === 5 || mode === 6) return 'DMO';
  return 'unknown';
}

export function parsePeiLine(line: string): PeiMessage | null {
  const split = splitResult(line);
  if (!split) return null;
  const f = split.fields;
  const cci = int(f[0]);
  switch (split.name) {
    case 'CTICN': {
      // [EN 300 392-5 +CTICN] <cci>,<call status>,<AI svc>,<calling type>,<calling>,<hook>,<simplex>,
      // <e2ee>,<comms type>,<slots/codec>,<called type>,<called>,<priority level>
      const callingIssi = toIssi(f[4]);
      if (cci === null || callingIssi === null) return null;
      const p = int(f[12]);
      const priority = p !== null && p <= 15 ? p : null;
      return { type: 'CTICN', cci, callingIssi, calledIssi: toIssi(f[11]), simplex: f[6] === '1', priority };
    }
    case 'CTCC':
      return cci === null ? null : { type: 'CTCC', cci };
    case 'CTXG': {
      // +CTXG: <cci>,<TX grant>,<TX request permission>,<e2ee>,<TPI type>,<TPI>
      const grant = TX_GRANTS[int(f[1]) ?? -1];
      if (cci === null || grant === undefined) return null;
      return { type: 'CTXG', cci, grant, talkerIssi: toIssi(f[5]) };
    }
    case 'CDTXC':
      return cci === null ? null : { type: 'CDTXC', cci };
    case 'CTCR': {
      const cause = int(f[1]);
      if (cci === null || cause === null) return null;
      return { type: 'CTCR', cci, cause, causeText: disconnectCause(cause) };
    }
    case 'CTSDSR': {
      // +CTSDSR: <AI svc>,<calling>,<calling type>,<called>,<called type>,<length in bits>
      const fromIssi = toIssi(f[1]);
      const toIssiValue = toIssi(f[3]);
      const bits = int(f[5]);
      if (cci === null || fromIssi === null || toIssiValue === null || bits === null) return null;
      return { type: 'CTSDSR', aiService: cci, fromIssi, toIssi: toIssiValue, bits };
    }
    case 'CMGS': {
      // +CMGS: <SDS instance>[,<SDS status>,<message reference>]
      if (cci === null) return null;
      if (f.length === 1) return { type: 'CMGS', instance: cci, status: null, ref: null };
      const status = int(f[1]);
      return status === null ? null : { type: 'CMGS', instance: cci, status, ref: int(f[2]) };
    }
    case 'CSQ':
      // dBm = −113 + 2n (n 0–31); 99 = not known / no network
      if (cci === null) return null;
      return { type: 'CSQ', rssi: cci, dbm: cci <= 31 ? -113 + 2 * cci : null };
    case 'CREG':
      if (cci === null) return null;
      return {
        type: 'CREG',
        stat: cci,
        registered: cci === 1 || cci === 5,
        la: f[1] ?? null,
        network: f[2] ?? null,
      };
    case 'CTOM':
      return cci === null ? null : { type: 'CTOM', mode: cci, modeName: modeName(cci) };
    case 'CNUMF': {
      const issi = toIssi(f[1]);
      if (cci === null || issi === null) return null;
      return { type: 'CNUMF', numType: cci, number: f[1] ?? '', issi };
    }
    case 'CTGS': {
      const gssi = toIssi(f[1]);
      if (cci === null || gssi === null) return null;
      return { type: 'CTGS', groupType: cci, gssi };
    }
    default: {
      const name = RECOGNISED_ONLY.find((n) => n === split.name);
      return name ? { type: 'RECOGNISED', name, fields: f } : null;
    }
  }
}

/** `<AI service>` 13: a status message (16-bit value), whatever its first digit. */
export const AI_SERVICE_STATUS = 13;

/** Attaches the payload line that follows a `+CTSDSR:` header. */
export function withSdsPayload(header: Extract<PeiMessage, { type: 'CTSDSR' }>, hex: string): PeiMessage {
  const payload: SdsPayload =
    header.aiService === AI_SERVICE_STATUS && /^[0-9A-Fa-f]{4}$/.test(hex)
      ? { kind: 'status', value: Number.parseInt(hex, 16) }
      : classifySdsPayload(hex, header.bits);
  return { ...header, type: 'SDS', hex, payload };
}

/** A line that can be an SDS payload (hex digits only). */
export function isHexPayload(line: string): boolean {
  return /^[0-9A-Fa-f]+$/.test(line);
}
