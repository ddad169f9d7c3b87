/**
 * Builds the call-up's SMS modem from `callUp.sms`: the 27.005 adapter on a serial device or
 * pty, or — for a `sim:` port — on an in-memory link to the simulated modem, so the demo's
 * call-up goes through the real adapter. Start-up is not awaited: a modem unplugged at boot
 * keeps reopening, and the SMS meanwhile wait for it (bounded) instead of stopping the gateway.
 */
import { serialOpener } from '../adapters/radio/serial-stream.js';
import { SmsModem } from '../adapters/sms/modem.js';
import type { Clock, Logger } from '../bridge/ports.js';
import type { Config } from '../config/schema.js';
import { SIM_PORT_PREFIX, type Simulation } from '../sim/index.js';
import { GatewayErrorCodes, GatewayStartError } from './errors.js';

export function createSmsModem(
  config: Config,
  simulation: Simulation | null,
  clock: Clock,
  logger: Logger,
): SmsModem | null {
  const modem = config.callUp.sms;
  if (!modem || !config.callUp.enabled) return null;
  let open: ReturnType<typeof serialOpener>;
  if (modem.port.startsWith(SIM_PORT_PREFIX)) {
    if (!simulation?.sms) {
      throw new GatewayStartError(
        GatewayErrorCodes.SIM_REQUIRED,
        `the SMS modem uses the simulator port ${modem.port}, which needs a simulation section`,
      );
    }
    open = simulation.sms.opener();
  } else open = serialOpener(modem.port, { baudRate: modem.baudRate, rtscts: modem.rtscts });
  const sms = new SmsModem({
    id: modem.id,
    port: modem.port,
    open,
    clock,
    logger: logger.child({ component: 'sms-modem' }),
    timings: { linkWaitMs: modem.linkWaitMs, reportWaitMs: modem.reportWaitMs },
  });
  sms.start().then(
    () => logger.info({ modemId: modem.id, port: modem.port }, 'SMS modem ready'),
    (err: unknown) => logger.error({ err, modemId: modem.id }, 'SMS modem cannot be used'),
  );
  return sms;
}
