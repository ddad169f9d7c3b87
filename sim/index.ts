/**
 * The simulator's entry point: builds simulated telephony and radio terminals from a parsed
 * Config so that the whole product runs with no hardware. The composition root calls this when
 * `telephony.backend` is 'sim' (and for `sim:` radios); it is the only constructor it needs.
 */
import type { Clock, Logger } from '../bridge/ports.js';
import type { SimControl } from '../bridge/sim-control-port.js';
import { type Config, simulationSchema } from '../config/schema.js';
import { SimSmsNetwork } from './gsm/sms-network.js';
import type { SimulationConfig } from './options.js';
import { createSimControl } from './sim-control.js';
import { SimTelephony } from './telephony.js';
import { TetraWorld } from './tetra/world.js';

export {
  SIM_PHONE_STATES,
  SIM_RADIO_STATES,
  type SimControl,
  type SimPhoneState,
  type SimRadioState,
} from '../bridge/sim-control-port.js';
export type { SimulationConfig } from './options.js';
export { SimPhoneNetwork } from './phone-network.js';
export { SimTelephony } from './telephony.js';
export { TetraWorld } from './tetra/world.js';

/** Radios whose port names the built-in simulator; others are serial devices or ptys. */
export const SIM_PORT_PREFIX = 'sim:';

export interface Simulation {
  telephony: SimTelephony;
  /** The simulated RAKEL network; `tetra.opener(radioId)` is the PEI link of a `sim:` radio. */
  tetra: TetraWorld;
  control: SimControl;
  /** The simulated mobile network behind a `sim:` modem (callUp.sms), or null without one. */
  sms: SimSmsNetwork | null;
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
  const gatewayTalkgroup = config.radios[0]?.talkgroup;
  const tetra = new TetraWorld({
    clock,
    latencyMs: Math.round(simulation.radio.sdsLatencyMs / 2),
    subscribers: config.participants.flatMap((p) =>
      p.radio
        ? [{ issi: p.radio.issi, talkgroup: p.radio.talkgroup ?? gatewayTalkgroup ?? p.radio.issi }]
        : [],
    ),
    gatewayRadios: config.radios
      .filter((radio) => radio.port.startsWith(SIM_PORT_PREFIX))
      .map((radio) => ({ id: radio.id, issi: radio.issi, talkgroup: radio.talkgroup })),
  });
  logger.info(
    { subscribers: config.participants.filter((p) => p.radio).length },
    'simulated RAKEL network ready',
  );

  const sms = config.callUp.sms?.port.startsWith(SIM_PORT_PREFIX)
    ? new SimSmsNetwork({
        clock,
        seed: simulation.seed,
        numbers: config.participants.flatMap((p) => p.sms),
        ...simulation.sms,
      })
    : null;

  const control = createSimControl({
    participants: config.participants,
    phones: telephony.network,
    radio: tetra,
    sms,
    gatewayIssi: config.radios[0]?.issi ?? null,
  });

  return {
    telephony,
    tetra,
    control,
    sms,
    sdsInbox: (issi) => tetra.inbox(issi),
    async close() {
      await telephony.close();
      tetra.close();
      sms?.close();
    },
  };
}
