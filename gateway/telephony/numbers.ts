/** Phone numbers: the toll-fraud guard, dial URIs, and caller-ID matching. */
import { CoreErrorCodes, NotFoundError, ValidationError } from '../../bridge/errors.js';
import type { ParticipantSpec } from '../../bridge/model.js';
import type { CallOutRequest, Logger } from '../../bridge/ports.js';

/**
 * The toll-fraud guard: a call-out for an unknown participant, or naming any number not
 * configured for the participant, is refused before anything is dialled.
 */
export function assertDiallable(
  { participantId, numbers }: CallOutRequest,
  participants: readonly Pick<ParticipantSpec, 'id' | 'phoneNumbers'>[],
  logger: Logger,
): void {
  const participant = participants.find((p) => p.id === participantId);
  if (!participant) {
    throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${participantId}"`);
  }
  const unconfigured = unconfiguredNumbers(numbers, participant.phoneNumbers);
  if (unconfigured.length === 0) return;
  logger.warn({ participantId, refused: unconfigured.length }, 'refused to dial unconfigured numbers');
  throw new ValidationError(
    CoreErrorCodes.NUMBER_NOT_CONFIGURED,
    `refusing to dial ${unconfigured.length} number(s) not configured for participant "${participantId}"`,
  );
}

/** Numbers in `requested` that are not configured for the participant (must be empty to dial). */
export function unconfiguredNumbers(requested: readonly string[], configured: readonly string[]): string[] {
  return requested.filter((n) => !configured.includes(n));
}

/**
 * The Request-URI for a configured number: a SIP URI is dialled as is; an E.164 number goes to
 * the trunk (`sip:+4670...@trunk`). Returns null when an E.164 number has no trunk to go to.
 */
export function dialUri(number: string, trunk: string | undefined): string | null {
  if (/^sips?:/.test(number)) return number;
  if (!trunk) return null;
  return `sip:${number}@${trunk.replace(/^sips?:/, '')}`;
}

/** Canonical form for comparing caller IDs: E.164 when it can be inferred, else the digits. */
export function normaliseNumber(raw: string, countryCode: string): string {
  const user = /^sips?:([^@;]+)/.exec(raw)?.[1] ?? raw;
  const cleaned = user.replace(/[\s\-().]/g, '');
  if (cleaned.startsWith('+')) return cleaned;
  if (cleaned.startsWith('00')) return `+${cleaned.slice(2)}`;
  if (cleaned.startsWith('0') && countryCode) return `${countryCode}${cleaned.slice(1)}`;
  return cleaned;
}

/** The participant whose configured numbers include the caller's, if exactly one does. */
export function participantForCaller(
  caller: string,
  participants: readonly Pick<ParticipantSpec, 'id' | 'phoneNumbers'>[],
  countryCode: string,
): string | null {
  if (!caller) return null;
  const wanted = normaliseNumber(caller, countryCode);
  if (!/^\+?[0-9]{3,}$/.test(wanted)) return null;
  const matches = participants.filter((p) =>
    p.phoneNumbers.some((n) => normaliseNumber(n, countryCode) === wanted),
  );
  return matches.length === 1 ? (matches[0]?.id ?? null) : null;
}
