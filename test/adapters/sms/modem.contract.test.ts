/** The serial modem adapter against the simulated modem, over an in-memory byte pair. */

import { type ByteStream, createMemoryPair, type MemoryPair } from '../../../adapters/radio/byte-stream.js';
import { RadioError, RadioErrorCodes } from '../../../adapters/radio/errors.js';
import { SimulatedModem } from '../../../sim/gsm/modem.js';
import { runSmsSenderContract } from '../../contracts/sms-sender.contract.js';
import { simulatedModemRig } from './support/sim-rig.js';

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
  return simulatedModemRig(
    sim,
    {
      port: 'memory',
      open,
      unplug: async () => {
        plugged = false;
        pair?.unplug('cable pulled');
      },
      replug: async () => {
        plugged = true;
      },
    },
    async () => {},
  );
});
