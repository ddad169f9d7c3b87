/**
 * Link health (PEI.md "Health"): every `pollIntervalMs` read `AT+CSQ?` and `AT+CREG?`; when
 * nothing has been received for `keepAliveIdleMs`, send a plain `AT`. Any of them timing out
 * means the PEI link is down. All timing goes through the injected Clock.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { type AtCommand, Pei } from './commands.js';
import { isRadioError, RadioErrorCodes } from './errors.js';
import type { PeiMessage } from './pei-messages.js';
import type { Send } from './sds-sender.js';

const MIN_TICK_MS = 100;

export interface HealthOptions {
  clock: Clock;
  logger: Logger;
  keepAliveIdleMs: number;
  keepAliveTimeoutMs: number;
  pollIntervalMs: number;
  /** The channel's last receive time. */
  lastRxAt: () => number;
  /** What a poll reads; default the PEI's `AT+CSQ?` and `AT+CREG?` (a GSM modem takes `AT+CSQ`). */
  pollCommands?: readonly AtCommand[];
  /** +CSQ / +CREG read by a poll. */
  onReading: (msg: PeiMessage) => void;
  /** The link did not answer: the caller tears it down. */
  onDead: (reason: string) => void;
}

export class HealthMonitor {
  readonly #opts: HealthOptions;
  readonly #send: Send;
  #timer: TimerHandle | null = null;
  #lastPollAt: number;
  #stopped = false;

  constructor(send: Send, options: HealthOptions) {
    this.#send = send;
    this.#opts = options;
    this.#lastPollAt = Number.NEGATIVE_INFINITY;
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#opts.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Reads signal and registration now. */
  async poll(): Promise<void> {
    this.#lastPollAt = this.#opts.clock.now();
    for (const cmd of this.#opts.pollCommands ?? [Pei.signalQuality(), Pei.registration()]) {
      const response = await this.#send(cmd);
      for (const msg of response.messages) this.#opts.onReading(msg);
    }
  }

  /** Next tick: when the next poll or keep-alive falls due (never sooner than MIN_TICK_MS). */
  #schedule(ms?: number): void {
    if (this.#stopped) return;
    const { clock, pollIntervalMs, keepAliveIdleMs, lastRxAt } = this.#opts;
    const due = Math.min(this.#lastPollAt + pollIntervalMs, lastRxAt() + keepAliveIdleMs);
    const delay = ms ?? Math.max(MIN_TICK_MS, due - clock.now());
    this.#timer = clock.setTimeout(() => void this.#tick(), delay);
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    const now = this.#opts.clock.now();
    try {
      if (now - this.#lastPollAt >= this.#opts.pollIntervalMs) await this.poll();
      else if (now - this.#opts.lastRxAt() >= this.#opts.keepAliveIdleMs) {
        await this.#send(Pei.at(this.#opts.keepAliveTimeoutMs));
      }
    } catch (error) {
      if (this.#stopped) return;
      if (isRadioError(error, RadioErrorCodes.TIMEOUT)) {
        this.#opts.logger.warn({ err: (error as Error).message }, 'PEI link not answering');
        this.#opts.onDead('no answer from the terminal');
        return;
      }
      if (!isRadioError(error, RadioErrorCodes.LINK_DOWN) && !isRadioError(error, RadioErrorCodes.CLOSED)) {
        this.#opts.logger.warn({ err: error }, 'health poll failed');
      }
    }
    this.#schedule();
  }
}
