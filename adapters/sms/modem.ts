/**
 * A GSM/LTE modem as an SmsSender (issue 12), in 3GPP TS 27.005 text mode on the same AT
 * foundations as the PEI adapter: the AT channel (one command outstanding, time-outs, garbled
 * lines logged and skipped), the link health monitor, and reopening the port with capped back-off
 * when it vanishes. Start-up `ATE0`, `AT+CMGF=1` (text mode), `AT+CNMI=2,1,0,1,0` (new messages
 * as `+CMTI`, status reports as `+CDS`), then every message stored while the link was down is
 * read. Per SMS `AT+CSCS` (GSM or UCS2, see encoding.ts), `AT+CSMP=49,167,0,<dcs>` (SMS-SUBMIT
 * with a status report requested, 24 h validity), then `AT+CMGS="<number>"`, the text only after
 * the `> ` prompt, and Ctrl-Z → `+CMGS: <mr>`. Delivered only on the status report for that
 * reference (TS 23.040 TP-Status 0–31), never on the local OK; no report within `reportWaitMs`
 * leaves it `sent`. A modem that vanishes mid-message loses no recipient: the message waits for
 * the link to come back and resends what the network had not accepted (bounded), or fails named.
 */
import type {
  Clock,
  Logger,
  SmsFault,
  SmsOutcome,
  SmsProgress,
  SmsSender,
  SmsSenderEvents,
  TimerHandle,
} from '../../bridge/ports.js';
import { Semaphore } from '../../bridge/semaphore.js';
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';
import type { AtChannel } from '../radio/at-channel.js';
import type { ByteStreamOpener } from '../radio/byte-stream.js';
import type { AtCommand } from '../radio/commands.js';
import { CmsError, isRadioError, RadioError, RadioErrorCodes } from '../radio/errors.js';
import { HealthMonitor } from '../radio/health.js';
import type { PeiMessage } from '../radio/pei-messages.js';
import { ReopeningLink } from '../radio/reopening-link.js';
import { optional } from '../radio/startup.js';
import { cmsError } from './cms-errors.js';
import { encodeForModem, planSms, type SmsPlan, SmsTooLongError, ucs2Hex } from './encoding.js';
import { InboxCommands, parseList, parseRead } from './inbox.js';

export const SMS_MODEM_DEFAULTS = {
  /** How long a status report is waited for before the message counts as `sent`. */
  reportWaitMs: 120_000,
  /** AT+CMGS waits for the network: minutes on a poor cell, not the channel's 2 s. */
  submitTimeoutMs: 60_000,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  /** How long a message waits for a vanished modem before it fails `adapter-down`. */
  linkWaitMs: 120_000,
  /** Resends of one message after the modem vanished mid-message. */
  resendAttempts: 3,
  keepAliveIdleMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  healthPollMs: 60_000,
} as const;
export type SmsModemTimings = { [K in keyof typeof SMS_MODEM_DEFAULTS]: number };

/** Early status reports kept: more than one modem's worth of messages in flight. */
const EARLY_REPORTS_KEPT = 64;
/** How old an early report may be to count (references wrap at 256). */
const EARLY_REPORT_MAX_AGE_MS = 10_000;

export const SmsCommands = {
  textMode: (): AtCommand => ({ text: 'AT+CMGF=1' }),
  // <mode>=2 buffer while the link is busy, <mt>=1 new messages stored (+CMTI), <ds>=1 status reports as +CDS.
  statusReports: (): AtCommand => ({ text: 'AT+CNMI=2,1,0,1,0' }),
  charset: (charset: SmsPlan['charset']): AtCommand => ({ text: `AT+CSCS="${charset}"` }),
  parameters: (dcs: 0 | 8): AtCommand => ({ text: `AT+CSMP=49,167,0,${dcs}` }),
  submit: (to: string, body: string, charset: SmsPlan['charset'], timeoutMs: number): AtCommand => {
    if (!isE164(to)) throw new RangeError(`not an E.164 number: "${to}"`);
    // With +CSCS="UCS2" every string parameter, the number included, is UCS2 hex (27.005 §3.1).
    const number = charset === 'UCS2' ? ucs2Hex(to) : to;
    return { text: `AT+CMGS="${number}"`, expect: '+CMGS', body, awaitPrompt: true, timeoutMs };
  },
  // 27.007: the execute form; the PEI's `AT+CSQ?` is an error on many GSM modems.
  signal: (): AtCommand => ({ text: 'AT+CSQ', expect: '+CSQ' }),
  registration: (): AtCommand => ({ text: 'AT+CREG?', expect: '+CREG' }),
};

export interface SmsModemStatus {
  modemId: string;
  port: string;
  connected: boolean;
  reason: string;
  rssiDbm: number | null;
}

export interface SmsModemEvents extends SmsSenderEvents {
  status: SmsModemStatus;
}

export interface SmsModemOptions {
  id: string;
  /** Shown in status (device path, pty, `sim:`). */
  port: string;
  open: ByteStreamOpener;
  clock: Clock;
  logger: Logger;
  timings?: Partial<SmsModemTimings>;
}

interface PendingReport {
  settle: (status: number | null) => void;
  timer: TimerHandle;
}

export class SmsModem implements SmsSender {
  readonly id: string;
  readonly #emitter: TypedEmitter<SmsModemEvents>;
  readonly events: Subscribable<SmsModemEvents>;
  readonly #o: SmsModemOptions & SmsModemTimings;
  readonly #log: Logger;
  readonly #one = new Semaphore(1);
  /** Message reference → who waits for its status report (kept across a reopen: reports are stored). */
  readonly #reports = new Map<number, PendingReport>();
  /** Status reports that came before their message waited for them (reference → TP-Status). */
  readonly #early = new Map<number, { st: number; at: number }>();
  /** Messages waiting for the link to come back. */
  readonly #waiters = new Set<() => void>();
  #status: SmsModemStatus;
  readonly #link: ReopeningLink;
  #health: HealthMonitor | null = null;

  constructor(options: SmsModemOptions) {
    this.#o = { ...SMS_MODEM_DEFAULTS, ...options, ...options.timings };
    this.id = options.id;
    this.#log = options.logger.child({ modem: options.id, port: options.port });
    this.#emitter = new TypedEmitter((event, err) =>
      this.#log.error({ event, err }, 'modem listener failed'),
    );
    this.events = this.#emitter;
    this.#link = new ReopeningLink({
      open: options.open,
      clock: options.clock,
      logger: this.#log,
      reconnectInitialMs: this.#o.reconnectInitialMs,
      reconnectMaxMs: this.#o.reconnectMaxMs,
      startUp: (channel) => this.#startUp(channel),
      // Replies that arrived while the link was down wait in the modem's memory.
      ready: () => this.#one.run(() => this.#readStored()),
      dropped: () => {
        this.#health?.stop();
        this.#health = null;
      },
      down: (reason) => this.#update({ connected: false, rssiDbm: null, reason }),
    });
    this.#status = {
      modemId: options.id,
      port: options.port,
      connected: false,
      reason: 'not started',
      rssiDbm: null,
    };
  }

  status(): SmsModemStatus {
    return { ...this.#status };
  }

  /** Opens the port and runs start-up; resolves once up. Rejects only on a final error (port locked, closed). */
  start(): Promise<void> {
    return this.#link.start('modem');
  }

  sendSms(to: string, text: string, onRetry?: (progress: SmsProgress) => void): Promise<SmsOutcome> {
    let plan: SmsPlan;
    try {
      plan = planSms(text);
    } catch (error) {
      if (!(error instanceof SmsTooLongError)) throw error;
      return Promise.resolve(failed('too-long', error.message, error.needed));
    }
    if (!isE164(to)) return Promise.resolve(failed('invalid-number', `not an E.164 number: "${to}"`, 0));
    return this.#send(to, plan, onRetry);
  }

  async close(): Promise<void> {
    if (this.#link.closed) return;
    const closing = this.#link.close('modem');
    for (const [mr, pending] of this.#reports) {
      this.#o.clock.clearTimeout(pending.timer);
      pending.settle(null);
      this.#reports.delete(mr);
    }
    for (const wake of this.#waiters) wake();
    await closing;
    this.#emitter.removeAllListeners();
  }

  readonly #sendAt = (cmd: AtCommand) => this.#link.send(cmd, this.#status.reason);

  async #send(to: string, plan: SmsPlan, onRetry?: (p: SmsProgress) => void): Promise<SmsOutcome> {
    const parts = plan.parts.length;
    // One message on the modem at a time (charset, parameters and text must not interleave), but
    // its status reports are awaited outside: a phone out of coverage must not hold up the batch.
    const submitted = await this.#one.run(() => this.#submit(to, plan, onRetry));
    if (!Array.isArray(submitted)) return submitted;
    const statuses = await Promise.all(submitted);
    // TS 23.040 §9.2.3.15 TP-Status: 0–31 completed (0 received by the phone), 64–127 permanent error.
    const refused = statuses.find((st) => st !== null && st >= 64);
    if (refused !== undefined) return failed('rejected', `status report TP-Status ${refused}`, parts);
    if (statuses.every((st) => st !== null && st < 32)) return { state: 'delivered', parts };
    return { state: 'sent', parts };
  }

  /** Submits every part; resolves with the status reports to wait for, or the failure. */
  async #submit(
    to: string,
    plan: SmsPlan,
    onRetry?: (p: SmsProgress) => void,
  ): Promise<SmsOutcome | Promise<number | null>[]> {
    const parts = plan.parts.length;
    const reports: Promise<number | null>[] = [];
    let resends = 0;
    // Parts the network accepted (a message reference came back) are never sent twice.
    let accepted = 0;
    for (;;) {
      try {
        if (!this.#status.connected && !this.#link.closed) {
          // Said on the board: this recipient waits for the modem, it is not lost.
          onRetry?.({
            attempt: resends + 1,
            of: this.#o.resendAttempts + 1,
            reason: `waiting for the modem (${this.#status.reason})`,
          });
        }
        await this.#linkUp();
        await this.#sendAt(SmsCommands.charset(plan.charset));
        await this.#sendAt(SmsCommands.parameters(plan.dcs));
        for (const part of plan.parts.slice(accepted)) {
          const submit = SmsCommands.submit(
            to,
            encodeForModem(part, plan.charset),
            plan.charset,
            this.#o.submitTimeoutMs,
          );
          const response = await this.#sendAt(submit);
          const mr = response.messages.find((m) => m.type === 'CMGS');
          if (mr?.type !== 'CMGS')
            return failed('rejected', 'no message reference in the +CMGS answer', parts);
          reports.push(this.#awaitReport(mr.instance));
          accepted += 1;
        }
        break;
      } catch (error) {
        const lost = isRadioError(error, RadioErrorCodes.LINK_DOWN) && !this.#link.closed;
        if (lost && resends < this.#o.resendAttempts) {
          resends += 1;
          const reason = error instanceof Error ? error.message : String(error);
          this.#log.warn(
            { to, resend: resends, reason },
            'modem vanished mid-message; sending again once it is back',
          );
          onRetry?.({ attempt: resends + 1, of: this.#o.resendAttempts + 1, reason });
          continue;
        }
        this.#log.warn({ to, err: error }, 'SMS not sent');
        return failedBy(error, parts);
      }
    }
    return reports;
  }

  /** Resolves once the link is up; rejects LINK_DOWN when it stays down for `linkWaitMs`. */
  #linkUp(): Promise<void> {
    if (this.#status.connected) return Promise.resolve();
    if (this.#link.closed) return Promise.reject(new RadioError(RadioErrorCodes.CLOSED, 'modem closed'));
    const down = this.#status.reason;
    return new Promise((resolve, reject) => {
      const wake = () => {
        this.#waiters.delete(wake);
        this.#o.clock.clearTimeout(timer);
        if (this.#status.connected) resolve();
        else reject(new RadioError(RadioErrorCodes.CLOSED, 'modem closed'));
      };
      const timer = this.#o.clock.setTimeout(() => {
        this.#waiters.delete(wake);
        reject(
          new RadioError(
            RadioErrorCodes.CLOSED,
            `the modem stayed unavailable for ${Math.round(this.#o.linkWaitMs / 1000)} s (${down})`,
          ),
        );
      }, this.#o.linkWaitMs);
      this.#waiters.add(wake);
    });
  }

  /** Resolves with the final TP-Status for `mr`, or null when none came in time. */
  #awaitReport(mr: number): Promise<number | null> {
    const early = this.#early.get(mr);
    this.#early.delete(mr);
    // Only a report from moments ago: an old one belongs to an earlier message with this reference.
    if (early && this.#o.clock.now() - early.at <= EARLY_REPORT_MAX_AGE_MS) return Promise.resolve(early.st);
    return new Promise((settle) => {
      const timer = this.#o.clock.setTimeout(() => {
        this.#reports.delete(mr);
        settle(null);
      }, this.#o.reportWaitMs);
      this.#reports.set(mr, { settle, timer });
    });
  }

  /** Start-up on a new link, then link health; wakes the messages that waited for it. */
  async #startUp(channel: AtChannel): Promise<void> {
    channel.events.on('urc', (msg) => this.#onUrc(msg));
    await optional(this.#sendAt, this.#log, { text: 'AT' });
    await this.#sendAt({ text: 'ATE0' });
    await this.#sendAt(SmsCommands.textMode());
    await this.#sendAt(SmsCommands.statusReports());
    if (this.#link.channel !== channel) return;
    this.#update({ connected: true, reason: 'ready' });
    this.#health = new HealthMonitor(this.#sendAt, {
      clock: this.#o.clock,
      logger: this.#log,
      keepAliveIdleMs: this.#o.keepAliveIdleMs,
      keepAliveTimeoutMs: this.#o.keepAliveTimeoutMs,
      pollIntervalMs: this.#o.healthPollMs,
      pollCommands: [SmsCommands.signal(), SmsCommands.registration()],
      lastRxAt: () => channel.lastRxAt,
      onReading: (msg) => {
        if (msg.type === 'CSQ') this.#update({ rssiDbm: msg.dbm });
      },
      onDead: (reason) => this.#link.declareDead(reason),
    });
    for (const wake of [...this.#waiters]) wake();
  }

  #update(patch: Partial<SmsModemStatus>): void {
    const next = { ...this.#status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.#emitter.emit('status', { ...next });
  }

  #onUrc(msg: PeiMessage): void {
    if (msg.type !== 'RECOGNISED') return;
    if (msg.name === 'CMTI') {
      // +CMTI: <mem>,<index>
      const index = Number(msg.fields.at(-1));
      if (Number.isInteger(index)) void this.#one.run(() => this.#readOne(index));
      else this.#log.warn({ fields: msg.fields }, 'new-message indication without an index');
      return;
    }
    if (msg.name !== 'CDS') return;
    // +CDS: <fo>,<mr>,[<ra>],[<tora>],<scts>,<dt>,<st> — the quoted times hold commas, so the
    // reference is the second field and the status the last.
    const mr = Number(msg.fields[1]);
    const st = Number(msg.fields.at(-1));
    const pending = this.#reports.get(mr);
    // 32–63: the centre is still trying; wait for the final report.
    if (!Number.isInteger(st) || (st >= 32 && st < 64)) return;
    if (!pending) {
      // A fast network reports in the same read as the +CMGS answer, before the reference is
      // registered: kept (bounded) for the message that is about to wait for it.
      this.#early.set(mr, { st, at: this.#o.clock.now() });
      if (this.#early.size > EARLY_REPORTS_KEPT)
        this.#early.delete(this.#early.keys().next().value as number);
      this.#log.debug({ fields: msg.fields }, 'status report before its message waits for it');
      return;
    }
    this.#o.clock.clearTimeout(pending.timer);
    this.#reports.delete(mr);
    pending.settle(st);
  }

  /** Reads, hands on and deletes one stored message. A failure leaves it stored for the next start-up. */
  async #readOne(index: number): Promise<void> {
    try {
      await this.#sendAt(InboxCommands.ucs2());
      const response = await this.#sendAt(InboxCommands.read(index));
      const sms = parseRead(index, response.lines);
      if (sms) this.#received(sms.from, sms.text);
      else this.#log.warn({ index, lines: response.lines }, 'stored message unreadable; deleted');
      await this.#sendAt(InboxCommands.remove(index));
    } catch (error) {
      this.#log.warn({ index, err: error }, 'could not read a received SMS; it stays in the modem');
    }
  }

  async #readStored(): Promise<void> {
    try {
      await this.#sendAt(InboxCommands.ucs2());
      const listed = await this.#sendAt(InboxCommands.list()).catch((error: unknown) => {
        if (isRadioError(error, RadioErrorCodes.COMMAND_ERROR)) return this.#sendAt(InboxCommands.list(true));
        throw error;
      });
      for (const sms of parseList(listed.lines)) {
        this.#received(sms.from, sms.text);
        await this.#sendAt(InboxCommands.remove(sms.index));
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'could not read the messages stored in the modem');
    }
  }

  #received(from: string, text: string): void {
    this.#log.info({ from, text }, 'SMS received');
    this.#emitter.emit('sms.received', { from, text });
  }
}

function isE164(to: string): boolean {
  return /^\+[1-9][0-9]{5,14}$/.test(to);
}

function failed(fault: SmsFault, reason: string, parts: number): SmsOutcome {
  return { state: 'failed', fault, reason, parts };
}

function failedBy(error: unknown, parts: number): SmsOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CmsError) {
    const info = cmsError(error.n);
    return failed(info.fault, `${info.code} (+CMS ERROR: ${info.n}): ${info.message}`, parts);
  }
  if (error instanceof RangeError) return failed('invalid-number', message, parts);
  if (!(error instanceof RadioError)) return failed('adapter-down', message, parts);
  if (error.code === RadioErrorCodes.TIMEOUT) return failed('timeout', message, parts);
  if (error.code === RadioErrorCodes.COMMAND_ERROR) return failed('rejected', message, parts);
  return failed('adapter-down', message, parts);
}
