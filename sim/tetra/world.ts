/**
 * The simulated RAKEL world of a configuration: one virtual terminal per participant radio and
 * per gateway radio, all on one TetraNetwork. Gateway radios are reached through in-memory PEI
 * links (or ptys, see pty-world.ts), so the real PEI adapter runs against the simulator
 * byte for byte.
 */
import { type ByteStreamOpener, createMemoryPair } from '../../adapters/radio/byte-stream.js';
import { classifySdsPayload, encodeSdsTlText } from '../../adapters/radio/sds-pdu.js';
import { CoreErrorCodes, NotFoundError } from '../../bridge/errors.js';
import type { Clock, TimerHandle } from '../../bridge/ports.js';
import { TetraNetwork } from './network.js';
import { VirtualTerminal } from './virtual-terminal.js';

/** Bounds each decoded inbox: a long-running demo must not grow memory without limit. */
export const MAX_INBOX = 100;

export interface TetraWorldOptions {
  subscribers: readonly { issi: string; talkgroup: string }[];
  gatewayRadios: readonly { id: string; issi: string; talkgroup: string }[];
  clock: Clock;
  /** One-way network latency (an SDS delivery report takes about twice this). */
  latencyMs: number;
  hangTimeMs?: number;
}

export class TetraWorld {
  readonly network: TetraNetwork;
  readonly #subscribers = new Map<string, VirtualTerminal>();
  readonly #gateways = new Map<string, VirtualTerminal>();
  readonly #clock: Clock;
  readonly #latencyMs: number;
  readonly #timers = new Set<TimerHandle>();
  #nextRef = 1;

  constructor(options: TetraWorldOptions) {
    this.#clock = options.clock;
    this.#latencyMs = options.latencyMs;
    this.network = new TetraNetwork({
      clock: options.clock,
      latencyMs: options.latencyMs,
      hangTimeMs: options.hangTimeMs,
    });
    for (const s of options.subscribers) {
      this.#subscribers.set(
        s.issi,
        new VirtualTerminal({ issi: s.issi, talkgroup: s.talkgroup, network: this.network }),
      );
    }
    for (const r of options.gatewayRadios) {
      this.#gateways.set(r.id, new VirtualTerminal({ issi: r.issi, network: this.network }));
    }
  }

  /** The subscriber terminal of a participant's ISSI. @throws NotFoundError */
  subscriber(issi: string): VirtualTerminal {
    const terminal = this.#subscribers.get(issi);
    if (!terminal)
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `no simulated radio with ISSI ${issi}`);
    return terminal;
  }

  /** The virtual terminal behind a gateway radio. @throws NotFoundError */
  gatewayTerminal(radioId: string): VirtualTerminal {
    const terminal = this.#gateways.get(radioId);
    if (!terminal)
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `no simulated gateway radio ${radioId}`);
    return terminal;
  }

  /** Opens an in-memory PEI link to a gateway radio, as the adapter would open its serial port. */
  opener(radioId: string): ByteStreamOpener {
    const terminal = this.gatewayTerminal(radioId);
    return async () => {
      const pair = createMemoryPair();
      terminal.attach(pair.b);
      return pair.a;
    };
  }

  /** Switches a participant's terminal on or off (off: SDS fail with a delivery report of 5). */
  setReachable(issi: string, on: boolean): void {
    this.subscriber(issi).setPower(on);
  }

  isReachable(issi: string): boolean {
    return this.subscriber(issi).reachable();
  }

  /** The texts a subscriber's terminal received, decoded, oldest first. */
  inbox(issi: string): string[] {
    return this.subscriber(issi)
      .received.slice(-MAX_INBOX)
      .flatMap(({ hex, bits }) => {
        const payload = classifySdsPayload(hex, bits);
        return payload.kind === 'text' ? [payload.text] : [];
      });
  }

  /**
   * A participant keys its radio on its talkgroup for `forMs` (setting up or joining the group
   * call first), as a radio operator pressing PTT would.
   */
  talk(issi: string, forMs: number): void {
    const terminal = this.subscriber(issi);
    const gssi = terminal.selectedGroup();
    if (!gssi) return;
    terminal.dial(gssi);
    this.#after(this.#latencyMs * 2 + 10, () => {
      terminal.pressPtt();
      this.#after(forMs, () => terminal.releasePtt());
    });
  }

  /** A participant's terminal sends an SDS text to a gateway radio's ISSI. */
  sendText(fromIssi: string, toIssi: string, text: string): void {
    const { hex, bits } = encodeSdsTlText(this.#nextRef++ & 0xff, text);
    this.network.sendSds(this.subscriber(fromIssi).issi, toIssi, bits, hex, () => {});
  }

  #after(ms: number, fn: () => void): void {
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(handle);
      fn();
    }, ms);
    this.#timers.add(handle);
  }

  close(): void {
    for (const handle of this.#timers) this.#clock.clearTimeout(handle);
    this.#timers.clear();
    for (const terminal of [...this.#subscribers.values(), ...this.#gateways.values()]) terminal.detach();
    this.network.close();
  }
}
