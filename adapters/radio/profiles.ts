/**
 * Terminal profiles: what differs between vendors' PEI implementations. The values are the
 * behaviour reported by users and implementations (PEI.md); a site can override any field.
 */
import { CME_TERMINAL_BUSY } from './cme-errors.js';

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
  /** `+CME ERROR` values to AT+CMGS that mean "busy now, try later": the SDS is queued and retried. */
  sdsBusyCmeErrors: readonly number[];
  /**
   * `+CTICN` call priority (0–15) from which an incoming call is an emergency call. TETRA
   * reserves the highest level, 15, for emergency (pre-emptive) calls (EN 300 392-2 element
   * "call priority"; `<priority level>` is the 13th field of +CTICN in EN 300 392-5).
   */
  emergencyCallPriority: number;
  /**
   * Status values (16 bit) that signal an emergency. Pre-coded status 0 is "Emergency"
   * (EN 300 392-2 element "pre-coded status"); networks that assign another value (e.g. from the user range
   * 0x8000–0xFFFF) add it here.
   */
  emergencyStatusValues: readonly number[];
}

/** What every profile shares unless it says otherwise. */
const COMMON = {
  sdsBusyCmeErrors: [CME_TERMINAL_BUSY],
  emergencyCallPriority: 15,
  emergencyStatusValues: [0],
} as const satisfies Partial<TerminalProfile>;

const SDS_TL_TEXT = '1,3,130';
const STATUS = '1,2,20';
const VOICE = '2,0,0';

export const TERMINAL_PROFILES: Readonly<Record<TerminalProfileName, TerminalProfile>> = {
  generic: {
    ...COMMON,
    serviceProfiles: [SDS_TL_TEXT, STATUS, VOICE],
    selectSdsServiceBeforeSend: false,
    sdsDuringCall: true,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  motorola: {
    ...COMMON,
    serviceProfiles: [SDS_TL_TEXT, STATUS, VOICE],
    selectSdsServiceBeforeSend: false,
    sdsDuringCall: false,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  sepura: {
    ...COMMON,
    // Keeps the terminal's own emergency signalling enabled (2,2,20).
    serviceProfiles: [SDS_TL_TEXT, '2,2,20', VOICE],
    selectSdsServiceBeforeSend: true,
    sdsDuringCall: true,
    callParameters: '0,0,0,1,1,0,1,1,0,0,0',
  },
  airbus: {
    ...COMMON,
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
