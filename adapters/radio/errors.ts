/** Errors of the radio adapter; each has a stable code (README "Error codes"). */
import { SambandError } from '../../bridge/errors.js';
import { type CmeErrorInfo, cmeError } from './cme-errors.js';

export const RadioErrorCodes = {
  /** A command got no final result within its time-out. */
  TIMEOUT: 'RADIO_ERR_TIMEOUT',
  /** The serial link went away while the command was queued or outstanding. */
  LINK_DOWN: 'RADIO_ERR_LINK_DOWN',
  /** The adapter was closed. */
  CLOSED: 'RADIO_ERR_CLOSED',
  /** The terminal answered plain `ERROR`. */
  COMMAND_ERROR: 'RADIO_ERR_COMMAND_ERROR',
  /** Too many commands waiting for the one outstanding. */
  QUEUE_FULL: 'RADIO_ERR_QUEUE_FULL',
  /** The serial port is held by another process ("Cannot lock port"); not retried. */
  PORT_LOCKED: 'RADIO_ERR_PORT_LOCKED',
  /** The serial port could not be opened (retried with back-off). */
  PORT_OPEN_FAILED: 'RADIO_ERR_PORT_OPEN_FAILED',
  /** An operation needs state the terminal is not in (no call, not connected…). */
  INVALID_STATE: 'RADIO_ERR_INVALID_STATE',
  /** The network refused the floor (PTT not granted). */
  FLOOR_DENIED: 'RADIO_ERR_FLOOR_DENIED',
  /** A text cannot be carried in one SDS. */
  SDS_TOO_LONG: 'RADIO_ERR_SDS_TOO_LONG',
  /** Too many SDS waiting for a busy terminal (the outbox is full); the message was not queued. */
  SDS_QUEUE_FULL: 'RADIO_ERR_SDS_QUEUE_FULL',
} as const;
export type RadioErrorCode = (typeof RadioErrorCodes)[keyof typeof RadioErrorCodes];

export class RadioError extends SambandError {}

/** `+CME ERROR: n` with its ETSI meaning. */
export class CmeError extends RadioError {
  readonly cme: CmeErrorInfo;
  constructor(n: number, command: string) {
    const info = cmeError(n);
    super(info.code, `${command}: +CME ERROR: ${n}: ${info.message}`);
    this.cme = info;
  }
}

/**
 * `+CMS ERROR: n` (3GPP TS 27.005 §3.2.5), the SMS service's final result; the SMS adapter names
 * it (adapters/sms/cms-errors.ts). Its code stays COMMAND_ERROR: the command was refused.
 */
export class CmsError extends RadioError {
  readonly n: number;
  constructor(n: number, command: string) {
    super(RadioErrorCodes.COMMAND_ERROR, `${command}: +CMS ERROR: ${n}`);
    this.n = n;
  }
}

export function isRadioError(error: unknown, code?: string): error is RadioError {
  return error instanceof RadioError && (code === undefined || error.code === code);
}
