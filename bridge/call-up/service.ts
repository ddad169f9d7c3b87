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
import type { Clock, Logger, RadioTerminal, SdsOutcome, SmsOutcome, SmsSender } from '../ports.js';
import { Semaphore } from '../semaphore.js';
import {
  type CallUpChannel,
  type CallUpDelivery,
  type CallUpRecipient,
  type CallUpSnapshot,
  countCallUp,
} from './model.js';

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
      };
    });
    const snapshot: CallUpSnapshot = {
      text,
      at: isoTime(this.#o.clock.now()),
      by,
      recipients,
      counts: countCallUp(recipients),
    };
    this.#sent.set(conferenceId, snapshot);
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
        void this.#o.sms
          .sendSms(number, text)
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
