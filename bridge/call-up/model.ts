/** What the host sees of a call-up: per organisation and channel, and counted. */
export const CALL_UP_CHANNELS = ['sds', 'sms'] as const;
export type CallUpChannel = (typeof CALL_UP_CHANNELS)[number];

/**
 * `sending` until the outcome is known; `delivered` on the network's delivery report;
 * `sent` when accepted but no report came (an SMS modem without status reports); `failed`
 * with a fault; `skipped` when the organisation has no address for the channel or the gateway
 * has no sender for it.
 */
export type CallUpState = 'sending' | 'delivered' | 'sent' | 'failed' | 'skipped';

export interface CallUpDelivery {
  state: CallUpState;
  /** Why it failed or was skipped (`no-radio`, `no-sms-number`, `terminal-off`, …). */
  detail: string | null;
}

export interface CallUpRecipient {
  participantId: string;
  sds: CallUpDelivery;
  sms: CallUpDelivery;
}

export type CallUpCounts = Record<CallUpState, number>;

export interface CallUpSnapshot {
  text: string;
  /** ISO-8601 UTC time the call-up went out. */
  at: string;
  by: string;
  recipients: CallUpRecipient[];
  counts: Record<CallUpChannel, CallUpCounts>;
}

export function countCallUp(recipients: readonly CallUpRecipient[]): Record<CallUpChannel, CallUpCounts> {
  const empty = (): CallUpCounts => ({ sending: 0, delivered: 0, sent: 0, failed: 0, skipped: 0 });
  const counts = { sds: empty(), sms: empty() };
  for (const r of recipients) for (const channel of CALL_UP_CHANNELS) counts[channel][r[channel].state] += 1;
  return counts;
}
