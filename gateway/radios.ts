/**
 * Builds the gateway's radio terminals from `radios[]`: each is a PEI adapter, on a serial device
 * or pty, or — for `sim:` ports — on an in-memory link to the simulated RAKEL network. Start-up
 * is not awaited: a terminal that is unplugged at boot keeps retrying and reports `adapter-down`
 * meanwhile, which must not keep the rest of the gateway from starting.
 */

import { serialOpener } from '../adapters/radio/serial-stream.js';
import { PeiRadioTerminal } from '../adapters/radio/terminal.js';
import type { Clock, Logger } from '../bridge/ports.js';
import type { Config } from '../config/schema.js';
import { SIM_PORT_PREFIX, type Simulation } from '../sim/index.js';
import { GatewayErrorCodes, GatewayStartError } from './errors.js';

export interface GatewayRadio {
  terminal: PeiRadioTerminal;
  talkgroup: string;
}

export function createRadios(
  config: Config,
  simulation: Simulation | null,
  clock: Clock,
  logger: Logger,
): GatewayRadio[] {
  return config.radios.map((radio) => {
    let open: ReturnType<typeof serialOpener>;
    if (radio.port.startsWith(SIM_PORT_PREFIX)) {
      if (!simulation) {
        throw new GatewayStartError(
          GatewayErrorCodes.SIM_REQUIRED,
          `radio "${radio.id}" uses the simulator port ${radio.port}, which needs a simulation section`,
        );
      }
      open = simulation.tetra.opener(radio.id);
    } else {
      open = serialOpener(radio.port, { baudRate: radio.baudRate });
    }
    const terminal = new PeiRadioTerminal({
      id: radio.id,
      port: radio.port,
      issi: radio.issi,
      talkgroup: radio.talkgroup,
      profile: radio.profile,
      open,
      clock,
      logger,
    });
    return { terminal, talkgroup: radio.talkgroup };
  });
}

/** Starts every terminal in the background; only final errors (port locked by another process) are logged as such. */
export function startRadios(radios: readonly GatewayRadio[], logger: Logger): void {
  for (const { terminal } of radios) {
    terminal.start().then(
      () => logger.info({ radioId: terminal.id }, 'radio terminal ready'),
      (err: unknown) => logger.error({ err, radioId: terminal.id }, 'radio terminal cannot be used'),
    );
  }
}
