/**
 * Group call and floor (PTT) state machine for one terminal: `ATD<GSSI>` → `+CTCC`,
 * `AT+CTXD=<cci>,1` → `+CTXG` grant, `AT+CUTXC=<cci>` release, `+CTCR` released. A transmit
 * time-out always releases the floor (falling back to ATH), so the talkgroup is never left keyed.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';
import { Pei } from './commands.js';
import { RadioError, RadioErrorCodes } from './errors.js';
import type { PeiMessage } from './pei-messages.js';
import type { Send } from './sds-sender.js';

export interface GroupCallEvents {
  call: { cci: number; state: 'incoming' | 'connected' | 'released'; gssi: string | null; reason: string };
  /** Who holds the floor: `self` when the gateway transmits, `null` talker when nobody does. */
  floor: { cci: number; talkerIssi: string | null; self: boolean; reason: string };
}

export interface GroupCallOptions {
  clock: Clock;
  logger: Logger;
  setupTimeoutMs: number;
  grantTimeoutMs: number;
  /** Longest the gateway may hold the floor. */
  txTimeoutMs: number;
}

interface Waiter {
  match: (m: PeiMessage) => boolean;
  resolve: (m: PeiMessage) => void;
  reject: (e: Error) => void;
  timer: TimerHandle;
}

export class GroupCall {
  readonly #emitter = new TypedEmitter<GroupCallEvents>();
  readonly events: Subscribable<GroupCallEvents> = this.#emitter;
  readonly #opts: GroupCallOptions;
  readonly #waiters = new Set<Waiter>();
  #cci: number | null = null;
  #gssi: string | null = null;
  #transmitting = false;
  #txTimer: TimerHandle | null = null;
  /** The call the link dropped in while the gateway held the floor: the terminal may still be keyed. */
  #keyedAtDrop: number | null = null;

  constructor(options: GroupCallOptions) {
    this.#opts = options;
  }

  get active(): boolean {
    return this.#cci !== null;
  }
  get transmitting(): boolean {
    return this.#transmitting;
  }
  get cci(): number | null {
    return this.#cci;
  }

  /** Sets up a group call on `gssi` (or returns the call already up). */
  async setup(send: Send, callParameters: string, gssi: string): Promise<number> {
    if (this.#cci !== null) return this.#cci;
    await send(Pei.callParameters(callParameters)).catch((e: unknown) => {
      this.#opts.logger.warn({ err: e }, 'AT+CTSDC refused; dialling anyway');
    });
    const connected = this.#waitFor((m) => m.type === 'CTCC', this.#opts.setupTimeoutMs, 'call set-up');
    await send(Pei.dial(gssi)).catch((e: unknown) => this.#cancelWaiters(e));
    const msg = await connected;
    if (msg.type !== 'CTCC') throw new RadioError(RadioErrorCodes.INVALID_STATE, 'unexpected set-up result');
    this.#gssi = gssi;
    return msg.cci;
  }

  /** PTT press: transmit demand, then wait for our grant. */
  async pttPress(send: Send): Promise<void> {
    const cci = this.#cci;
    if (cci === null) throw new RadioError(RadioErrorCodes.INVALID_STATE, 'PTT pressed with no call up');
    if (this.#transmitting) return;
    const grant = this.#waitFor(
      (m) => m.type === 'CTXG' && m.cci === cci && (m.grant === 'granted' || m.grant === 'not-granted'),
      this.#opts.grantTimeoutMs,
      'transmission grant',
    );
    await send(Pei.transmitDemand(cci)).catch((e: unknown) => this.#cancelWaiters(e));
    const msg = await grant;
    if (msg.type !== 'CTXG' || msg.grant !== 'granted') {
      throw new RadioError(RadioErrorCodes.FLOOR_DENIED, 'the network did not grant the floor');
    }
    this.#transmitting = true;
    this.#txTimer = this.#opts.clock.setTimeout(() => {
      this.#txTimer = null;
      this.#opts.logger.warn(
        { cci, txTimeoutMs: this.#opts.txTimeoutMs },
        'transmit time-out: releasing PTT',
      );
      void this.pttRelease(send, 'transmit time-out');
    }, this.#opts.txTimeoutMs);
    this.#emitter.emit('floor', { cci, talkerIssi: null, self: true, reason: 'granted' });
  }

  /** PTT release; if the terminal refuses AT+CUTXC, the call is hung up so the radio is not left keyed. */
  async pttRelease(send: Send, reason = 'released'): Promise<void> {
    this.#clearTxTimer();
    const cci = this.#cci;
    if (cci === null || !this.#transmitting) return;
    this.#transmitting = false;
    this.#emitter.emit('floor', { cci, talkerIssi: null, self: false, reason });
    try {
      await send(Pei.transmitCease(cci));
    } catch (error) {
      this.#opts.logger.error({ err: error, cci }, 'AT+CUTXC failed: hanging up');
      await send(Pei.hangup()).catch(() => undefined);
    }
  }

  async hangup(send: Send): Promise<void> {
    await this.pttRelease(send, 'hang-up');
    if (this.#cci === null) return;
    await send(Pei.hangup());
    this.#released('hang-up');
  }

  onMessage(msg: PeiMessage): void {
    for (const w of [...this.#waiters]) {
      if (w.match(msg)) {
        this.#dropWaiter(w);
        w.resolve(msg);
      }
    }
    switch (msg.type) {
      case 'CTCC':
      case 'CTICN':
        if (this.#cci !== null && this.#cci !== msg.cci) return;
        this.#cci = msg.cci;
        this.#emitter.emit('call', {
          cci: msg.cci,
          state: msg.type === 'CTCC' ? 'connected' : 'incoming',
          gssi: msg.type === 'CTICN' ? msg.calledIssi : this.#gssi,
          reason: msg.type === 'CTCC' ? 'call connected' : `incoming call from ${msg.callingIssi}`,
        });
        return;
      case 'CTXG':
        if (msg.cci !== this.#cci || msg.grant !== 'granted-to-other') return;
        this.#emitter.emit('floor', {
          cci: msg.cci,
          talkerIssi: msg.talkerIssi,
          self: false,
          reason: 'talking',
        });
        return;
      case 'CDTXC':
        if (msg.cci !== this.#cci) return;
        this.#emitter.emit('floor', {
          cci: msg.cci,
          talkerIssi: null,
          self: false,
          reason: 'down-transmission ceased',
        });
        return;
      case 'CTCR':
        if (msg.cci === this.#cci) this.#released(msg.causeText);
        return;
      default:
        return;
    }
  }

  /**
   * Forgets the call without sending anything (link down, close). A floor the gateway held is
   * reported released at once; `releaseStale` un-keys the terminal once the link is back.
   */
  reset(reason: string): void {
    this.#cancelWaiters(new RadioError(RadioErrorCodes.LINK_DOWN, reason));
    if (this.#transmitting && this.#cci !== null) this.#keyedAtDrop = this.#cci;
    if (this.#cci !== null) this.#released(reason);
  }

  /**
   * After a reconnect: if the link dropped while the gateway transmitted, the terminal may still
   * be keyed in that call. Cease the transmission and hang up (refusals are expected if the
   * terminal already dropped the call), so the talkgroup is not left locked.
   */
  async releaseStale(send: Send): Promise<void> {
    const cci = this.#keyedAtDrop;
    this.#keyedAtDrop = null;
    if (cci === null) return;
    this.#opts.logger.warn({ cci }, 'link was lost while transmitting: releasing PTT and hanging up');
    await send(Pei.transmitCease(cci)).catch(() => undefined);
    await send(Pei.hangup()).catch(() => undefined);
  }

  #released(reason: string): void {
    const cci = this.#cci;
    this.#clearTxTimer();
    if (this.#transmitting && cci !== null) {
      this.#emitter.emit('floor', { cci, talkerIssi: null, self: false, reason });
    }
    this.#transmitting = false;
    this.#cci = null;
    if (cci !== null) this.#emitter.emit('call', { cci, state: 'released', gssi: this.#gssi, reason });
    this.#gssi = null;
  }

  #clearTxTimer(): void {
    if (this.#txTimer) this.#opts.clock.clearTimeout(this.#txTimer);
    this.#txTimer = null;
  }

  #waitFor(match: (m: PeiMessage) => boolean, ms: number, what: string): Promise<PeiMessage> {
    return new Promise<PeiMessage>((resolve, reject) => {
      const timer = this.#opts.clock.setTimeout(() => {
        this.#waiters.delete(w);
        reject(new RadioError(RadioErrorCodes.TIMEOUT, `no ${what} within ${ms} ms`));
      }, ms);
      const w: Waiter = { match, resolve, reject, timer };
      this.#waiters.add(w);
    });
  }

  #dropWaiter(w: Waiter): void {
    this.#opts.clock.clearTimeout(w.timer);
    this.#waiters.delete(w);
  }

  #cancelWaiters(error: unknown): void {
    const e = error instanceof Error ? error : new RadioError(RadioErrorCodes.INVALID_STATE, String(error));
    for (const w of [...this.#waiters]) {
      this.#dropWaiter(w);
      w.reject(e);
    }
  }
}
