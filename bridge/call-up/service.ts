/**
 * Sends the call-up (kallelse) when a conference is convened (issue 12): to every selected
 * organisation by SDS over RAKEL (through the gateway's terminal, counted on the delivery
 * report, never on the local OK) and by SMS through the modem. Sending never delays the
 * convene; each outcome is kept per organisation and channel, counted, shown with the
 * conference (onChange) and recorded as a `call-up` conference event.
 */
import { isoTime } from '../clock.js';
import type { ConferenceEvent } from '../events.js';
import type { ParticipantSpec } from '../model.js';
import type {
  Clock,
  Logger,
  RadioTerminal,
  SdsOutcome,
  SmsOutcome,
  SmsProgress,
  SmsSender,
} from '../ports.js';
import { Semaphore } from '../semaphore.js';
import {
  type CallUpChannel,
  type CallUpDelivery,
  type CallUpRecipient,
  type CallUpSnapshot,
  countCallUp,
  countReplies,
  readReply,
} from './model.js';

/** Unmatched replies kept per call-up: enough for a confused night, bounded against a spammer. */
export const MAX_UNMATCHED_REPLIES = 50;

/**
 * SDS in flight at once per terminal: its outbox holds 16, and failover announcements must
 * still find room while a call-up to 50 organisations goes out.
 */
export const CALL_UP_SDS_CONCURRENCY = 4;

export interface CallUpOptions {
  participants: ReadonlyMap<string, ParticipantSpec>;
  /** The gateway's radio terminals; the first carries the call-up. */
  terminals: readonly RadioTerminal[];
  sms: SmsSender | null;
  clock: Clock;
  logger: Logger;
  /** A conference's call-up changed (an outcome arrived): re-publish the conference. */
  onChange(conferenceId: string): void;
  onEvent(event: ConferenceEvent): void;
}

export class CallUpService {
  readonly #o: CallUpOptions;
  readonly #sent = new Map<string, CallUpSnapshot>();
  /** Conference id → when its call-up went out (a counter): a reply goes to the latest. */
  readonly #order = new Map<string, number>();
  #seq = 0;
  readonly #sdsSlots = new Semaphore(CALL_UP_SDS_CONCURRENCY);

  constructor(options: CallUpOptions) {
    this.#o = options;
  }

  snapshot(conferenceId: string): CallUpSnapshot | null {
    const sent = this.#sent.get(conferenceId);
    return sent ? structuredClone(sent) : null;
  }

  /** A run convened without a call-up shows none (not the previous run's). */
  clear(conferenceId: string): void {
    this.#sent.delete(conferenceId);
    this.#order.delete(conferenceId);
  }

  /**
   * A text from a radio (ISSI) or phone (number): matched to the organisation, it is that
   * organisation's answer to its latest call-up; from anyone else it is kept as unmatched with
   * every current call-up and logged — never dropped.
   */
  reply(via: CallUpChannel, from: string, text: string): void {
    const at = isoTime(this.#o.clock.now());
    const pid = this.#senderOf(via, from);
    const latest = pid === null ? null : this.#latestCallUpOf(pid);
    if (pid === null || latest === null) {
      this.#o.logger.warn(
        { via, from, text, participantId: pid },
        'reply from a sender with no call-up; kept as unmatched',
      );
      for (const [conferenceId, snapshot] of this.#sent) {
        snapshot.unmatched.push({ from, via, text, at });
        if (snapshot.unmatched.length > MAX_UNMATCHED_REPLIES) snapshot.unmatched.shift();
        this.#o.onEvent({
          conferenceId,
          type: 'call-up-reply',
          at,
          detail: `${via} från okänd ${from}: ${text}`,
        });
        this.#o.onChange(conferenceId);
      }
      return;
    }
    const [conferenceId, snapshot, recipient] = latest;
    const { answer, note } = readReply(text);
    const before = recipient.reply;
    recipient.reply = {
      answer: answer ?? before?.answer ?? null,
      notes: note === null ? (before?.notes ?? []) : [...(before?.notes ?? []), note],
      via,
      at,
    };
    snapshot.replies = countReplies(snapshot.recipients);
    this.#o.logger.info({ conferenceId, participantId: pid, via, answer, text }, 'call-up reply');
    this.#o.onEvent({
      conferenceId,
      type: 'call-up-reply',
      at,
      participantId: pid,
      detail: `${via}: ${answer === 'joins' ? 'Kommer' : answer === 'cannot' ? 'Kan inte' : 'text'}${note ? `: ${note}` : ''}`,
    });
    this.#o.onChange(conferenceId);
  }

  #senderOf(via: CallUpChannel, from: string): string | null {
    const issi = from.replace(/^0+(?=\d)/, '');
    for (const p of this.#o.participants.values()) {
      if (via === 'sds' && p.radio?.issi.replace(/^0+(?=\d)/, '') === issi) return p.id;
      if (via === 'sms' && (p.smsNumbers?.includes(from) || p.phoneNumbers.includes(from))) return p.id;
    }
    return null;
  }

  #latestCallUpOf(pid: string): [string, CallUpSnapshot, CallUpRecipient] | null {
    let best: [string, CallUpSnapshot, CallUpRecipient] | null = null;
    let bestSeq = -1;
    for (const [conferenceId, snapshot] of this.#sent) {
      const recipient = snapshot.recipients.find((r) => r.participantId === pid);
      const seq = this.#order.get(conferenceId) ?? 0;
      if (recipient && seq > bestSeq) {
        best = [conferenceId, snapshot, recipient];
        bestSeq = seq;
      }
    }
    return best;
  }

  /** Starts sending `text` to `roster`; returns at once with every delivery `sending` or `skipped`. */
  send(conferenceId: string, text: string, by: string, roster: readonly string[]): CallUpSnapshot {
    const terminal = this.#o.terminals[0] ?? null;
    const recipients = roster.map((participantId): CallUpRecipient => {
      const p = this.#o.participants.get(participantId);
      return {
        participantId,
        sds: !p?.radio ? skipped('no-radio') : terminal ? sending() : skipped('no-terminal'),
        sms: !p?.smsNumbers?.length
          ? skipped('no-sms-number')
          : this.#o.sms
            ? sending()
            : skipped('no-modem'),
        reply: null,
      };
    });
    const snapshot: CallUpSnapshot = {
      text,
      at: isoTime(this.#o.clock.now()),
      by,
      recipients,
      counts: countCallUp(recipients),
      replies: countReplies(recipients),
      unmatched: [],
    };
    this.#sent.set(conferenceId, snapshot);
    this.#order.set(conferenceId, ++this.#seq);
    this.#o.logger.info({ conferenceId, by, counts: snapshot.counts, text }, 'call-up sent');
    for (const r of recipients) {
      const p = this.#o.participants.get(r.participantId);
      if (!p) continue;
      if (r.sds.state === 'sending' && terminal && p.radio) {
        const issi = p.radio.issi;
        void this.#sdsSlots
          .run(() => terminal.sendSds(issi, text))
          .catch(
            (error: unknown): SdsOutcome => ({
              delivered: false,
              fault: 'adapter-down',
              reason: String(error),
            }),
          )
          .then((outcome) => this.#settle(conferenceId, snapshot, r, 'sds', sdsDelivery(outcome)));
      }
      const number = p.smsNumbers?.[0];
      if (r.sms.state === 'sending' && this.#o.sms && number) {
        const onRetry = (p: SmsProgress) =>
          this.#settle(conferenceId, snapshot, r, 'sms', {
            state: 'sending',
            detail: `retrying ${p.attempt}/${p.of}: ${p.reason}`,
          });
        void this.#o.sms
          .sendSms(number, text, onRetry)
          .catch(
            (error: unknown): SmsOutcome => ({
              state: 'failed',
              fault: 'adapter-down',
              reason: String(error),
              parts: 0,
            }),
          )
          .then((outcome) => this.#settle(conferenceId, snapshot, r, 'sms', smsDelivery(outcome)));
      }
    }
    return structuredClone(snapshot);
  }

  #settle(
    conferenceId: string,
    snapshot: CallUpSnapshot,
    recipient: CallUpRecipient,
    channel: CallUpChannel,
    delivery: CallUpDelivery,
  ): void {
    // A newer call-up of the same conference replaced this one: its late outcomes are only logged.
    const current = this.#sent.get(conferenceId) === snapshot;
    this.#o.logger.info(
      { conferenceId, participantId: recipient.participantId, channel, delivery },
      'call-up outcome',
    );
    if (!current) return;
    recipient[channel] = delivery;
    snapshot.counts = countCallUp(snapshot.recipients);
    this.#o.onEvent({
      conferenceId,
      type: 'call-up',
      at: isoTime(this.#o.clock.now()),
      participantId: recipient.participantId,
      detail: `${channel} ${delivery.state}${delivery.detail ? `: ${delivery.detail}` : ''}`,
    });
    this.#o.onChange(conferenceId);
  }
}

function sending(): CallUpDelivery {
  return { state: 'sending', detail: null };
}

function skipped(detail: string): CallUpDelivery {
  return { state: 'skipped', detail };
}

function sdsDelivery(outcome: SdsOutcome): CallUpDelivery {
  return outcome.delivered
    ? { state: 'delivered', detail: null }
    : { state: 'failed', detail: outcome.fault };
}

function smsDelivery(outcome: SmsOutcome): CallUpDelivery {
  const parts = outcome.parts > 1 ? ` (${outcome.parts} delar)` : '';
  return outcome.state === 'failed'
    ? { state: 'failed', detail: `${outcome.fault}: ${outcome.reason}` }
    : { state: outcome.state, detail: parts ? parts.trim() : null };
}
