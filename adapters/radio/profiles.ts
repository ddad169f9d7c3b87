/**
 * Terminal profiles: what differs between vendors' PEI implementations. The values are the
 * behaviour reported by users and implementations (PEI.md); a site can override any field.
 */
export type TerminalProfileName = 'generic' | 'motorola' | 'sepura' | 'airbus';

export interface TerminalProfile {
  /** `AT+CTSP=…` routings sent at start-up, in order. */
  serviceProfiles: readonly string[];
  /** `AT+CTSDS=12,0,0,0,1` must precede every AT+CMGS (SDS-TL service selection). */
  selectSdsServiceBeforeSend: boolean;
  /** The terminal can send an SDS while a call is active; if not, sends wait for the call to end. */
  sdsDuringCall: boolean;
  /** `AT+CTSDC=…` before ATD (11-field form). */
  callParameters: string;
}

const SDS_TL_TEXT = '1,3,130';
const STATUS = '1,2,20';
const VOICE = '2,0,0';

export const TERMINAL_PROFILES: Readonly<Record<TerminalProfileName, TerminalProfile>> = {
  generic: {
    serviceProfiles: [SDS_TL_TEXT, STATUS, VOICE],
    selectSdsServiceBeforeSend: false,
    sdsDuringCall: true,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  motorola: {
    serviceProfiles: [SDS_TL_TEXT, STATUS, VOICE],
    selectSdsServiceBeforeSend: false,
    sdsDuringCall: false,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  sepura: {
    // Keeps the terminal's own emergency signalling enabled (2,2,20).
    serviceProfiles: [SDS_TL_TEXT, '2,2,20', VOICE],
    selectSdsServiceBeforeSend: true,
    sdsDuringCall: true,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  airbus: {
    serviceProfiles: [SDS_TL_TEXT, '2,2,20', VOICE],
    selectSdsServiceBeforeSend: true,
    sdsDuringCall: false,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
};

export function resolveProfile(
  name: TerminalProfileName,
  overrides: Partial<TerminalProfile> = {},
): TerminalProfile {
  return { ...TERMINAL_PROFILES[name], ...overrides };
}
