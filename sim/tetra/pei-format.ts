/** The exact PEI response formats of PEI.md, as a virtual terminal prints them. */
export interface TsiPrefix {
  mcc: string;
  mnc: string;
}

export const DEFAULT_TSI_PREFIX: TsiPrefix = { mcc: '0901', mnc: '16383' };

/** MCC(4) MNC(5) SSI(8): `09011638300023404`. */
export function tsi(ssi: string, prefix: TsiPrefix = DEFAULT_TSI_PREFIX): string {
  return prefix.mcc + prefix.mnc + ssi.padStart(8, '0');
}

export const PeiOut = {
  ok: () => 'OK',
  error: () => 'ERROR',
  cme: (n: number) => `+CME ERROR: ${n}`,
  /** `<AI service>` 12 = SDS type 4 (text, SDS-TL), 13 = status. */
  sdsHeader: (from: string, to: string, bits: number, aiService = 12) =>
    `+CTSDSR: ${aiService},${from},0,${to},0,${bits}`,
  cmgs: (instance: number) => `+CMGS: ${instance}`,
  cmgsReport: (instance: number, delivered: boolean, ref: number) =>
    `+CMGS: ${instance},${delivered ? 4 : 5},${ref}`,
  /** The last field is the call priority level (0–15, 15 = emergency). */
  incoming: (cci: number, callerTsi: string, groupTsi: string, priority = 0) =>
    `+CTICN: ${cci},0,0,5,${callerTsi},1,1,0,1,1,5,${groupTsi},${priority}`,
  connected: (cci: number) => `+CTCC: ${cci},1,1,0,0,1,1`,
  grant: (cci: number, grant: number, talkerTsi: string) => `+CTXG: ${cci},${grant},0,0,3,${talkerTsi}`,
  ceased: (cci: number) => `+CDTXC: ${cci},0`,
  released: (cci: number, cause: number) => `+CTCR: ${cci},${cause}`,
  csq: (n: number) => `+CSQ: ${n},99`,
  creg: (stat: number) => `+CREG: ${stat},1001,${'1638'}`,
  mode: (mode: number) => `+CTOM: ${mode}`,
  identity: (ownTsi: string) => `+CNUMF: 6,${ownTsi}`,
  talkgroup: (gssi: string) => `+CTGS: 1,${gssi}`,
} as const;
