/**
 * The toll-fraud guard every Telephony adapter applies before dialling (DESIGN.md §5: the gateway
 * only ever calls numbers in its configuration). Shared so that no adapter can drift from it.
 */
import { CoreErrorCodes, NotFoundError, ValidationError } from './errors.js';
import type { CallOutRequest, Logger } from './ports.js';

/**
 * Refuses a call-out for an unknown participant (`configured` undefined) or one naming any number
 * not configured for it. @throws NotFoundError, ValidationError (SAMBAND_ERR_NUMBER_NOT_CONFIGURED)
 */
export function assertDiallable(
  { participantId, numbers }: CallOutRequest,
  configured: readonly string[] | undefined,
  logger?: Logger,
): void {
  if (!configured) {
    throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${participantId}"`);
  }
  const unconfigured = numbers.filter((n) => !configured.includes(n));
  if (unconfigured.length === 0) return;
  // The refused numbers are not logged: they may be what an attacker is probing with.
  logger?.warn({ participantId, refused: unconfigured.length }, 'refused to dial unconfigured numbers');
  throw new ValidationError(
    CoreErrorCodes.NUMBER_NOT_CONFIGURED,
    `refusing to dial ${unconfigured.length} number(s) not configured for participant "${participantId}"`,
  );
}
