/** The serial modem adapter against the simulated modem, over an in-memory byte pair. */

import { type ByteStream, createMemoryPair, type MemoryPair } from '../../../adapters/radio/byte-stream.js';
import { RadioError, RadioErrorCodes } from '../../../adapters/radio/errors.js';
import { SmsModem } from '../../../adapters/sms/modem.js';
import { systemClock } from '../../../bridge/clock.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { SimulatedModem } from '../../../sim/gsm/modem.js';
import { runSmsSenderContract } from '../../contracts/sms-sender.contract.js';
import { FAST_MODEM } from './support/fast-modem.js';

runSmsSenderContract('SmsModem over a memory pair to the simulated modem', async () => {
  const sim = new SimulatedModem(null, { reportDelayMs: 5 });
  let plugged = true;
  let pair: MemoryPair | null = null;
  const open = async (): Promise<ByteStream> => {
    if (!plugged) throw new RadioError(RadioErrorCodes.PORT_OPEN_FAILED, 'no such device');
    pair = createMemoryPair();
    sim.attach(pair.b);
    return pair.a;
  };
  const sender = new SmsModem({
    id: 'modem-1',
    port: 'memory',
    open,
    clock: systemClock,
    logger: nullLogger,
    timings: FAST_MODEM,
  });
  await sender.start();
  return {
    sender,
    received: () => sim.received.map(({ to, text }) => ({ to, text })),
    unreachable: (n) => sim.unreachable.add(n),
    refuse: (n) => sim.refused.add(n),
    unplug: async () => {
      plugged = false;
      pair?.unplug('cable pulled');
    },
    replug: async () => {
      plugged = true;
    },
    phoneSends: (from, text) => sim.deliver(from, text),
    dispose: async () => {
      await sender.close();
      sim.close();
    },
  };
});
