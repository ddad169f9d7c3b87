/**
 * The simulator's entry point: builds simulated telephony and radio terminals from a parsed
 * Config so that the whole product runs with no hardware. The composition root calls this when
 * `telephony.backend` is 'sim' (and for `sim:` radios); it is the only constructor it needs.
 */
import type { Clock, Logger } from '../bridge/ports.js';
import { type Config, simulationSchema } from '../config/schema.js';
import type { SimControl } from './control.js';
import type { SimulationConfig } from './options.js';
import { SimRadioTerminal } from './radio.js';
import { SimRadioNetwork } from './radio-network.js';
import { createSimControl } from './sim-control.js';
import { SimTelephony } from './telephony.js';

export {
  SIM_PHONE_STATES,
  SIM_RADIO_STATES,
  type SimControl,
  type SimPhoneState,
  type SimRadioState,
} from './control.js';
export type { SimulationConfig } from './options.js';
export { SimPhoneNetwork } from './phone-network.js';
export { SimRadioTerminal } from './radio.js';
export { SimRadioNetwork } from './radio-network.js';
export { SimTelephony } from './telephony.js';

/** Radios whose port names the built-in simulator; others are real hardware for another adapter. */
export const SIM_PORT_PREFIX = 'sim:';

export interface Simulation {
  telephony: SimTelephony;
  radios: SimRadioTerminal[];
  radioNetwork: SimRadioNetwork;
  control: SimControl;
  /** SDS texts a subscriber's radio has received, oldest first (bounded). */
  sdsInbox(issi: string): string[];
  close(): Promise<void>;
}

export function createSimulation(deps: { config: Config; clock: Clock; logger: Logger }): Simulation {
  const { config, clock } = deps;
  const logger = deps.logger.child({ component: 'simulation' });
  const simulation: SimulationConfig = config.simulation ?? simulationSchema.parse({});

  const telephony = new SimTelephony({
    participants: config.participants,
    telephony: config.telephony,
    simulation,
    clock,
    logger,
  });
  const radioNetwork = new SimRadioNetwork(
    config.participants.flatMap((p) => (p.radio ? [p.radio.issi] : [])),
  );
  const radios = config.radios
    .filter((radio) => radio.port.startsWith(SIM_PORT_PREFIX))
    .map((radio) => new SimRadioTerminal({ radio, network: radioNetwork, simulation, clock, logger }));
  const skipped = config.radios.length - radios.length;
  if (skipped > 0) logger.info({ skipped }, 'radios without a sim: port are left to the PEI adapter');

  const control = createSimControl({
    participants: config.participants,
    phones: telephony.network,
    radio: radioNetwork,
  });

  return {
    telephony,
    radios,
    radioNetwork,
    control,
    sdsInbox: (issi) => radioNetwork.inbox(issi),
    async close() {
      await Promise.all([telephony.close(), ...radios.map((radio) => radio.close())]);
    },
  };
}
