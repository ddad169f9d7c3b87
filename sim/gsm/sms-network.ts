/**
 * The simulated mobile network behind a `sim:` modem: the gateway's SMS adapter opens an
 * in-memory link to the simulated modem (reopened like a serial port), and each participant's
 * mobile can answer — by itself after a random delay when the call-up arrives (the demo shows
 * replies coming in: mostly "1", some "2", some free text, some never), or when a technician
 * makes it — and can be out of coverage (its status report waits until it is back).
 */
import {
  type ByteStreamOpener,
  createMemoryPair,
  type MemoryPair,
} from '../../adapters/radio/byte-stream.js';
import type { Clock, TimerHandle } from '../../bridge/ports.js';
import { createRandom, deriveSeed, type Random } from '../random.js';
import { SimulatedModem } from './modem.js';

export interface SimSmsOptions {
  clock: Clock;
  seed: number;
  /** Mobile numbers that belong to simulated participants (answers come only from these). */
  numbers: readonly string[];
  autoReply: boolean;
  replyDelayMinMs: number;
  replyDelayMaxMs: number;
  reportDelayMs?: number;
}

/** What the simulated people answer, by weight: most come, some cannot, some write, some stay silent. */
const ANSWERS: readonly (readonly [number, string | null])[] = [
  [60, '1'],
  [12, '2'],
  [8, 'Kommer om 15 min, sitter i bilen'],
  [6, '2 Är på annat uppdrag, ersättare ringer in'],
  [14, null],
];

export class SimSmsNetwork {
  readonly modem: SimulatedModem;
  readonly #o: SimSmsOptions;
  readonly #random: Random;
  readonly #numbers: ReadonlySet<string>;
  readonly #timers = new Set<TimerHandle>();
  #pair: MemoryPair | null = null;
  #plugged = true;

  constructor(options: SimSmsOptions) {
    this.#o = options;
    this.#numbers = new Set(options.numbers);
    this.#random = createRandom(deriveSeed(options.seed, 'sms'));
    this.modem = new SimulatedModem(null, { reportDelayMs: options.reportDelayMs ?? 800 });
    this.modem.onAccepted = (sms) => {
      if (this.#o.autoReply && sms.text.startsWith('KALLELSE') && this.#numbers.has(sms.to))
        this.#answer(sms.to);
    };
  }

  /** The modem's "serial port": a fresh in-memory link each time the adapter opens it. */
  opener(): ByteStreamOpener {
    return async () => {
      if (!this.#plugged) throw new Error('simulated modem unplugged');
      this.#pair = createMemoryPair();
      this.modem.attach(this.#pair.b);
      return this.#pair.a;
    };
  }

  /** Pulls the modem's cable (false) or plugs it back (true). */
  setPlugged(plugged: boolean): void {
    this.#plugged = plugged;
    if (!plugged) this.#pair?.unplug('simulated modem unplugged');
  }

  /** A participant's mobile sends the gateway a text now. */
  send(from: string, text: string): void {
    this.modem.deliver(from, text);
  }

  setCoverage(number: string, inCoverage: boolean): void {
    this.modem.setCoverage(number, inCoverage);
  }

  inCoverage(number: string): boolean {
    return this.modem.inCoverage(number);
  }

  close(): void {
    for (const t of this.#timers) this.#o.clock.clearTimeout(t);
    this.#timers.clear();
    this.modem.close();
  }

  #answer(number: string): void {
    const total = ANSWERS.reduce((sum, [w]) => sum + w, 0);
    let pick = this.#random.next() * total;
    let answer: string | null = null;
    for (const [weight, text] of ANSWERS) {
      pick -= weight;
      if (pick < 0) {
        answer = text;
        break;
      }
    }
    if (answer === null) return;
    const delay = this.#random.int(this.#o.replyDelayMinMs, this.#o.replyDelayMaxMs);
    const timer = this.#o.clock.setTimeout(() => {
      this.#timers.delete(timer);
      // Out of coverage, the phone cannot answer (it has not even got the call-up yet).
      if (this.modem.inCoverage(number)) this.send(number, answer);
    }, delay);
    this.#timers.add(timer);
  }
}
