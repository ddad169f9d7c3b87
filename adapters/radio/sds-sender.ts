/**
 * Sends SDS-TL text and waits for the network's delivery report: a message counts as
 * delivered only on `+CMGS: <inst>,4,<ref>` (or an SDS-TL receipt `8210 00 <ref>` from the
 * destination), never on the local `OK`. `,5` means failed; no report in time means 'timeout'.
 */
import type { Clock, Logger, RadioFault, SdsOutcome, TimerHandle } from '../../bridge/ports.js';
import type { AtResponse } from './at-channel.js';
import { CME_NETWORK_TIMEOUT, CME_NO_NETWORK_SERVICE, CME_TERMINAL_BUSY } from './cme-errors.js';
import { type AtCommand, Pei } from './commands.js';
import { CmeError, isRadioError, RadioErrorCodes } from './errors.js';
import type { PeiMessage } from './pei-messages.js';
import type { TerminalProfile } from './profiles.js';
import { encodeSdsTlText, MAX_SDS_TEXT_CHARS } from './sds-pdu.js';

export type Send = (cmd: AtCommand) => Promise<AtResponse>;

/** `+CMGS: <inst>,<status>,<ref>` status values (PEI.md). */
export const SDS_REPORT_DELIVERED = 4;
export const SDS_REPORT_FAILED = 5;

interface InFlight {
  ref: number;
  to: string;
  instance: number | null;
  startedAt: number;
  timer: TimerHandle;
  settle: (outcome: SdsOutcome) => void;
}

export interface SdsSenderOptions {
  clock: Clock;
  logger: Logger;
  /** How long to wait for the delivery report after the local OK. */
  reportTimeoutMs: number;
}

/** `+CME ERROR` values that say something about the path rather than the command. */
function faultOf(error: unknown): RadioFault {
  if (error instanceof CmeError) {
    if (error.cme.n === CME_NO_NETWORK_SERVICE) return 'no-coverage';
    if (error.cme.n === CME_NETWORK_TIMEOUT) return 'timeout';
    if (error.cme.n === CME_TERMINAL_BUSY) return 'busy';
    return 'rejected';
  }
  if (isRadioError(error, RadioErrorCodes.TIMEOUT)) return 'timeout';
  if (isRadioError(error, RadioErrorCodes.QUEUE_FULL)) return 'busy';
  return 'adapter-down';
}

/**
 * What handing one SDS to the terminal gave: `accepted` (the local OK; `report` settles on the
 * network's delivery report), `busy` (refused with a busy `+CME ERROR`: nothing was sent, try
 * later) or `failed` (a final outcome without a report).
 */
export type SdsSubmission =
  | { kind: 'accepted'; report: Promise<SdsOutcome> }
  | { kind: 'busy'; reason: string }
  | { kind: 'failed'; outcome: SdsOutcome };

export class SdsSender {
  readonly #opts: SdsSenderOptions;
  readonly #inFlight = new Map<number, InFlight>();
  #nextRef = 1;

  constructor(options: SdsSenderOptions) {
    this.#opts = options;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Sends one SDS-TL text; resolves once the terminal accepted or refused it (see SdsSubmission). */
  async submit(send: Send, profile: TerminalProfile, to: string, text: string): Promise<SdsSubmission> {
    if (text.length > MAX_SDS_TEXT_CHARS) {
      const reason = `text longer than ${MAX_SDS_TEXT_CHARS} characters`;
      return { kind: 'failed', outcome: { delivered: false, fault: 'rejected', reason } };
    }
    const ref = this.#allocateRef();
    if (ref === null) {
      const reason = 'every SDS reference is in flight';
      return { kind: 'failed', outcome: { delivered: false, fault: 'busy', reason } };
    }
    const pdu = encodeSdsTlText(ref, text);
    const startedAt = this.#opts.clock.now();
    const report = new Promise<SdsOutcome>((resolve) => {
      const timer = this.#opts.clock.setTimeout(() => {
        this.#settle(ref, {
          delivered: false,
          fault: 'timeout',
          reason: 'no delivery report from the network',
        });
      }, this.#opts.reportTimeoutMs);
      this.#inFlight.set(ref, { ref, to, instance: null, startedAt, timer, settle: resolve });
    });
    try {
      if (profile.selectSdsServiceBeforeSend) await send(Pei.sdsService('12,0,0,0,1'));
      const response = await send(Pei.sendSds(to, pdu.hex, pdu.bits));
      const local = response.messages.find((m) => m.type === 'CMGS');
      const entry = this.#inFlight.get(ref);
      if (entry && local?.type === 'CMGS') entry.instance = local.instance;
      return { kind: 'accepted', report };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof CmeError && profile.sdsBusyCmeErrors.includes(error.cme.n)) {
        this.#forget(ref);
        return { kind: 'busy', reason };
      }
      this.#settle(ref, { delivered: false, fault: faultOf(error), reason });
      return { kind: 'failed', outcome: await report };
    }
  }

  /** Feeds every unsolicited message; returns true if it was a delivery report of ours. */
  onMessage(msg: PeiMessage): boolean {
    if (msg.type === 'CMGS' && msg.status !== null) {
      const entry = this.#match(msg.ref, msg.instance);
      if (!entry) return false;
      if (msg.status === SDS_REPORT_DELIVERED) this.#delivered(entry);
      else if (msg.status === SDS_REPORT_FAILED) {
        this.#settle(entry.ref, {
          delivered: false,
          fault: 'terminal-off',
          reason: 'network reported delivery failed',
        });
      } else return false;
      return true;
    }
    if (msg.type === 'SDS' && msg.payload.kind === 'report') {
      const entry = this.#inFlight.get(msg.payload.ref);
      if (!entry || entry.to !== msg.fromIssi) return false;
      if (msg.payload.delivered) this.#delivered(entry);
      else {
        const reason = `destination reported status 0x${msg.payload.status.toString(16)}`;
        this.#settle(entry.ref, { delivered: false, fault: 'rejected', reason });
      }
      return true;
    }
    return false;
  }

  /** Fails everything in flight (link down, close). */
  failAll(fault: RadioFault, reason: string): void {
    for (const ref of [...this.#inFlight.keys()]) this.#settle(ref, { delivered: false, fault, reason });
  }

  #delivered(entry: InFlight): void {
    this.#settle(entry.ref, { delivered: true, roundTripMs: this.#opts.clock.now() - entry.startedAt });
  }

  /** By message reference first; a report without one falls back to the SDS instance. */
  #match(ref: number | null, instance: number): InFlight | undefined {
    if (ref !== null) return this.#inFlight.get(ref);
    return [...this.#inFlight.values()].find((e) => e.instance === instance);
  }

  /** Drops an entry whose PDU never left the terminal (no outcome: the caller retries). */
  #forget(ref: number): void {
    const entry = this.#inFlight.get(ref);
    if (entry) this.#opts.clock.clearTimeout(entry.timer);
    this.#inFlight.delete(ref);
  }

  #settle(ref: number, outcome: SdsOutcome): void {
    const entry = this.#inFlight.get(ref);
    if (!entry) return;
    this.#inFlight.delete(ref);
    this.#opts.clock.clearTimeout(entry.timer);
    this.#opts.logger.info({ ref, to: entry.to, ...outcome }, 'SDS outcome');
    entry.settle(outcome);
  }

  /** Message references 1–255, skipping any still in flight. */
  #allocateRef(): number | null {
    for (let i = 0; i < 255; i++) {
      const ref = this.#nextRef;
      this.#nextRef = (this.#nextRef % 255) + 1;
      if (!this.#inFlight.has(ref)) return ref;
    }
    return null;
  }
}
