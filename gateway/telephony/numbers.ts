/** Phone numbers: dial URIs and caller-ID matching (the toll-fraud guard is bridge/dial-guard.ts). */
import type { ParticipantSpec } from '../../bridge/model.js';

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
