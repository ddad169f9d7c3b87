/** Every error the OPC UA adapter raises has a stable code a user can look up (README "Error codes"). */
import { SambandError } from '../../bridge/errors.js';

export const OpcuaErrorCodes = {
  /** The server could not create its PKI, build its address space or bind its port. */
  START: 'SAMBAND_ERR_OPCUA_START',
  /** A method was called by an anonymous session or by a user whose role is too low (BadUserAccessDenied). */
  ACCESS_DENIED: 'SAMBAND_ERR_OPCUA_ACCESS_DENIED',
  /** A method argument is not one the method accepts (BadInvalidArgument). */
  INVALID_ARGUMENT: 'SAMBAND_ERR_OPCUA_INVALID_ARGUMENT',
} as const;
export type OpcuaErrorCode = (typeof OpcuaErrorCodes)[keyof typeof OpcuaErrorCodes];

export class OpcuaError extends SambandError {
  declare readonly code: OpcuaErrorCode;
  constructor(code: OpcuaErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
