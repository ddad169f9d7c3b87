/** Errors of the sambandstest service, each with a stable code (see README "Error codes"). */
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';

export const SambandstestErrorCodes = {
  RUN_NOT_FOUND: 'SAMBAND_ERR_SAMBANDSTEST_RUN_NOT_FOUND',
  RESULT_NOT_FOUND: 'SAMBAND_ERR_SAMBANDSTEST_RESULT_NOT_FOUND',
  RUN_IN_PROGRESS: 'SAMBAND_ERR_SAMBANDSTEST_RUN_IN_PROGRESS',
  INVALID_SCOPE: 'SAMBAND_ERR_SAMBANDSTEST_INVALID_SCOPE',
  DUPLICATE_RUN: 'SAMBAND_ERR_SAMBANDSTEST_DUPLICATE_RUN',
  CLOSED: 'SAMBAND_ERR_SAMBANDSTEST_CLOSED',
} as const;
export type SambandstestErrorCode = (typeof SambandstestErrorCodes)[keyof typeof SambandstestErrorCodes];

export class RunNotFoundError extends NotFoundError {
  constructor(runId: string) {
    super(SambandstestErrorCodes.RUN_NOT_FOUND, `no sambandstest run with id "${runId}"`);
  }
}

export class ResultNotFoundError extends NotFoundError {
  constructor(runId: string, participantId: string, path: string) {
    super(
      SambandstestErrorCodes.RESULT_NOT_FOUND,
      `run "${runId}" has no result for ${participantId} over ${path}`,
    );
  }
}

export class RunInProgressError extends ConflictError {
  constructor(runId: string) {
    super(SambandstestErrorCodes.RUN_IN_PROGRESS, `sambandstest run "${runId}" is still in progress`);
  }
}

export class DuplicateRunError extends ConflictError {
  constructor(runId: string) {
    super(SambandstestErrorCodes.DUPLICATE_RUN, `a sambandstest run with id "${runId}" already exists`);
  }
}

export class InvalidScopeError extends ValidationError {
  constructor(message: string) {
    super(SambandstestErrorCodes.INVALID_SCOPE, message);
  }
}

export class SambandstestClosedError extends ConflictError {
  constructor() {
    super(SambandstestErrorCodes.CLOSED, 'the sambandstest service is closed');
  }
}
