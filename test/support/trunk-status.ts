import type { TrunkStatus } from '../../bridge/trunk-status.js';

/** A carrier trunk as the telephony adapter reports it: up, registered, 23 ms, unless patched. */
export function trunkStatus(id: string, patch: Partial<TrunkStatus> = {}): TrunkStatus {
  return {
    id,
    state: 'up',
    since: '2026-12-08T01:00:00.000Z',
    reason: 'OPTIONS answered 200',
    registration: 'registered',
    rttMs: 23,
    ...patch,
  };
}
