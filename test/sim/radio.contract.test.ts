import { TetraWorld } from '../../sim/tetra/world.js';
import { runRadioTerminalContract } from '../contracts/radio-terminal.contract.js';
import { FakeClock } from '../support/fake-clock.js';
import { closeInFakeTime, startPeiOnWorld } from '../support/pei-on-world.js';

runRadioTerminalContract('PeiRadioTerminal on the simulated RAKEL network (in-memory PEI link)', async () => {
  const clock = new FakeClock();
  const world = new TetraWorld({
    clock,
    latencyMs: 200,
    subscribers: [{ issi: '2000001', talkgroup: '9000' }],
    gatewayRadios: [{ id: 'gw1', issi: '1000001', talkgroup: '9000' }],
  });
  const port = await startPeiOnWorld(world, clock, { id: 'gw1', issi: '1000001', talkgroup: '9000' });
  return {
    port,
    subscriberIssi: '2000001',
    unknownIssi: '2999999',
    setReachable: (issi, reachable) => world.setReachable(issi, reachable),
    advance: (ms) => clock.advanceAsync(ms, 50),
    sdsWithinMs: 5000,
    dispose: async () => {
      await closeInFakeTime(port, clock);
      world.close();
    },
  };
});
