/**
 * A GSM/LTE modem as an SmsSender (issue 12), in 3GPP TS 27.005 text mode over the same AT
 * channel the radio uses (one command outstanding, time-outs, URCs between response lines):
 * start-up `ATE0`, `AT+CMGF=1` (text mode), `AT+CNMI=2,1,0,1,0` (status reports as `+CDS`);
 * per SMS `AT+CSCS` (GSM or UCS2, see encoding.ts), `AT+CSMP=49,167,0,<dcs>` (first octet 49 =
 * SMS-SUBMIT with a status report requested and a relative validity period of 24 h), then
 * `AT+CMGS="<number>"` with the text and Ctrl-Z → `+CMGS: <mr>`. Delivered only on the status
 * report for that message reference (TS 23.040 TP-Status 0–31), never on the local OK; no report
 * within `reportWaitMs` leaves it `sent`. One SMS at a time: charset, parameters and text must
 * not interleave with another message's.
 */
import type { Clock, Logger, SmsFault, SmsOutcome, SmsSender, TimerHandle } from '../../bridge/ports.js';
import { Semaphore } from '../../bridge/semaphore.js';
import type { AtChannel } from '../radio/at-channel.js';
import type { AtCommand } from '../radio/commands.js';
import { RadioError, RadioErrorCodes } from '../radio/errors.js';
import type { PeiMessage } from '../radio/pei-messages.js';
import { encodeForModem, planSms, type SmsPlan, ucs2Hex } from './encoding.js';

export const SMS_MODEM_DEFAULTS = {
  /** How long a status report is waited for before the message counts as `sent`. */
  reportWaitMs: 120_000,
  /** AT+CMGS waits for the network: minutes on a poor cell, not the channel's 2 s. */
  submitTimeoutMs: 60_000,
} as const;

export const SmsCommands = {
  textMode: (): AtCommand => ({ text: 'AT+CMGF=1' }),
  // <mode>=2 buffer while the link is busy, <mt>=1 new messages stored (+CMTI), <ds>=1 status reports as +CDS.
  statusReports: (): AtCommand => ({ text: 'AT+CNMI=2,1,0,1,0' }),
  charset: (charset: SmsPlan['charset']): AtCommand => ({ text: `AT+CSCS="${charset}"` }),
  parameters: (dcs: 0 | 8): AtCommand => ({ text: `AT+CSMP=49,167,0,${dcs}` }),
  submit: (to: string, body: string, charset: SmsPlan['charset'], timeoutMs: number): AtCommand => {
    if (!/^\+[1-9][0-9]{5,14}$/.test(to)) throw new RangeError(`not an E.164 number: "${to}"`);
    // With +CSCS="UCS2" every string parameter, the number included, is UCS2 hex (27.005 §3.1).
    const number = charset === 'UCS2' ? ucs2Hex(to) : to;
    return { text: `AT+CMGS="${number}"`, expect: '+CMGS', body, timeoutMs };
  },
};

interface PendingReport {
  settle: (status: number | null) => void;
  timer: TimerHandle;
}

export class SmsModem implements SmsSender {
  readonly id: string;
  readonly #channel: AtChannel;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #o: typeof SMS_MODEM_DEFAULTS;
  readonly #one = new Semaphore(1);
  /** Message reference → who waits for its status report. */
  readonly #reports = new Map<number, PendingReport>();
  readonly #off: () => void;

  constructor(options: {
    id: string;
    channel: AtChannel;
    clock: Clock;
    logger: Logger;
    timings?: Partial<typeof SMS_MODEM_DEFAULTS>;
  }) {
    this.id = options.id;
    this.#channel = options.channel;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ modem: options.id });
    this.#o = { ...SMS_MODEM_DEFAULTS, ...options.timings };
    this.#off = this.#channel.events.on('urc', (msg) => this.#onUrc(msg));
  }

  /** The start-up sequence; rejects with the channel's RadioError. */
  async start(): Promise<void> {
    await this.#channel.send({ text: 'ATE0' });
    await this.#channel.send(SmsCommands.textMode());
    await this.#channel.send(SmsCommands.statusReports());
  }

  sendSms(to: string, text: string): Promise<SmsOutcome> {
    return this.#one.run(() => this.#send(to, text));
  }

  async close(): Promise<void> {
    this.#off();
    for (const [mr, pending] of this.#reports) {
      this.#clock.clearTimeout(pending.timer);
      pending.settle(null);
      this.#reports.delete(mr);
    }
  }

  async #send(to: string, text: string): Promise<SmsOutcome> {
    const plan = planSms(text);
    const parts = plan.parts.length;
    const reports: Promise<number | null>[] = [];
    try {
      await this.#channel.send(SmsCommands.charset(plan.charset));
      await this.#channel.send(SmsCommands.parameters(plan.dcs));
      for (const part of plan.parts) {
        const submit = SmsCommands.submit(
          to,
          encodeForModem(part, plan.charset),
          plan.charset,
          this.#o.submitTimeoutMs,
        );
        const response = await this.#channel.send(submit);
        const mr = response.messages.find((m) => m.type === 'CMGS');
        if (mr?.type !== 'CMGS') return failed('rejected', 'no message reference in the +CMGS answer', parts);
        reports.push(this.#awaitReport(mr.instance));
      }
    } catch (error) {
      this.#logger.warn({ to, err: error }, 'SMS not sent');
      return failed(faultOf(error), error instanceof Error ? error.message : String(error), parts);
    }
    const statuses = await Promise.all(reports);
    // TS 23.040 §9.2.3.15 TP-Status: 0–31 completed (0 received by the phone), 64–127 permanent error.
    const refused = statuses.find((st) => st !== null && st >= 64);
    if (refused !== undefined) return failed('rejected', `status report TP-Status ${refused}`, parts);
    if (statuses.every((st) => st !== null && st < 32)) return { state: 'delivered', parts };
    return { state: 'sent', parts };
  }

  /** Resolves with the final TP-Status for `mr`, or null when none came in time. */
  #awaitReport(mr: number): Promise<number | null> {
    return new Promise((settle) => {
      const timer = this.#clock.setTimeout(() => {
        this.#reports.delete(mr);
        settle(null);
      }, this.#o.reportWaitMs);
      this.#reports.set(mr, { settle, timer });
    });
  }

  #onUrc(msg: PeiMessage): void {
    if (msg.type !== 'RECOGNISED' || msg.name !== 'CDS') return;
    // +CDS: <fo>,<mr>,[<ra>],[<tora>],<scts>,<dt>,<st> — the quoted times hold commas, so the
    // reference is the second field and the status the last.
    const mr = Number(msg.fields[1]);
    const st = Number(msg.fields.at(-1));
    const pending = this.#reports.get(mr);
    if (!pending || !Number.isInteger(st)) {
      this.#logger.debug({ fields: msg.fields }, 'status report for no message we wait for');
      return;
    }
    // 32–63: the centre is still trying; wait for the final report.
    if (st >= 32 && st < 64) return;
    this.#clock.clearTimeout(pending.timer);
    this.#reports.delete(mr);
    pending.settle(st);
  }
}

function failed(fault: SmsFault, reason: string, parts: number): SmsOutcome {
  return { state: 'failed', fault, reason, parts };
}

function faultOf(error: unknown): SmsFault {
  if (error instanceof RangeError) return 'invalid-number';
  if (!(error instanceof RadioError)) return 'adapter-down';
  if (error.code === RadioErrorCodes.TIMEOUT) return 'timeout';
  if (error.code === RadioErrorCodes.COMMAND_ERROR) return 'rejected';
  return 'adapter-down';
}
