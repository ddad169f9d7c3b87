/**
 * Typed builders for the PEI commands Samband sends (PEI.md). Each names the information
 * response prefix it expects, so the AT channel can tell a response from an unsolicited code.
 */
export interface AtCommand {
  /** The command line without its terminator, e.g. `AT+CSQ?`. */
  readonly text: string;
  /** Prefix of the information response lines this command produces (`+CSQ`). */
  readonly expect?: string;
  /** Hex PDU sent after the command line, terminated by Ctrl-Z (AT+CMGS). */
  readonly body?: string;
  /**
   * Write `body` only once the `> ` prompt came (27.005 §3.5.1): a GSM modem drops text sent
   * before it. Without it the body follows the command line at once, as TETRA terminals take it.
   */
  readonly awaitPrompt?: boolean;
  /** Overrides the channel's default time-out. */
  readonly timeoutMs?: number;
}

const digits = (v: string, what: string): string => {
  if (!/^\d{1,17}$/.test(v)) throw new RangeError(`${what} must be 1-17 digits, got "${v}"`);
  return v;
};
const count = (n: number): string => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  return String(n);
};

export const Pei = {
  /** Plain `AT`: keep-alive. */
  at: (timeoutMs?: number): AtCommand => ({ text: 'AT', ...(timeoutMs ? { timeoutMs } : {}) }),
  echoOff: (): AtCommand => ({ text: 'ATE0' }),
  /** Operating mode: 0 TMO, 1 DMO-MS, 5 gateway, 6 DMO repeater. */
  setMode: (mode: 0 | 1 | 5 | 6): AtCommand => ({ text: `AT+CTOM=${mode}` }),
  readMode: (): AtCommand => ({ text: 'AT+CTOM?', expect: '+CTOM' }),
  /** Service profile: route a service to the PEI (`AT+CTSP=1,3,130`). */
  serviceProfile: (profile: string): AtCommand => {
    if (!/^\d+(,\d+){1,2}$/.test(profile)) throw new RangeError(`bad AT+CTSP profile "${profile}"`);
    return { text: `AT+CTSP=${profile}` };
  },
  /** Circuit-mode call parameters (the 11-field form precedes ATD). */
  callParameters: (fields: string): AtCommand => ({ text: `AT+CTSDC=${fields}` }),
  /** Select the SDS service before AT+CMGS: `12,0,0,0,1` SDS-TL, `13,0` status. */
  sdsService: (fields: string): AtCommand => ({ text: `AT+CTSDS=${fields}` }),
  vendor: (): AtCommand => ({ text: 'AT+GMI?', expect: '+GMI' }),
  model: (): AtCommand => ({ text: 'AT+GMM?', expect: '+GMM' }),
  ownIdentity: (): AtCommand => ({ text: 'AT+CNUMF?', expect: '+CNUMF' }),
  selectTalkgroup: (gssi: string): AtCommand => ({ text: `AT+CTGS=1,${digits(gssi, 'GSSI')}` }),
  readTalkgroup: (): AtCommand => ({ text: 'AT+CTGS?', expect: '+CTGS' }),
  signalQuality: (): AtCommand => ({ text: 'AT+CSQ?', expect: '+CSQ' }),
  registration: (): AtCommand => ({ text: 'AT+CREG?', expect: '+CREG' }),
  /** `AT+CMGS=<ISSI>,<bits>` CR LF, the hex PDU, Ctrl-Z. */
  sendSds: (issi: string, hex: string, bits: number): AtCommand => {
    if (!/^([0-9A-F]{2})+$/.test(hex)) throw new RangeError('SDS PDU must be upper-case hex bytes');
    return { text: `AT+CMGS=${digits(issi, 'ISSI')},${count(bits)}`, expect: '+CMGS', body: hex };
  },
  dial: (gssi: string): AtCommand => ({ text: `ATD${digits(gssi, 'GSSI')}` }),
  /** Transmit demand (PTT press). */
  transmitDemand: (cci: number): AtCommand => ({ text: `AT+CTXD=${count(cci)},1` }),
  /** Up-transmission ceased (PTT release). */
  transmitCease: (cci: number): AtCommand => ({ text: `AT+CUTXC=${count(cci)}` }),
  hangup: (): AtCommand => ({ text: 'ATH' }),
} as const;
