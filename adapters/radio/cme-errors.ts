/**
 * `+CME ERROR: <n>` extended error report codes of the TETRA PEI (ETSI EN 300 392-5,
 * clause 6.17 "extended error report codes", values 0–45). Each gets a stable code a user can
 * look up and one sentence. Values marked "reserved" in the standard still get a code so that
 * no terminal answer is ever unexplained.
 */
export interface CmeErrorInfo {
  readonly n: number;
  readonly code: string;
  readonly message: string;
}

const RESERVED = 'reserved by the standard; the terminal reported an undefined condition';

// [EN 300 392-5 §6.17.x] <extended error report code>
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['ILLEGAL_REQUEST', 'the terminal could not send the request over the air'],
  ['NO_MT_CONNECTION', 'the terminal cannot establish reliable communication with the PEI'],
  ['PEI_LINK_RESERVED', 'the PEI link of the terminal is already in use'],
  ['NOT_ALLOWED', 'the terminal supports the command but not in its current state'],
  ['NOT_SUPPORTED', 'the terminal does not support the command'],
  ['SIM_PIN_REQUIRED_FIRST', 'the terminal processes no command until the SIM PIN is entered'],
  ['RESERVED_6', RESERVED],
  ['RESERVED_7', RESERVED],
  ['RESERVED_8', RESERVED],
  ['RESERVED_9', RESERVED],
  ['SIM_NOT_INSERTED', 'no SIM is inserted in the terminal'],
  ['SIM_PIN_REQUIRED', 'the SIM PIN1 is required to execute the command'],
  ['SIM_PUK_REQUIRED', 'the SIM PIN1 is blocked; unblocking (PUK) is required'],
  ['SIM_FAILURE', 'the terminal failed to access the SIM'],
  ['SIM_BUSY', 'the SIM is not ready to proceed with the command'],
  ['SIM_WRONG', 'the terminal does not recognise this SIM'],
  ['INCORRECT_PASSWORD', 'the PIN entered for the SIM is incorrect'],
  ['SIM_PIN2_REQUIRED', 'the SIM PIN2 is required to execute the command'],
  ['SIM_PUK2_REQUIRED', 'the SIM PIN2 is blocked; unblocking (PUK2) is required'],
  ['RESERVED_19', RESERVED],
  ['MEMORY_FULL', 'the message stack of the terminal is full'],
  ['INVALID_INDEX', 'the requested message index does not exist'],
  ['NOT_FOUND', 'the requested message index holds no message'],
  ['MEMORY_FAILURE', 'the terminal failed to store or read its message stack'],
  ['TEXT_TOO_LONG', 'the text associated with a status value is too long'],
  ['INVALID_TEXT_CHARACTERS', 'the text associated with a status value contains invalid characters'],
  ['DIAL_STRING_TOO_LONG', 'the dial string is longer than 25 digits'],
  ['INVALID_DIAL_CHARACTERS', 'the dial string contains invalid characters'],
  ['RESERVED_28', RESERVED],
  ['RESERVED_29', RESERVED],
  ['NO_NETWORK_SERVICE', 'the terminal is out of service (no network coverage)'],
  ['NETWORK_TIMEOUT', 'the terminal received no layer-2 acknowledgement from the network'],
  ['USER_DATA_DECODING_FAILED', 'the terminal could not decode the user data (PDU)'],
  ['PARAMETER_WRONG_TYPE', 'a parameter has the wrong type'],
  ['PARAMETER_OUT_OF_RANGE', 'a parameter is out of range'],
  ['SYNTAX_ERROR', 'the command syntax is wrong (missing or extra parameters)'],
  ['UNEXPECTED_DATA', 'the terminal received data over the PEI when it did not expect any'],
  ['TIMER_EXPIRED', 'a timer of the terminal expired before the operation completed'],
  ['TOO_MANY_PARAMETERS', 'the command has too many parameters'],
  ['CALL_NOT_ALLOWED_IN_MODE', 'the operation is not allowed in the current operating mode (TMO/DMO)'],
  ['PARAMETER_CONFLICT', 'the parameters conflict with each other or with the terminal state'],
  ['ACCESS_DENIED', 'the network denied access to the requested service'],
  ['TRANSMIT_INHIBIT', 'the terminal is in transmit inhibit (TXI) and must not transmit'],
  ['TERMINAL_BUSY', 'the terminal is busy with another operation'],
  ['ENCRYPTION_ERROR', 'the operation failed for an air-interface encryption reason'],
  ['UNSPECIFIED', 'the terminal reported an unspecified error'],
];

/** `+CME ERROR: 30` / `31`: out of network service / no layer-2 acknowledgement from the network. */
export const CME_NO_NETWORK_SERVICE = 30;
export const CME_NETWORK_TIMEOUT = 31;
/** `+CME ERROR: 43`: the terminal is busy with another operation (e.g. a call); worth retrying. */
export const CME_TERMINAL_BUSY = 43;

export const CME_ERRORS: ReadonlyArray<CmeErrorInfo> = TABLE.map(([name, message], n) => ({
  n,
  code: `RADIO_ERR_CME_${name}`,
  message,
}));

/** The entry for `+CME ERROR: n`; values outside 0–45 map to an "unknown" entry that keeps n. */
export function cmeError(n: number): CmeErrorInfo {
  return (
    CME_ERRORS[n] ?? {
      n,
      code: 'RADIO_ERR_CME_UNKNOWN',
      message: `the terminal reported error ${n}, which the PEI standard does not define`,
    }
  );
}
