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

/** `1` = joins, `2` = cannot (the call-up text says so); anything else is kept as a note. */
export type CallUpAnswer = 'joins' | 'cannot';

/** What an organisation answered, by SDS or SMS; the latest `1`/`2` counts, every other text is kept. */
export interface CallUpReply {
  answer: CallUpAnswer | null;
  /** Free texts, oldest first. */
  notes: string[];
  via: CallUpChannel;
  /** ISO-8601 UTC time of the latest reply. */
  at: string;
}

/** A text from an ISSI or number no organisation has: kept and shown, never dropped. */
export interface UnmatchedReply {
  from: string;
  via: CallUpChannel;
  text: string;
  at: string;
}

export interface CallUpRecipient {
  participantId: string;
  sds: CallUpDelivery;
  sms: CallUpDelivery;
  reply: CallUpReply | null;
}

export interface CallUpReplyCounts {
  joins: number;
  cannot: number;
  /** Answered only with free text. */
  other: number;
  none: number;
}

export type CallUpCounts = Record<CallUpState, number>;

export interface CallUpSnapshot {
  text: string;
  /** ISO-8601 UTC time the call-up went out. */
  at: string;
  by: string;
  recipients: CallUpRecipient[];
  counts: Record<CallUpChannel, CallUpCounts>;
  replies: CallUpReplyCounts;
  /** Replies from unknown senders that came while this call-up was the latest (bounded, newest last). */
  unmatched: UnmatchedReply[];
}

/** Reads a reply: `1` joins, `2` cannot (optionally followed by text, kept as a note). */
export function readReply(text: string): { answer: CallUpAnswer | null; note: string | null } {
  const m = /^\s*([12])(?:$|[\s.,:;!-]+(.*))/su.exec(text);
  if (!m) return { answer: null, note: text.trim() === '' ? null : text.trim() };
  const rest = m[2]?.trim() ?? '';
  return { answer: m[1] === '1' ? 'joins' : 'cannot', note: rest === '' ? null : rest };
}

export function countReplies(recipients: readonly CallUpRecipient[]): CallUpReplyCounts {
  const counts: CallUpReplyCounts = { joins: 0, cannot: 0, other: 0, none: 0 };
  for (const { reply } of recipients) {
    if (!reply) counts.none += 1;
    else if (reply.answer) counts[reply.answer] += 1;
    else counts.other += 1;
  }
  return counts;
}

export function countCallUp(recipients: readonly CallUpRecipient[]): Record<CallUpChannel, CallUpCounts> {
  const empty = (): CallUpCounts => ({ sending: 0, delivered: 0, sent: 0, failed: 0, skipped: 0 });
  const counts = { sds: empty(), sms: empty() };
  for (const r of recipients) for (const channel of CALL_UP_CHANNELS) counts[channel][r[channel].state] += 1;
  return counts;
}
