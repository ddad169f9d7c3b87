/** The real PeiRadioTerminal wired to a virtual terminal of the simulated network, in fake time. */
import { createMemoryPair, type MemoryPair } from '../../../../adapters/radio/byte-stream.js';
import { PeiRadioTerminal, type PeiRadioTerminalOptions } from '../../../../adapters/radio/terminal.js';
import type { PeiRadioTerminalEvents } from '../../../../adapters/radio/terminal-options.js';
import { nullLogger } from '../../../../bridge/null-logger.js';
import { TetraNetwork } from '../../../../sim/tetra/network.js';
import { VirtualTerminal, type VirtualTerminalOptions } from '../../../../sim/tetra/virtual-terminal.js';
import { FakeClock } from '../../../support/fake-clock.js';

export const GATEWAY_ISSI = '23401';
export const PEER_ISSI = '23404';
export const TALKGROUP = '1001';

export interface SimRig {
  clock: FakeClock;
  network: TetraNetwork;
  radio: VirtualTerminal;
  peer: VirtualTerminal;
  terminal: PeiRadioTerminal;
  /** Every byte the gateway wrote, as text. */
  written: () => string;
  unplug(): void;
  opens: () => number;
  /** Collects events of one kind. */
  record<K extends keyof PeiRadioTerminalEvents & string>(event: K): Array<PeiRadioTerminalEvents[K]>;
  close(): Promise<void>;
}

export function createSimRig(
  options: Partial<PeiRadioTerminalOptions> = {},
  radioOptions: Partial<VirtualTerminalOptions> = {},
): SimRig {
  const clock = new FakeClock();
  const network = new TetraNetwork({ clock, latencyMs: 50, hangTimeMs: 10_000 });
  const radio = new VirtualTerminal({ issi: GATEWAY_ISSI, network, ...radioOptions });
  const peer = new VirtualTerminal({ issi: PEER_ISSI, network, talkgroup: TALKGROUP });
  let pair: MemoryPair | null = null;
  let opens = 0;
  let written = '';
  const terminal = new PeiRadioTerminal({
    id: 'r1',
    port: 'sim:r1',
    issi: GATEWAY_ISSI,
    talkgroup: TALKGROUP,
    clock,
    logger: nullLogger,
    open: async () => {
      opens++;
      pair = createMemoryPair();
      radio.attach(pair.b);
      pair.b.events.on('data', (bytes) => {
        written += Buffer.from(bytes).toString('latin1');
      });
      return pair.a;
    },
    ...options,
  });
  return {
    clock,
    network,
    radio,
    peer,
    terminal,
    written: () => written,
    unplug: () => pair?.unplug('cable pulled'),
    opens: () => opens,
    record(event) {
      const seen: Array<PeiRadioTerminalEvents[typeof event]> = [];
      terminal.events.on(event, (e) => seen.push(e));
      return seen;
    },
    async close() {
      const closing = terminal.close();
      await clock.advanceAsync(3000);
      await closing;
      network.close();
    },
  };
}

/** Starts the terminal and lets start-up run in fake time. */
export async function startRig(rig: SimRig): Promise<void> {
  const started = rig.terminal.start();
  await rig.clock.advanceAsync(100);
  await started;
}

/** Advances fake time in steps until `promise` settles (or `ms` passed), then returns it. */
export async function settle<T>(rig: SimRig, promise: Promise<T>, ms = 1000, stepMs = 50): Promise<T> {
  let done = false;
  const finished = () => {
    done = true;
  };
  promise.then(finished, finished);
  for (let t = 0; t < ms && !done; t += stepMs) await rig.clock.advanceAsync(stepMs, Math.min(stepMs, 50));
  return promise;
}

/** How many times `needle` occurs in the bytes the gateway wrote. */
export function countWritten(rig: SimRig, needle: string): number {
  return rig.written().split(needle).length - 1;
}
