/**
 * The composition root: the only place that constructs adapters. It turns a validated
 * configuration into a running gateway and owns its orderly shutdown.
 */

import { createHttpServer } from '../adapters/http/server.js';
import { type MqttService, startMqtt } from '../adapters/mqtt/index.js';
import { systemClock } from '../bridge/clock.js';
import { type Core, createCore } from '../bridge/core.js';
import type { Clock, Logger, Telephony } from '../bridge/ports.js';
import type { Config } from '../config/schema.js';
import { createSimulation, type Simulation } from '../sim/index.js';
import { conferenceSpecs, participantSpecs } from './domain-config.js';
import { GatewayErrorCodes, GatewayStartError } from './errors.js';
import { createRadios, startRadios } from './radios.js';
import { VERSION } from './version.js';

export interface RunningGateway {
  readonly core: Core;
  readonly simulation: Simulation | null;
  readonly http: { host: string; port: number } | null;
  readonly mqtt: { tcpPort: number | null; wsPort: number | null };
  /** Stops everything in reverse order of start; safe to call twice. */
  stop(): Promise<void>;
}

export interface GatewayDeps {
  config: Config;
  logger: Logger;
  clock?: Clock;
}

export async function startGateway({
  config,
  logger,
  clock = systemClock,
}: GatewayDeps): Promise<RunningGateway> {
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stack.reverse().splice(0)) {
      await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    }
  };
  try {
    const simulation = config.simulation ? createSimulation({ config, clock, logger }) : null;
    if (simulation) stack.push(() => simulation.close());
    const telephony = selectTelephony(config, simulation);
    const radios = createRadios(config, simulation, clock, logger);
    stack.push(async () => {
      await Promise.all(radios.map((r) => r.terminal.close()));
    });

    const core = createCore({
      participants: participantSpecs(config),
      conferences: conferenceSpecs(config),
      radios,
      telephony,
      clock,
      logger: logger.child({ component: 'core' }),
      timings: {
        degradedForMs: config.failover.degradedForMs,
        failbackStableMs: config.failover.failbackStableMs,
        redialIntervalMs: config.telephony.redialIntervalMs,
        maxConcurrentCallOuts: config.telephony.maxConcurrentCallOuts,
        heartbeatStaleMs: config.mqtt.heartbeatStaleMs,
      },
      quality: config.telephony.quality,
      announceBySds: config.failover.announceBySds,
    });
    stack.push(() => core.close());

    const mqtt: MqttService = await startMqtt({
      config: config.mqtt,
      core,
      gatewayName: config.gateway.name,
      version: VERSION,
      logger,
      clock,
    });
    stack.push(() => mqtt.close());

    let started = false;
    let httpAddress: { host: string; port: number } | null = null;
    if (config.http.enabled) {
      const server = createHttpServer({
        config: config.http,
        core,
        sim: simulation?.control,
        logger,
        version: VERSION,
        readiness: () => ({ ready: started, checks: { core: started, mqtt: true } }),
      });
      httpAddress = await server.listen();
      stack.push(() => server.close());
    }

    startRadios(radios, logger);
    await core.start();
    started = true;
    let stopped: Promise<void> | null = null;
    return {
      core,
      simulation,
      http: httpAddress,
      mqtt: { tcpPort: mqtt.tcpPort, wsPort: mqtt.wsPort },
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function selectTelephony(config: Config, simulation: Simulation | null): Telephony {
  if (config.telephony.backend === 'sim') {
    if (!simulation) {
      throw new GatewayStartError(
        GatewayErrorCodes.SIM_REQUIRED,
        'telephony.backend "sim" needs a simulation section',
      );
    }
    return simulation.telephony;
  }
  throw new GatewayStartError(
    GatewayErrorCodes.BACKEND_UNAVAILABLE,
    'telephony.backend "drachtio" is not available in this build yet; use "sim" (see README, roadmap)',
  );
}
