/** Errors as OPC UA status codes: a client sees the class of failure, the message says which. */
import { type StatusCode, StatusCodes } from 'node-opcua';
import {
  ConflictError,
  NotFoundError,
  PortError,
  SambandError,
  ValidationError,
} from '../../bridge/errors.js';
import { OpcuaError, OpcuaErrorCodes } from './errors.js';

export function statusOf(error: unknown): StatusCode {
  if (error instanceof OpcuaError) {
    return error.code === OpcuaErrorCodes.ACCESS_DENIED
      ? StatusCodes.BadUserAccessDenied
      : StatusCodes.BadInvalidArgument;
  }
  if (error instanceof NotFoundError) return StatusCodes.BadNotFound;
  if (error instanceof ConflictError) return StatusCodes.BadInvalidState;
  if (error instanceof ValidationError) return StatusCodes.BadInvalidArgument;
  if (error instanceof PortError) return StatusCodes.BadCommunicationError;
  return StatusCodes.BadInternalError;
}

/** `SAMBAND_ERR_…: message`, so the code can be looked up in the README. */
export function messageOf(error: unknown): string {
  if (error instanceof SambandError) return `${error.code}: ${error.message}`;
  return 'SAMBAND_ERR_INTERNAL: the call failed; see the gateway log';
}
