/**
 * PeiRadioTerminal: one TETRA terminal on a PEI link (DESIGN.md §6), implementing the core's
 * RadioTerminal port plus group call / PTT. Its start-up and health run on a ReopeningLink,
 * which reopens the port with capped back-off when it vanishes; "Cannot lock port" is final.
 */
import type { RadioStatus } from '../../bridge/model.js';
import type { Clock, Logger, RadioTerminal, SdsOutcome } from '../../bridge/ports.js';
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';
import type { AtChannel } from './at-channel.js';
import type { ByteStreamOpener } from './byte-stream.js';
import type { AtCommand } from './commands.js';
import type { GroupCall } from './group-call.js';
import { HealthMonitor } from './health.js';
import { resolveProfile, type TerminalProfile, type TerminalProfileName } from './profiles.js';
import { ReopeningLink } from './reopening-link.js';
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
  readonly #link: ReopeningLink;
  #health: HealthMonitor | null = null;
  #ownIssi: string | null = null;

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
    this.#link = new ReopeningLink({
      open: options.open,
      clock: options.clock,
      logger: this.#log,
      reconnectInitialMs: this.#o.reconnectInitialMs,
      reconnectMaxMs: this.#o.reconnectMaxMs,
      channel: {
        commandTimeoutMs: this.#o.commandTimeoutMs,
        syncQuietMs: this.#o.syncQuietMs,
        maxLineBytes: this.#o.maxLineBytes,
        maxQueue: this.#o.maxQueue,
      },
      startUp: (channel) => this.#startUp(channel),
      ready: () => this.#call.releaseStale(this.#send),
      dropped: (reason) => this.#dropped(reason),
      down: (reason) => this.#update({ connected: false, registered: false, rssiDbm: null, reason }),
    });
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
    return this.#link.start('terminal');
  }

  /**
   * Queues an SDS (FIFO) and resolves on the network's delivery report, or with `fault: 'busy'`
   * once the terminal stayed busy too long (see SdsOutbox). Rejects with RADIO_ERR_SDS_QUEUE_FULL
   * when too many messages already wait.
   */
  async sendSds(toIssi: string, text: string): Promise<SdsOutcome> {
    if (!this.#link.channel || !this.#status.connected) {
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
    if (this.#link.closed) return;
    // Never leave the radio keyed: release the floor and hang up while the link is still there.
    if (this.#link.channel)
      await this.#call
        .hangup(this.#send)
        .catch((e: unknown) => this.#log.warn({ err: e }, 'ATH on close failed'));
    this.#outbox.close();
    await this.#link.close('terminal');
    this.#emitter.removeAllListeners();
  }

  readonly #send = (cmd: AtCommand) => this.#link.send(cmd, this.#status.reason);

  /** Start-up on a new link (PEI.md "Start-up"), then link health. */
  async #startUp(channel: AtChannel): Promise<void> {
    channel.events.on('urc', (msg) => dispatchUrc(this.#urcContext, msg));
    const result = await runStartup(this.#send, {
      profile: this.#profile,
      issi: this.#o.issi,
      talkgroup: this.#o.talkgroup,
      logger: this.#log,
    });
    if (this.#link.channel !== channel) return;
    this.#ownIssi = result.ownIssi ?? this.#o.issi;
    this.#update({ connected: true, mode: result.mode, talkgroup: result.talkgroup, reason: 'ready' });
    this.#health = new HealthMonitor(this.#send, {
      ...this.#o,
      logger: this.#log,
      pollIntervalMs: this.#o.healthPollMs,
      lastRxAt: () => channel.lastRxAt,
      onReading: (msg) => dispatchUrc(this.#urcContext, msg),
      onDead: (reason) => this.#link.declareDead(reason),
    });
  }

  /** The link is gone: stop health, fail pending work, forget the call. */
  #dropped(reason: string): void {
    this.#health?.stop();
    this.#health = null;
    this.#outbox.failAll('adapter-down', reason);
    this.#sds.failAll('adapter-down', reason);
    this.#call.reset(reason);
  }

  #update(patch: Partial<RadioStatus>): void {
    const next = { ...this.#status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.#emitter.emit('status', { ...next });
  }
}
