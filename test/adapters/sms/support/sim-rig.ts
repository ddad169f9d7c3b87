/** The SmsSender contract's rig: the modem adapter on some link to the simulated modem. */
import type { ByteStreamOpener } from '../../../../adapters/radio/byte-stream.js';
import { SmsModem } from '../../../../adapters/sms/modem.js';
import { systemClock } from '../../../../bridge/clock.js';
import { nullLogger } from '../../../../bridge/null-logger.js';
import type { SimulatedModem } from '../../../../sim/gsm/modem.js';
import type { SmsRig } from '../../../contracts/sms-sender.contract.js';
import { FAST_MODEM } from './fast-modem.js';

export async function simulatedModemRig(
  sim: SimulatedModem,
  link: { port: string; open: ByteStreamOpener; unplug(): Promise<void>; replug(): Promise<void> },
  release: () => Promise<void>,
): Promise<SmsRig> {
  const sender = new SmsModem({
    id: 'modem-1',
    port: link.port,
    open: link.open,
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
    unplug: () => link.unplug(),
    replug: () => link.replug(),
    phoneSends: (from, text) => sim.deliver(from, text),
    dispose: async () => {
      await sender.close();
      sim.close();
      await release();
    },
  };
}
