/** Every error the core raises has a stable code a user can look up (see README "Error codes"). */
export const CoreErrorCodes = {
  UNKNOWN_PARTICIPANT: 'SAMBAND_ERR_UNKNOWN_PARTICIPANT',
  UNKNOWN_CONFERENCE: 'SAMBAND_ERR_UNKNOWN_CONFERENCE',
  CONFERENCE_STATE: 'SAMBAND_ERR_CONFERENCE_STATE',
  ROSTER_CONFLICT: 'SAMBAND_ERR_ROSTER_CONFLICT',
  /** A convene selection naming an unknown participant or tag key, an over-long subject, or selecting nobody. */
  INVALID_SELECTION: 'SAMBAND_ERR_INVALID_SELECTION',
  INVALID_PATH: 'SAMBAND_ERR_INVALID_PATH',
  INVALID_HEARTBEAT: 'SAMBAND_ERR_INVALID_HEARTBEAT',
  NUMBER_NOT_CONFIGURED: 'SAMBAND_ERR_NUMBER_NOT_CONFIGURED',
  /** A host action that does not fit the member's state (remove twice, readmit someone present). */
  MEMBER_STATE: 'SAMBAND_ERR_MEMBER_STATE',
  /** Start a recording that runs, or stop one that does not. */
  RECORDING_STATE: 'SAMBAND_ERR_RECORDING_STATE',
  /** The telephony back end refused or failed a host control (mute, hang-up, lock, recording). */
  TELEPHONY_FAILED: 'SAMBAND_ERR_TELEPHONY_FAILED',
  /** What was asked could not be saved (disk full, database unavailable): nothing was changed. */
  STORE_NOT_SAVED: 'SAMBAND_ERR_STORE_NOT_SAVED',
} as const;
export type CoreErrorCode = (typeof CoreErrorCodes)[keyof typeof CoreErrorCodes];

export class SambandError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NotFoundError extends SambandError {}
export class ConflictError extends SambandError {}
export class ValidationError extends SambandError {}
/**
 * A port (telephony) failed to carry out what the core decided. The core's state is left as it
 * was before the attempt; `cause` holds the adapter's own error.
 */
export class PortError extends SambandError {}

/**
 * The store cannot take or give this now (its disk is full, its database cannot be opened): a
 * condition that passes, so the request may be made again. Nothing was changed.
 */
export class StorageUnavailableError extends SambandError {}
