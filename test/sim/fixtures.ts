/** Shared fixtures for the simulator's tests: a small parsed config and builders in fake time. */
import { nullLogger } from '../../bridge/null-logger.js';
import { type Config, configSchema, simulationSchema, telephonySchema } from '../../config/schema.js';
import type { SimulationConfig } from '../../sim/options.js';
import { SimTelephony } from '../../sim/telephony.js';
import { FakeClock } from '../support/fake-clock.js';

export const ALPHA = { id: 'alpha', phone: ['+46701000001', '+46701000002'] };
export const BRAVO = { id: 'bravo', phone: ['+46702000001'] };
export const CONF = 'weekly';

export function simulation(overrides: Partial<SimulationConfig> = {}): SimulationConfig {
  return { ...simulationSchema.parse({}), ...overrides };
}

export function telephonyFixture(seed = 1) {
  const clock = new FakeClock();
  const telephony = new SimTelephony({
    participants: [ALPHA, BRAVO],
    telephony: telephonySchema.parse({}),
    simulation: simulation({ seed }),
    clock,
    logger: nullLogger,
  });
  return { clock, telephony };
}

export function demoConfig(): Config {
  return configSchema.parse({
    simulation: { seed: 7 },
    radios: [
      { id: 'gw1', port: 'sim:gw1', issi: '1000001', talkgroup: '9000' },
      { id: 'hw', port: '/dev/ttyUSB0', issi: '1000002', talkgroup: '9000' },
    ],
    participants: [
      {
        id: 'kommun',
        name: 'Kommunen',
        organisation: 'Kommun',
        phone: ALPHA.phone,
        radio: { issi: '2000001' },
      },
      { id: 'polis', name: 'Polisen', organisation: 'Polisen', phone: BRAVO.phone },
    ],
  });
}
