/**
 * A serial AT link that keeps itself open (PEI terminal, SMS modem): open the port, run the
 * owner's start-up on a fresh AT channel, and when the port vanishes or start-up fails, tear it
 * down and reopen with capped back-off. "Cannot lock port" (another process holds it) is final.
 * The owner says what start-up is and what to fail when the link drops; the cycle is here once.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { AtChannel } from './at-channel.js';
import { reopenDelayMs } from './backoff.js';
import type { ByteStream, ByteStreamOpener } from './byte-stream.js';
import type { AtCommand } from './commands.js';
import { isRadioError, RadioError, RadioErrorCodes } from './errors.js';

export interface ReopeningLinkOptions {
  open: ByteStreamOpener;
  clock: Clock;
  /** Also the AT channel's logger. */
  logger: Logger;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Extra AT channel options (time-outs, queue). */
  channel?: Partial<Omit<ConstructorParameters<typeof AtChannel>[1], 'clock' | 'logger'>>;
  /** Start-up on a new link; a rejection drops the link and reopens it. */
  startUp(channel: AtChannel, stream: ByteStream): Promise<void>;
  /** After start-up succeeded and `start()` resolved: work that may wait on the link. */
  ready?(): Promise<void>;
  /** The link is gone (`closed` when closed locally): fail what waits on it. */
  dropped(reason: string): void;
  /** Not connected any more, with why (also before each reopen). */
  down(reason: string): void;
}

export class ReopeningLink {
  readonly #o: ReopeningLinkOptions;
  #channel: AtChannel | null = null;
  #stream: ByteStream | null = null;
  #offClose: (() => void) | null = null;
  #attempt = 0;
  #reopenTimer: TimerHandle | null = null;
  #closed = false;
  #started: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(options: ReopeningLinkOptions) {
    this.#o = options;
  }

  get channel(): AtChannel | null {
    return this.#channel;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends on the current link; rejects LINK_DOWN (with `reason`) when there is none. */
  send(cmd: AtCommand, reason: string): Promise<Awaited<ReturnType<AtChannel['send']>>> {
    return this.#channel
      ? this.#channel.send(cmd)
      : Promise.reject(new RadioError(RadioErrorCodes.LINK_DOWN, reason));
  }

  /** Opens and starts up; resolves once up. Rejects only on a final error (port locked, closed). */
  start(what: string): Promise<void> {
    if (this.#closed) return Promise.reject(new RadioError(RadioErrorCodes.CLOSED, `${what} closed`));
    const started = new Promise<void>((resolve, reject) => {
      this.#started = { resolve, reject };
    });
    void this.#connect();
    return started;
  }

  /** The link does not answer: close the stream, which drops and reopens it. */
  declareDead(reason: string): void {
    const stream = this.#stream;
    if (!stream) return;
    void stream
      .close()
      .catch(() => undefined)
      .then(() => this.#o.logger.warn({ reason }, 'link declared down'));
  }

  /** Stops reopening, fails start(), tears the link down. */
  async close(what: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reopenTimer) this.#o.clock.clearTimeout(this.#reopenTimer);
    this.#reopenTimer = null;
    this.#started?.reject(new RadioError(RadioErrorCodes.CLOSED, `${what} closed`));
    this.#started = null;
    await this.#drop('closed');
  }

  async #connect(): Promise<void> {
    this.#reopenTimer = null;
    if (this.#closed) return;
    this.#attempt++;
    let stream: ByteStream;
    try {
      stream = await this.#o.open();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (isRadioError(error, RadioErrorCodes.PORT_LOCKED)) {
        this.#o.down(`port locked: ${reason}`);
        this.#started?.reject(error);
        this.#started = null;
        return;
      }
      return this.#retry(`open failed: ${reason}`);
    }
    if (this.#closed) return void (await stream.close());
    const channel = new AtChannel(stream, {
      ...this.#o.channel,
      clock: this.#o.clock,
      logger: this.#o.logger,
    });
    this.#channel = channel;
    this.#stream = stream;
    this.#offClose = stream.events.on('close', ({ reason }) => {
      if (this.#channel !== channel) return;
      void this.#drop(`link down: ${reason}`).then(() => this.#retry(`link down: ${reason}`));
    });
    try {
      await this.#o.startUp(channel, stream);
      if (this.#channel !== channel) return;
      this.#attempt = 0;
      this.#started?.resolve();
      this.#started = null;
      await this.#o.ready?.();
    } catch (error) {
      if (this.#channel !== channel) return;
      const reason = `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.#drop(reason);
      this.#retry(reason);
    }
  }

  async #drop(reason: string): Promise<void> {
    const channel = this.#channel;
    const stream = this.#stream;
    this.#channel = null;
    this.#stream = null;
    this.#offClose?.();
    this.#offClose = null;
    this.#o.dropped(reason);
    channel?.dispose(
      new RadioError(reason === 'closed' ? RadioErrorCodes.CLOSED : RadioErrorCodes.LINK_DOWN, reason),
    );
    this.#o.down(reason);
    await stream
      ?.close()
      .catch((e: unknown) => this.#o.logger.debug({ err: e }, 'closing the stream failed'));
  }

  #retry(reason: string): void {
    if (this.#closed || this.#reopenTimer) return;
    const delay = reopenDelayMs(this.#attempt, this.#o.reconnectInitialMs, this.#o.reconnectMaxMs);
    this.#o.down(reason);
    this.#o.logger.warn({ reason, attempt: this.#attempt, delayMs: delay }, 'serial link down; reopening');
    this.#reopenTimer = this.#o.clock.setTimeout(() => void this.#connect(), delay);
  }
}
