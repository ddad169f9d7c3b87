import { nullLogger } from '../../bridge/null-logger.js';
import { SimRadioNetwork, SimRadioTerminal } from '../../sim/radio.js';
import { runRadioTerminalContract } from '../contracts/radio-terminal.contract.js';
import { FakeClock } from '../support/fake-clock.js';
import { simulation } from './fixtures.js';

runRadioTerminalContract('SimRadioTerminal', async () => {
  const clock = new FakeClock();
  const network = new SimRadioNetwork(['2000001']);
  const port = new SimRadioTerminal({
    radio: { id: 'gw1', port: 'sim:gw1', talkgroup: '9000' },
    network,
    simulation: simulation(),
    clock,
    logger: nullLogger,
  });
  return {
    port,
    subscriberIssi: '2000001',
    unknownIssi: '2999999',
    setReachable: (issi, reachable) => network.setReachable(issi, reachable),
    advance: (ms) => clock.advanceAsync(ms, 50),
    sdsWithinMs: 5000,
    dispose: () => port.close(),
  };
});
