/**
 * Errors raised by the HTTP adapter itself (the core's errors live in bridge/errors.ts).
 * Each has a stable code a user can look up, like every other Samband error.
 */
import { NotFoundError, SambandError } from '../../bridge/errors.js';

export const HttpErrorCodes = {
  UNAUTHORIZED: 'SAMBAND_ERR_UNAUTHORIZED',
  FORBIDDEN: 'SAMBAND_ERR_FORBIDDEN',
  SIM_DISABLED: 'SAMBAND_ERR_SIM_DISABLED',
  ROUTE_NOT_FOUND: 'SAMBAND_ERR_ROUTE_NOT_FOUND',
  BAD_REQUEST: 'SAMBAND_ERR_BAD_REQUEST',
  INTERNAL: 'SAMBAND_ERR_INTERNAL',
} as const;

/** No token, or a token that matches no configured one. Answered with 401 and a Bearer challenge. */
export class UnauthorizedError extends SambandError {
  constructor(message = 'a valid bearer token is required') {
    super(HttpErrorCodes.UNAUTHORIZED, message);
  }
}

/** A valid token whose role is below what the route needs. */
export class ForbiddenError extends SambandError {
  constructor(message: string) {
    super(HttpErrorCodes.FORBIDDEN, message);
  }
}

/** Fault injection was asked for, but this gateway does not run the simulator (a 404: the resource does not exist here). */
export class SimDisabledError extends NotFoundError {
  constructor() {
    super(
      HttpErrorCodes.SIM_DISABLED,
      'fault injection is only available when the gateway runs simulated (telephony.backend "sim")',
    );
  }
}
