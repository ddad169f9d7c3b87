/**
 * Where a call-out goes (issue 9): a SIP URI as it is; an E.164 number through the trunks it may
 * use (by prefix, else every trunk, in order), usable ones only, each with its own URI,
 * credentials, proxy and caller ID. And which failures move the call to the next trunk: the
 * trunk's own trouble (503, 408, 5xx, failed authentication, unreachable, silent) — never the
 * called party's answer (busy 486/600, declined 603, no answer, not found).
 */
import type { TelephonyConfig } from '../../config/schema.js';
import { isSipError, type UacOptions } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import { type Trunk, trunksForNumber, trunkUri } from './trunks.js';

export interface DialRoute {
  uri: string;
  /** The trunk the call goes through (absent for a SIP URI dialled directly). */
  trunk?: Trunk;
  /** drachtio-srf createUAC options besides the SDP: caller ID, `auth`, `proxy`. */
  options: Omit<UacOptions, 'localSdp'>;
}

export interface TrunkAvailability {
  /** Whether the trunk may take a call now (health not down, not full). */
  usable(trunk: Trunk): boolean;
}

/** The routes to try for `number`, best first. Throws TRUNKS_DOWN when none is usable. */
export function dialRoutes(
  number: string,
  sip: TelephonyConfig['sip'],
  trunks: readonly Trunk[],
  availability: TrunkAvailability,
): DialRoute[] {
  if (/^sips?:/.test(number)) {
    return [{ uri: number, options: sip.callerId ? { callingNumber: sip.callerId } : {} }];
  }
  const candidates = trunksForNumber(number, trunks);
  if (candidates.length === 0) {
    throw new TelephonyError(
      TelephonyErrorCodes.CONFIG,
      trunks.length === 0
        ? 'an E.164 number needs telephony.sip.trunks (or telephony.sip.trunk)'
        : `no trunk takes ${number} (every trunk has prefixes, none matches)`,
    );
  }
  const usable = candidates.filter((t) => availability.usable(t));
  if (usable.length === 0) {
    throw new TelephonyError(
      TelephonyErrorCodes.TRUNKS_DOWN,
      `no usable trunk for ${number} (${candidates.map((t) => t.id).join(', ')})`,
    );
  }
  return usable.map((trunk) => {
    const callerId = trunk.callerId ?? sip.callerId;
    return {
      uri: trunkUri(number, trunk),
      trunk,
      options: {
        ...(callerId ? { callingNumber: callerId } : {}),
        ...(trunk.auth ? { auth: { ...trunk.auth } } : {}),
        ...(trunk.proxy ? { proxy: trunk.proxy } : {}),
      },
    };
  });
}

/** SIP statuses that say the trunk (not the called party) failed: try the next trunk. */
const TRUNK_FAILURES = new Set([401, 407, 408, 500, 502, 503, 504]);

export function failsOverToNextTrunk(error: unknown): boolean {
  if (isSipError(error)) return TRUNK_FAILURES.has(error.status);
  return (
    error instanceof TelephonyError &&
    (error.code === TelephonyErrorCodes.TRUNK_UNREACHABLE || error.code === TelephonyErrorCodes.TRUNK_TIMEOUT)
  );
}
