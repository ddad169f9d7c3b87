/**
 * PeiRadioTerminal: one TETRA terminal on a PEI link (DESIGN.md §6), implementing the core's
 * RadioTerminal port plus group call / PTT. Owns the connect → start-up → health cycle and
 * reopens the link with capped back-off when it vanishes; "Cannot lock port" is final.
 */
import type { RadioStatus } from '../../bridge/model.js';
import type { Clock, Logger, RadioTerminal, SdsOutcome, TimerHandle } from '../../bridge/ports.js';
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';
import { AtChannel } from './at-channel.js';
import { reopenDelayMs } from './backoff.js';
import type { ByteStream, ByteStreamOpener } from './byte-stream.js';
import type { AtCommand } from './commands.js';
import { isRadioError, RadioError, RadioErrorCodes } from './errors.js';
import type { GroupCall } from './group-call.js';
import { HealthMonitor } from './health.js';
import { resolveProfile, type TerminalProfile, type TerminalProfileName } from './profiles.js';
import type { SdsOutbox } from './sds-outbox.js';
import type { SdsSender } from './sds-sender.js';
import { runStartup } from './startup.js';
import { type PeiRadioTerminalEvents, TERMINAL_DEFAULTS, type TerminalTimings } from './terminal-options.js';
import { createTerminalParts } from './terminal-parts.js';
import { dispatchUrc, type UrcContext } from './urc-handlers.js';

export interface PeiRadioTerminalOptions extends Partial<TerminalTimings> {
  id: string;
  /** Shown in status (device path, pty, `sim:<name>`). */
  port: string;
  issi: string;
  talkgroup: string;
  profile?: TerminalProfileName;
  profileOverrides?: Partial<TerminalProfile>;
  open: ByteStreamOpener;
  clock: Clock;
  logger: Logger;
}

export class PeiRadioTerminal implements RadioTerminal {
  readonly id: string;
  readonly #emitter: TypedEmitter<PeiRadioTerminalEvents>;
  readonly events: Subscribable<PeiRadioTerminalEvents>;
  readonly #o: PeiRadioTerminalOptions & TerminalTimings;
  readonly #log: Logger;
  readonly #profile: TerminalProfile;
  readonly #sds: SdsSender;
  readonly #outbox: SdsOutbox;
  readonly #call: GroupCall;
  readonly #urcContext: UrcContext;
  #status: RadioStatus;
  #channel: AtChannel | null = null;
  #stream: ByteStream | null = null;
  #offClose: (() => void) | null = null;
  #health: HealthMonitor | null = null;
  #ownIssi: string | null = null;
  #attempt = 0;
  #reconnectTimer: TimerHandle | null = null;
  #closed = false;
  #started: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(options: PeiRadioTerminalOptions) {
    this.#o = { ...TERMINAL_DEFAULTS, ...options };
    this.id = options.id;
    this.#log = options.logger.child({ radioId: options.id, port: options.port });
    this.#emitter = new TypedEmitter((event, err) =>
      this.#log.error({ event, err }, 'radio listener failed'),
    );
    this.events = this.#emitter;
    this.#profile = resolveProfile(options.profile ?? 'generic', options.profileOverrides);
    const parts = createTerminalParts({
      timings: this.#o,
      logger: this.#log,
      profile: this.#profile,
      emitter: this.#emitter,
      send: this.#send,
      ownIssi: () => this.#ownIssi,
      update: (patch) => this.#update(patch),
    });
    this.#sds = parts.sds;
    this.#outbox = parts.outbox;
    this.#call = parts.call;
    this.#urcContext = parts.urc;
    this.#status = {
      radioId: options.id,
      port: options.port,
      connected: false,
      mode: 'unknown',
      talkgroup: null,
      registered: false,
      rssiDbm: null,
      reason: 'not started',
    };
  }

  status(): RadioStatus {
    return { ...this.#status };
  }

  /** Connects and runs start-up; resolves once up. Rejects only on a final error (port locked, closed). */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new RadioError(RadioErrorCodes.CLOSED, 'terminal closed'));
    const started = new Promise<void>((resolve, reject) => {
      this.#started = { resolve, reject };
    });
    void this.#connect();
    return started;
  }

  /**
   * Queues an SDS (FIFO) and resolves on the network's delivery report, or with `fault: 'busy'`
   * once the terminal stayed busy too long (see SdsOutbox). Rejects with RADIO_ERR_SDS_QUEUE_FULL
   * when too many messages already wait.
   */
  async sendSds(toIssi: string, text: string): Promise<SdsOutcome> {
    if (!this.#channel || !this.#status.connected) {
      return { delivered: false, fault: 'adapter-down', reason: this.#status.reason };
    }
    return this.#outbox.enqueue(toIssi, text);
  }

  /** Sets up a group call on the talkgroup (default: the configured one); resolves with the call instance. */
  setupGroupCall(gssi = this.#o.talkgroup): Promise<number> {
    return this.#call.setup(this.#send, this.#profile.callParameters, gssi);
  }
  pttPress(): Promise<void> {
    return this.#call.pttPress(this.#send);
  }
  pttRelease(): Promise<void> {
    return this.#call.pttRelease(this.#send);
  }
  hangup(): Promise<void> {
    return this.#call.hangup(this.#send);
  }
  get transmitting(): boolean {
    return this.#call.transmitting;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer) this.#o.clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    // Never leave the radio keyed: release the floor and hang up while the link is still there.
    if (this.#channel)
      await this.#call
        .hangup(this.#send)
        .catch((e: unknown) => this.#log.warn({ err: e }, 'ATH on close failed'));
    this.#started?.reject(new RadioError(RadioErrorCodes.CLOSED, 'terminal closed'));
    this.#started = null;
    this.#outbox.close();
    await this.#drop('closed');
    this.#emitter.removeAllListeners();
  }

  readonly #send = (cmd: AtCommand) =>
    this.#channel
      ? this.#channel.send(cmd)
      : Promise.reject(new RadioError(RadioErrorCodes.LINK_DOWN, this.#status.reason));

  async #connect(): Promise<void> {
    this.#reconnectTimer = null;
    if (this.#closed) return;
    this.#attempt++;
    let stream: ByteStream;
    try {
      stream = await this.#o.open();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (isRadioError(error, RadioErrorCodes.PORT_LOCKED)) {
        this.#update({ connected: false, reason: `port locked: ${reason}` });
        this.#started?.reject(error);
        this.#started = null;
        return;
      }
      return this.#retry(`open failed: ${reason}`);
    }
    if (this.#closed) return void (await stream.close());
    const channel = new AtChannel(stream, { ...this.#o, logger: this.#log });
    this.#channel = channel;
    this.#stream = stream;
    channel.events.on('urc', (msg) => dispatchUrc(this.#urcContext, msg));
    this.#offClose = stream.events.on('close', ({ reason }) => {
      if (this.#channel !== channel) return;
      void this.#drop(`link down: ${reason}`).then(() => this.#retry(`link down: ${reason}`));
    });
    try {
      const result = await runStartup(this.#send, {
        profile: this.#profile,
        issi: this.#o.issi,
        talkgroup: this.#o.talkgroup,
        logger: this.#log,
      });
      if (this.#channel !== channel) return;
      this.#ownIssi = result.ownIssi ?? this.#o.issi;
      this.#attempt = 0;
      this.#update({ connected: true, mode: result.mode, talkgroup: result.talkgroup, reason: 'ready' });
      this.#health = new HealthMonitor(this.#send, {
        ...this.#o,
        logger: this.#log,
        pollIntervalMs: this.#o.healthPollMs,
        lastRxAt: () => channel.lastRxAt,
        onReading: (msg) => dispatchUrc(this.#urcContext, msg),
        onDead: (reason) =>
          void stream
            .close()
            .catch(() => undefined)
            .then(() => this.#log.warn({ reason }, 'link declared down')),
      });
      this.#started?.resolve();
      this.#started = null;
      await this.#call.releaseStale(this.#send);
    } catch (error) {
      if (this.#channel !== channel) return;
      const reason = `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.#drop(reason);
      this.#retry(reason);
    }
  }

  /** Tears the current link down: stops health, fails pending work, forgets the call. */
  async #drop(reason: string): Promise<void> {
    const channel = this.#channel;
    const stream = this.#stream;
    this.#channel = null;
    this.#stream = null;
    this.#offClose?.();
    this.#offClose = null;
    this.#health?.stop();
    this.#health = null;
    const closed = reason === 'closed';
    this.#outbox.failAll('adapter-down', reason);
    this.#sds.failAll('adapter-down', reason);
    this.#call.reset(reason);
    channel?.dispose(new RadioError(closed ? RadioErrorCodes.CLOSED : RadioErrorCodes.LINK_DOWN, reason));
    this.#update({ connected: false, registered: false, rssiDbm: null, reason });
    await stream?.close().catch((e: unknown) => this.#log.debug({ err: e }, 'closing the stream failed'));
  }

  #retry(reason: string): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = reopenDelayMs(this.#attempt, this.#o.reconnectInitialMs, this.#o.reconnectMaxMs);
    this.#update({ connected: false, reason });
    this.#log.warn({ reason, attempt: this.#attempt, delayMs: delay }, 'PEI link down; reopening');
    this.#reconnectTimer = this.#o.clock.setTimeout(() => void this.#connect(), delay);
  }

  #update(patch: Partial<RadioStatus>): void {
    const next = { ...this.#status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.#emitter.emit('status', { ...next });
  }
}
