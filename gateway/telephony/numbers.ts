/** Phone numbers: caller-ID matching (dial URIs: dial-routes.ts (the toll-fraud guard is bridge/dial-guard.ts). */
import type { ParticipantSpec } from '../../bridge/model.js';

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
