/**
 * Keeps one connection up: connect with a time-out, reconnect with back-off after any failure,
 * and a watchdog that probes the link periodically so a silent drop (DESIGN §5: drachtio and
 * ESL connections have been seen to die without a close after a day or two) is noticed.
 * Every timer goes through the Clock and is released by close().
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { Backoff } from './backoff.js';
import { withTimeout } from './timing.js';

export interface LinkSession {
  /** A cheap request the far end must answer (OPTIONS through drachtio, `api status` over ESL). */
  probe(): Promise<unknown>;
  /** Tear the connection down; must not throw. */
  shut(): void;
}

/** Opens a connection; calls `lost` whenever it later drops on its own. */
export type LinkOpener = (lost: (reason: string) => void) => Promise<LinkSession>;

export interface LinkTimings {
  connectTimeoutMs: number;
  watchdogIntervalMs: number;
  watchdogTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export class LinkSupervisor {
  readonly name: string;
  readonly #open: LinkOpener;
  readonly #clock: Clock;
  readonly #timings: LinkTimings;
  readonly #logger: Logger;
  readonly #onChange: (up: boolean, reason: string) => void;
  readonly #backoff: Backoff;
  #session: LinkSession | null = null;
  #generation = 0;
  #timer: TimerHandle | null = null;
  #closed = false;
  #up = false;

  constructor(options: {
    name: string;
    open: LinkOpener;
    clock: Clock;
    timings: LinkTimings;
    logger: Logger;
    onChange: (up: boolean, reason: string) => void;
  }) {
    this.name = options.name;
    this.#open = options.open;
    this.#clock = options.clock;
    this.#timings = options.timings;
    this.#logger = options.logger.child({ link: options.name });
    this.#onChange = options.onChange;
    this.#backoff = new Backoff(options.timings.reconnectMinMs, options.timings.reconnectMaxMs);
  }

  get up(): boolean {
    return this.#up;
  }

  start(): void {
    if (!this.#closed && this.#generation === 0) void this.#attempt();
  }

  close(): void {
    this.#closed = true;
    this.#generation += 1;
    this.#clearTimer();
    this.#teardown();
    this.#up = false;
  }

  async #attempt(): Promise<void> {
    const generation = ++this.#generation;
    const lost = (reason: string) => {
      if (generation === this.#generation) this.#drop(reason);
    };
    try {
      const session = await withTimeout(
        this.#clock,
        this.#open(lost),
        this.#timings.connectTimeoutMs,
        `${this.name} connect`,
      );
      if (generation !== this.#generation) {
        session.shut();
        return;
      }
      this.#session = session;
      this.#up = true;
      this.#backoff.reset();
      this.#logger.info({}, 'link up');
      this.#onChange(true, 'connected');
      this.#schedule(this.#timings.watchdogIntervalMs, () => this.#watch(generation));
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#logger.warn({ err: describe(err) }, 'link connect failed');
      this.#retry();
    }
  }

  async #watch(generation: number): Promise<void> {
    const session = this.#session;
    if (!session || generation !== this.#generation) return;
    try {
      await withTimeout(this.#clock, session.probe(), this.#timings.watchdogTimeoutMs, `${this.name} probe`);
      if (generation === this.#generation) {
        this.#schedule(this.#timings.watchdogIntervalMs, () => this.#watch(generation));
      }
    } catch (err) {
      if (generation === this.#generation) this.#drop(`watchdog: ${describe(err)}`);
    }
  }

  #drop(reason: string): void {
    if (this.#closed) return;
    this.#generation += 1;
    this.#clearTimer();
    this.#teardown();
    const wasUp = this.#up;
    this.#up = false;
    this.#logger.warn({ reason }, 'link lost');
    if (wasUp) this.#onChange(false, reason);
    this.#retry();
  }

  #retry(): void {
    if (this.#closed) return;
    this.#teardown();
    const delay = this.#backoff.next();
    this.#logger.info({ delayMs: delay }, 'reconnecting after back-off');
    this.#schedule(delay, () => void this.#attempt());
  }

  #teardown(): void {
    const session = this.#session;
    this.#session = null;
    session?.shut();
  }

  #schedule(ms: number, fn: () => void): void {
    this.#clearTimer();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      fn();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
