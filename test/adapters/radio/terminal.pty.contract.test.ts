/**
 * The RadioTerminal contract passed by the PEI adapter over a real socat pty pair and the real
 * serialport bindings, against the PEI-speaking simulated network on the other end. Real time:
 * `advance` sleeps, and nothing asserts a duration.
 */
import { serialOpener } from '../../../adapters/radio/serial-stream.js';
import { PeiRadioTerminal } from '../../../adapters/radio/terminal.js';
import { systemClock } from '../../../bridge/clock.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { servePty } from '../../../sim/tetra/pty-server.js';
import { TetraWorld } from '../../../sim/tetra/world.js';
import { runRadioTerminalContract } from '../../contracts/radio-terminal.contract.js';
import { createPtyPair } from './support/socat.js';

runRadioTerminalContract('PeiRadioTerminal over a socat pty (real serialport)', async () => {
  const pty = await createPtyPair();
  const world = new TetraWorld({
    clock: systemClock,
    latencyMs: 20,
    subscribers: [{ issi: '2000001', talkgroup: '9000' }],
    gatewayRadios: [{ id: 'gw1', issi: '1000001', talkgroup: '9000' }],
  });
  const server = await servePty(pty.b, world.gatewayTerminal('gw1'));
  const port = new PeiRadioTerminal({
    id: 'gw1',
    port: pty.a,
    issi: '1000001',
    talkgroup: '9000',
    open: serialOpener(pty.a, { baudRate: 115200 }),
    clock: systemClock,
    logger: nullLogger,
  });
  await port.start();
  return {
    port,
    subscriberIssi: '2000001',
    unknownIssi: '2999999',
    setReachable: (issi, reachable) => world.setReachable(issi, reachable),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    sdsWithinMs: 5_000,
    dispose: async () => {
      await port.close();
      await server.close();
      world.close();
      await pty.dispose();
    },
  };
});
