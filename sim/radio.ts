/**
 * SimRadioTerminal: the RadioTerminal port for a gateway radio configured with `port: sim:…`.
 * It works at the port level (no PEI bytes; sim/tetra/ does that) and passes the same
 * contract suite as the serial PEI adapter (test/contracts/radio-terminal.contract.ts).
 *
 * sendSds resolves only with the simulated network's delivery report, after
 * simulation.radio.sdsLatencyMs: delivered for a reachable subscriber (which then counts as
 * heard), 'terminal-off' for an unreachable one, 'rejected' for an ISSI the network does not
 * know. Reachability is read when the report is due, so a terminal switched off in flight
 * is not delivered to. 'status' is retained: new listeners receive the current status.
 */
import type { RadioStatus } from '../bridge/model.js';
import type {
  Clock,
  Logger,
  RadioTerminal,
  RadioTerminalEvents,
  SdsOutcome,
  TimerHandle,
} from '../bridge/ports.js';
import type { Subscribable } from '../bridge/typed-emitter.js';
import type { RadioConfig } from '../config/schema.js';

export { SimRadioNetwork } from './radio-network.js';

import type { SimulationConfig } from './options.js';
import type { SimRadioNetwork } from './radio-network.js';
import { createRandom, deriveSeed } from './random.js';
import { RetainedEmitter } from './retained-emitter.js';

/** A good fixed-site signal; the simulated terminal reports it with a little spread. */
const NOMINAL_RSSI_DBM = -75;
const RSSI_SPREAD_DB = 3;

export interface SimRadioTerminalOptions {
  radio: Pick<RadioConfig, 'id' | 'port' | 'talkgroup'>;
  network: SimRadioNetwork;
  simulation: SimulationConfig;
  clock: Clock;
  logger: Logger;
}

interface PendingSds {
  timer: TimerHandle;
  resolve: (outcome: SdsOutcome) => void;
}

export class SimRadioTerminal implements RadioTerminal {
  readonly id: string;
  readonly #radio: SimRadioTerminalOptions['radio'];
  readonly #network: SimRadioNetwork;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #latencyMs: number;
  readonly #rssiDbm: number;
  readonly #events: RetainedEmitter<RadioTerminalEvents>;
  readonly #pending = new Set<PendingSds>();
  #closed = false;

  constructor(options: SimRadioTerminalOptions) {
    this.id = options.radio.id;
    this.#radio = options.radio;
    this.#network = options.network;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'sim-radio', radioId: this.id });
    this.#latencyMs = options.simulation.radio.sdsLatencyMs;
    const random = createRandom(deriveSeed(options.simulation.seed, `radio:${this.id}`));
    this.#rssiDbm = NOMINAL_RSSI_DBM + random.int(-RSSI_SPREAD_DB, RSSI_SPREAD_DB);
    this.#events = new RetainedEmitter((event, error) =>
      this.#logger.error({ event, err: error }, 'radio listener threw'),
    );
    this.#events.retain('status', this.status());
  }

  get events(): Subscribable<RadioTerminalEvents> {
    return this.#events;
  }

  status(): RadioStatus {
    const up = !this.#closed;
    return {
      radioId: this.id,
      port: this.#radio.port,
      connected: up,
      mode: up ? 'TMO' : 'unknown',
      talkgroup: this.#radio.talkgroup,
      registered: up,
      rssiDbm: up ? this.#rssiDbm : null,
      reason: up ? 'simulated' : 'closed',
    };
  }

  sendSds(toIssi: string, text: string): Promise<SdsOutcome> {
    if (this.#closed) return Promise.resolve(adapterDown());
    const sentAt = this.#clock.now();
    return new Promise((resolve) => {
      const pending: PendingSds = {
        resolve,
        timer: this.#clock.setTimeout(() => {
          this.#pending.delete(pending);
          resolve(this.#deliveryReport(toIssi, text, sentAt));
        }, this.#latencyMs),
      };
      this.#pending.add(pending);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending) {
      this.#clock.clearTimeout(pending.timer);
      pending.resolve(adapterDown());
    }
    this.#pending.clear();
    this.#events.retain('status', this.status());
    this.#events.removeAllListeners();
  }

  #deliveryReport(toIssi: string, text: string, sentAt: number): SdsOutcome {
    if (!this.#network.has(toIssi)) {
      return { delivered: false, fault: 'rejected', reason: `ISSI ${toIssi} unknown to the network` };
    }
    if (!this.#network.isReachable(toIssi)) {
      return {
        delivered: false,
        fault: 'terminal-off',
        reason: `ISSI ${toIssi} not reachable (terminal off)`,
      };
    }
    this.#network.deliver(toIssi, text);
    const at = this.#clock.now();
    // The delivery report is the subscriber's radio acknowledging: it has been heard.
    this.#events.emit('heard', { issi: toIssi, at, how: 'sds' });
    this.#logger.debug({ toIssi, roundTripMs: at - sentAt }, 'sim SDS delivered');
    return { delivered: true, roundTripMs: at - sentAt };
  }
}

function adapterDown(): SdsOutcome {
  return { delivered: false, fault: 'adapter-down', reason: 'radio terminal closed' };
}
