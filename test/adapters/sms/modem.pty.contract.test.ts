/**
 * The SmsSender contract passed by the modem adapter over a real socat pty pair and the real
 * serialport bindings, against the simulated modem on the other end. Pulling the cable kills
 * socat (both ptys vanish); plugging it back starts a new socat on the same paths.
 */
import type { ByteStream } from '../../../adapters/radio/byte-stream.js';
import { openSerialStream, serialOpener } from '../../../adapters/radio/serial-stream.js';
import { SimulatedModem } from '../../../sim/gsm/modem.js';
import { runSmsSenderContract } from '../../contracts/sms-sender.contract.js';
import { createPtyPair } from '../radio/support/socat.js';
import { simulatedModemRig } from './support/sim-rig.js';

runSmsSenderContract('SmsModem over a socat pty (real serialport) to the simulated modem', async () => {
  const pty = await createPtyPair();
  const sim = new SimulatedModem(null, { reportDelayMs: 5 });
  let served: ByteStream | null = null;
  const serve = async () => {
    served = await openSerialStream(pty.b, { baudRate: 115200 });
    sim.attach(served);
  };
  await serve();
  return simulatedModemRig(
    sim,
    {
      port: pty.a,
      open: serialOpener(pty.a, { baudRate: 115200 }),
      unplug: () => pty.kill(),
      replug: async () => {
        await pty.restart();
        await serve();
      },
    },
    async () => {
      await served?.close();
      await pty.dispose();
    },
  );
});
