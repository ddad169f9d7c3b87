/** The serial modem adapter against the simulated modem, over an in-memory byte pair. */

import { AtChannel } from '../../../adapters/radio/at-channel.js';
import { createMemoryPair } from '../../../adapters/radio/byte-stream.js';
import { SmsModem } from '../../../adapters/sms/modem.js';
import { systemClock } from '../../../bridge/clock.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { SimulatedModem } from '../../../sim/gsm/modem.js';
import { runSmsSenderContract } from '../../contracts/sms-sender.contract.js';

runSmsSenderContract('SmsModem over a memory pair to the simulated modem', async () => {
  const pair = createMemoryPair();
  const sim = new SimulatedModem(pair.b, { reportDelayMs: 5 });
  const channel = new AtChannel(pair.a, { clock: systemClock, logger: nullLogger });
  const sender = new SmsModem({ id: 'modem-1', channel, clock: systemClock, logger: nullLogger });
  await sender.start();
  return {
    sender,
    received: () => sim.received.map(({ to, text }) => ({ to, text })),
    unreachable: (n) => sim.unreachable.add(n),
    refuse: (n) => sim.refused.add(n),
    unplug: () => pair.unplug('cable pulled'),
    dispose: async () => {
      await sender.close();
      channel.dispose();
      sim.close();
    },
  };
});
