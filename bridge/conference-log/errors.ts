/** Errors of the conference log, each with a stable code (see README "Error codes"). */
import { ConflictError, NotFoundError } from '../errors.js';

export const ConferenceLogErrorCodes = {
  UNKNOWN_RUN: 'SAMBAND_ERR_UNKNOWN_CONFERENCE_RUN',
  /** The log is append-only: a run that ended takes no more entries and does not end again. */
  RUN_ENDED: 'SAMBAND_ERR_CONFERENCE_RUN_ENDED',
  /** A run id that is already taken. */
  RUN_EXISTS: 'SAMBAND_ERR_CONFERENCE_RUN_EXISTS',
} as const;

export class UnknownRunError extends NotFoundError {
  constructor(runId: string) {
    super(ConferenceLogErrorCodes.UNKNOWN_RUN, `no conference run "${runId}"`);
  }
}

export class RunEndedError extends ConflictError {
  constructor(runId: string) {
    super(ConferenceLogErrorCodes.RUN_ENDED, `conference run "${runId}" has ended: its log is closed`);
  }
}

export class RunExistsError extends ConflictError {
  constructor(runId: string) {
    super(ConferenceLogErrorCodes.RUN_EXISTS, `conference run "${runId}" exists already`);
  }
}
