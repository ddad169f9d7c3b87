/**
 * The AT interpreter of a virtual terminal: one case per command, producing the exact
 * response lines of PEI.md (information responses, then the final result). Network actions
 * are delegated to the terminal; their results arrive later as unsolicited codes.
 */
import type { ReadCommand } from './command-reader.js';
import { PeiOut } from './pei-format.js';

export interface PeiTarget {
  readonly ownTsi: string;
  echo: boolean;
  mode: number;
  talkgroup: string | null;
  sdsServiceSelected: boolean;
  readonly requiresSdsServiceSelect: boolean;
  /** Refuses AT+CMGS as busy while a call is active. */
  readonly sdsBusyInCall: boolean;
  readonly vendor: string;
  readonly model: string;
  inCoverage(): boolean;
  /** +CSQ n (0–31), 99 when out of coverage. */
  signal(): number;
  inCall(): boolean;
  /** Returns the SDS instance. */
  sendSds(to: string, bits: number, hex: string): number;
  dial(gssi: string): void;
  demandTx(cci: number): boolean;
  ceaseTx(cci: number): boolean;
  hangup(): void;
}

/** CME values the simulator uses. */
const CME_NOT_ALLOWED = 3;
const CME_NOT_SUPPORTED = 4;
const CME_NO_NETWORK = 30;
const CME_DECODING_FAILED = 32;
const CME_OUT_OF_RANGE = 34;
const CME_TERMINAL_BUSY = 43;

function withOk(...lines: string[]): string[] {
  return [...lines, PeiOut.ok()];
}

export function interpret(cmd: ReadCommand, t: PeiTarget): string[] {
  const m = /^AT(?:(\+[A-Z]+)(\?|=\?|=(.*))?|([A-Z])(.*))?$/i.exec(cmd.line.trim());
  if (!m) return [PeiOut.error()];
  const name = (m[1] ?? m[4] ?? '').toUpperCase();
  const query = m[2] === '?';
  const args = (m[3] ?? m[5] ?? '').split(',').map((a) => a.trim());
  switch (name) {
    case '':
      return withOk();
    case 'E':
      t.echo = args[0] !== '0';
      return withOk();
    case 'D': {
      const gssi = m[5] ?? '';
      if (!/^\d{1,8}$/.test(gssi)) return [PeiOut.cme(27)];
      if (!t.inCoverage()) return [PeiOut.cme(CME_NO_NETWORK)];
      t.dial(gssi);
      return withOk();
    }
    case 'H':
      t.hangup();
      return withOk();
    case '+CTOM': {
      if (query) return withOk(PeiOut.mode(t.mode));
      const mode = Number(args[0]);
      if (![0, 1, 5, 6].includes(mode)) return [PeiOut.cme(CME_OUT_OF_RANGE)];
      t.mode = mode;
      return withOk();
    }
    case '+CTSP':
    case '+CTSDC':
      return withOk();
    case '+CTSDS':
      t.sdsServiceSelected = args[0] === '12';
      return withOk();
    case '+GMI':
      return withOk(`+GMI: ${t.vendor}`);
    case '+GMM':
      return withOk(`+GMM: ${t.model}`);
    case '+CNUMF':
      return withOk(PeiOut.identity(t.ownTsi));
    case '+CTGS': {
      if (query) return t.talkgroup ? withOk(PeiOut.talkgroup(t.talkgroup)) : withOk();
      if (!/^\d{1,8}$/.test(args[1] ?? '')) return [PeiOut.cme(CME_OUT_OF_RANGE)];
      t.talkgroup = args[1] ?? null;
      return withOk();
    }
    case '+CSQ':
      return withOk(PeiOut.csq(t.signal()));
    case '+CREG':
      return withOk(PeiOut.creg(t.inCoverage() ? 1 : 0));
    case '+CMGS': {
      const [to, bits] = args;
      const body = cmd.body ?? '';
      if (!/^\d{1,17}$/.test(to ?? '') || !/^\d+$/.test(bits ?? '')) return [PeiOut.cme(CME_OUT_OF_RANGE)];
      if (!/^([0-9A-Fa-f]{2})+$/.test(body) || body.length * 4 !== Number(bits))
        return [PeiOut.cme(CME_DECODING_FAILED)];
      if (t.requiresSdsServiceSelect && !t.sdsServiceSelected) return [PeiOut.cme(CME_NOT_ALLOWED)];
      if (!t.inCoverage()) return [PeiOut.cme(CME_NO_NETWORK)];
      if (t.sdsBusyInCall && t.inCall()) return [PeiOut.cme(CME_TERMINAL_BUSY)];
      return withOk(PeiOut.cmgs(t.sendSds(to ?? '', Number(bits), body.toUpperCase())));
    }
    case '+CTXD':
      return t.demandTx(Number(args[0])) ? withOk() : [PeiOut.cme(CME_NOT_ALLOWED)];
    case '+CUTXC':
      return t.ceaseTx(Number(args[0])) ? withOk() : [PeiOut.cme(CME_NOT_ALLOWED)];
    default:
      return [PeiOut.cme(CME_NOT_SUPPORTED)];
  }
}
