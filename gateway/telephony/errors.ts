/**
 * The telephony adapter's errors, each with a stable code (README "Error codes"), and the one
 * mapping from SIP final responses to call outcomes.
 */
import { SambandError } from '../../bridge/errors.js';
import type { CallOutcome } from '../../bridge/model.js';
import { isSipError } from './drachtio-types.js';

export const TelephonyErrorCodes = {
  /** drachtio-server or FreeSWITCH is not connected. */
  BACKEND_DOWN: 'SAMBAND_ERR_TELEPHONY_BACKEND_DOWN',
  /** An operation on drachtio or FreeSWITCH did not finish in time. */
  TIMEOUT: 'SAMBAND_ERR_TELEPHONY_TIMEOUT',
  /** The far end did not answer within the ring time-out (we sent CANCEL). */
  NO_ANSWER: 'SAMBAND_ERR_TELEPHONY_NO_ANSWER',
  /** The far end answered but did not confirm with the required digit. */
  NOT_CONFIRMED: 'SAMBAND_ERR_TELEPHONY_NOT_CONFIRMED',
  /** mod_conference never reported the member (conference full, channel gone). */
  JOIN_FAILED: 'SAMBAND_ERR_TELEPHONY_JOIN_FAILED',
  /** The adapter's settings are incomplete (missing secret, trunk...). */
  CONFIG: 'SAMBAND_ERR_TELEPHONY_CONFIG',
  /** mod_conference refused a host control (mute, lock, record, relate). */
  CONTROL_FAILED: 'SAMBAND_ERR_TELEPHONY_CONTROL_FAILED',
  /** A recording path that is not a plain absolute file path. */
  BAD_RECORDING_PATH: 'SAMBAND_ERR_TELEPHONY_BAD_RECORDING_PATH',
  /** The adapter was closed while the operation ran. */
  CLOSED: 'SAMBAND_ERR_TELEPHONY_CLOSED',
  /** A call-out waiting for capacity was cancelled (hang-up, conference ended). */
  CANCELLED: 'SAMBAND_ERR_TELEPHONY_CANCELLED',
  /** The INVITE could not be sent to the trunk (DNS, TCP/TLS connect): the next trunk is tried. */
  TRUNK_UNREACHABLE: 'SAMBAND_ERR_TELEPHONY_TRUNK_UNREACHABLE',
  /** The trunk said nothing (not even 100 Trying) within sip.trunkTimeoutMs: the next is tried. */
  TRUNK_TIMEOUT: 'SAMBAND_ERR_TELEPHONY_TRUNK_TIMEOUT',
  /** No trunk the number may go through is usable now (down, or full). */
  TRUNKS_DOWN: 'SAMBAND_ERR_TELEPHONY_TRUNKS_DOWN',
} as const;
export type TelephonyErrorCode = (typeof TelephonyErrorCodes)[keyof typeof TelephonyErrorCodes];

export class TelephonyError extends SambandError {
  declare readonly code: TelephonyErrorCode;
  constructor(code: TelephonyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A call attempt's outcome and a short cause a user can read (`sip-486`, `ring-timeout`...). */
export interface AttemptFailure {
  outcome: Exclude<CallOutcome, 'answered'>;
  cause: string;
}

/** RFC 3261 final responses → outcome: busy 486/600; no answer 480/408/487; rejected 603/403. */
export function outcomeForSipStatus(status: number): CallOutcome {
  switch (status) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
    case 487:
      return 'no-answer';
    case 403:
    case 603:
      return 'rejected';
    default:
      return status >= 200 && status < 300 ? 'answered' : 'failed';
  }
}

/** Classifies anything a call attempt threw. */
export function attemptFailure(error: unknown): AttemptFailure {
  if (isSipError(error)) {
    const outcome = outcomeForSipStatus(error.status);
    return { outcome: outcome === 'answered' ? 'failed' : outcome, cause: `sip-${error.status}` };
  }
  if (error instanceof TelephonyError) {
    switch (error.code) {
      case TelephonyErrorCodes.NO_ANSWER:
        return { outcome: 'no-answer', cause: 'ring-timeout' };
      case TelephonyErrorCodes.NOT_CONFIRMED:
        return { outcome: 'rejected', cause: 'not-confirmed' };
      case TelephonyErrorCodes.BACKEND_DOWN:
      case TelephonyErrorCodes.CLOSED:
        return { outcome: 'failed', cause: 'adapter-down' };
      case TelephonyErrorCodes.JOIN_FAILED:
        return { outcome: 'failed', cause: 'join-failed' };
      case TelephonyErrorCodes.CANCELLED:
        return { outcome: 'failed', cause: 'cancelled' };
      case TelephonyErrorCodes.TRUNK_UNREACHABLE:
        return { outcome: 'failed', cause: 'trunk-unreachable' };
      case TelephonyErrorCodes.TRUNK_TIMEOUT:
        return { outcome: 'failed', cause: 'trunk-timeout' };
      case TelephonyErrorCodes.TRUNKS_DOWN:
        return { outcome: 'failed', cause: 'trunks-down' };
      default:
        return { outcome: 'failed', cause: error.code };
    }
  }
  return { outcome: 'failed', cause: 'media-server-error' };
}
