/**
 * The composition root: the only place that constructs adapters. It turns a validated
 * configuration into a running gateway and owns its orderly shutdown.
 */

import { LoginThrottleCounts } from '../adapters/auth/login-counts.js';
import { createHttpServer } from '../adapters/http/server.js';
import { type MqttService, startMqtt } from '../adapters/mqtt/index.js';
import type { OpcuaService } from '../adapters/opcua/index.js';
import { SqliteConferenceStateStore } from '../adapters/store/conference-state-store.js';
import { lockDataDir } from '../adapters/store/data-dir-lock.js';
import { watchDiskRoom } from '../adapters/store/disk-room.js';
import { systemClock } from '../bridge/clock.js';
import { type Core, createCore } from '../bridge/core.js';
import type { Clock, Logger, Telephony } from '../bridge/ports.js';
import type { SambandstestService } from '../bridge/sambandstest/service.js';
import { StoreHealth } from '../bridge/store-health.js';
import type { Config } from '../config/schema.js';
import { createSimulation, type Simulation } from '../sim/index.js';
import { startConferenceLog } from './conference-log.js';
import { conferenceSpecs, participantSpecs } from './domain-config.js';
import { GatewayErrorCodes, GatewayStartError } from './errors.js';
import { createRadios, startRadios } from './radios.js';
import { startSambandstest } from './sambandstest.js';
import { createSmsModem } from './sms-modem.js';
import { DrachtioTelephony } from './telephony/drachtio-telephony.js';
import { realDrachtioDriver } from './telephony/runtime.js';
import { conferenceAccess, radioAudioFromConfig } from './telephony/settings.js';
import { VERSION } from './version.js';

export interface RunningGateway {
  readonly core: Core;
  readonly simulation: Simulation | null;
  readonly http: { host: string; port: number } | null;
  readonly mqtt: { tcpPort: number | null; wsPort: number | null };
  /** null when `opcua.enabled` is false. */
  readonly opcua: { port: number; endpointUrl: string } | null;
  readonly sambandstest: SambandstestService;
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
    // Before anything reads or writes the data directory: a second gateway on it changes nothing.
    const lock = lockDataDir(config.gateway.dataDir);
    stack.push(async () => lock.release());
    const simulation = config.simulation ? createSimulation({ config, clock, logger }) : null;
    if (simulation) stack.push(() => simulation.close());
    const telephony = selectTelephony(config, simulation, { clock, logger, stack });
    let telephonyAvailable = false;
    const offBackend = telephony.events.on('backend.status', (s) => {
      telephonyAvailable = s.available;
    });
    stack.push(async () => offBackend());
    const radios = createRadios(config, simulation, clock, logger);
    stack.push(async () => {
      await Promise.all(radios.map((r) => r.terminal.close()));
    });
    const sms = createSmsModem(config, simulation, clock, logger);
    if (sms) stack.push(() => sms.close());

    // Which conferences run, kept in the gateway's database so a restart resumes them.
    const conferenceStore = SqliteConferenceStateStore.open(config.gateway.dataDir, {
      logger: logger.child({ component: 'conference-store' }),
    });
    stack.push(() => conferenceStore.close());
    // Whether writes reach the data directory; a full disk is survived from memory and said.
    const storeHealth = new StoreHealth(clock, logger.child({ component: 'store' }));
    const diskRoom = watchDiskRoom(lock.dataDir, { clock, health: storeHealth.reporter('disk-room') });
    stack.push(async () => diskRoom.close());
    const core = createCore({
      conferenceStore,
      storeHealth,
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
        startupWaitMs: config.telephony.timings.recoverWaitMs,
      },
      quality: config.telephony.quality,
      announceBySds: config.failover.announceBySds,
      recordingsDir: config.telephony.recordingsDir,
      callUp: config.callUp.enabled ? config.callUp : undefined,
      ...(sms ? { sms } : {}),
    });
    stack.push(() => core.close());

    const sambandstest = await startSambandstest({
      config,
      directory: core,
      trunks: core,
      telephony,
      radios: radios.map((r) => r.terminal),
      clock,
      logger,
      storeHealth,
    });
    stack.push(() => sambandstest.close());

    // Every front door's slowed and refused logins, shown in the HTTP server's metrics.
    const loginThrottled = new LoginThrottleCounts();
    // The host's record of each conference run; listening before the core resumes anything.
    const conferenceLog = await startConferenceLog({
      config,
      events: core.events,
      sambandstest: sambandstest.service.events,
      clock,
      logger,
      storeHealth,
    });
    stack.push(() => conferenceLog.close());

    const mqtt: MqttService = await startMqtt({
      config: config.mqtt,
      core,
      gatewayName: config.gateway.name,
      version: VERSION,
      logger,
      clock,
      sambandstest: sambandstest.service.events,
      onLoginThrottled: loginThrottled.recorder('mqtt'),
    });
    stack.push(() => mqtt.close());

    let started = false;
    let httpAddress: { host: string; port: number } | null = null;
    if (config.http.enabled) {
      const server = createHttpServer({
        config: config.http,
        core,
        sim: simulation?.control,
        sambandstest: sambandstest.service,
        protocols: conferenceLog.protocols,
        logger,
        version: VERSION,
        clock,
        loginThrottled,
        // Ready once the core runs; the checks say what is degraded without taking the gateway
        // out of service (radio fallback still works when the telephony back end is down).
        // A store that refuses writes does take it out: nothing new would survive a restart.
        readiness: () => {
          const store = storeHealth.snapshot();
          return {
            ready: started && store.ok,
            checks: {
              core: started,
              telephony: telephonyAvailable,
              radios: radios.every((r) => r.terminal.status().connected),
              store: store.ok,
              // Carrier trunks (when configured): some trunk can take calls.
              ...(core.trunks().length > 0 ? { trunks: core.trunksUsable() } : {}),
            },
            ...(store.ok ? {} : { store }),
          };
        },
      });
      httpAddress = await server.listen();
      stack.push(() => server.close());
    }

    // After HTTP listens: OPC UA takes most of a large gateway's start-up (its module graph, the
    // standard address space, a certificate on first start; a participant's nodes are built when
    // first used), and liveness probes and the dashboard need not wait for it. Readiness and
    // convening still do.
    let opcua: OpcuaService | null = null;
    if (config.opcua.enabled) {
      // Loaded only when enabled: node-opcua is large, and on import it prints a notice
      // (NODE-OPCUA-W27, about RSA PKCS#1 v1.5, which no policy we offer uses) on stdout, where
      // other commands (`samband report`) write their output.
      const { startOpcua } = await import('../adapters/opcua/index.js');
      const service = await startOpcua({
        config: config.opcua,
        core,
        dataDir: config.gateway.dataDir,
        gatewayName: config.gateway.name,
        version: VERSION,
        logger,
        sambandstest: sambandstest.service,
        clock,
        onLoginThrottled: loginThrottled.recorder('opcua'),
      });
      stack.push(() => service.close());
      opcua = service;
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
      opcua: opcua ? { port: opcua.port, endpointUrl: opcua.endpointUrl } : null,
      sambandstest: sambandstest.service,
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

function selectTelephony(
  config: Config,
  simulation: Simulation | null,
  deps: { clock: Clock; logger: Logger; stack: (() => Promise<void>)[] },
): Telephony {
  if (config.telephony.backend === 'sim') {
    if (!simulation) {
      throw new GatewayStartError(
        GatewayErrorCodes.SIM_REQUIRED,
        'telephony.backend "sim" needs a simulation section',
      );
    }
    return simulation.telephony;
  }
  // Real phones: drachtio-server + FreeSWITCH. Connects in the background (back-off, watchdog);
  // until both links are up 'backend.status' reports unavailable and call-outs fail adapter-down.
  const drachtio = new DrachtioTelephony({
    telephony: config.telephony,
    participants: participantSpecs(config),
    conferences: conferenceAccess(config),
    radioLegs: config.radios.filter((r) => r.audio !== undefined).length,
    radioAudio: radioAudioFromConfig(config),
    driver: realDrachtioDriver(),
    clock: deps.clock,
    logger: deps.logger,
  });
  deps.stack.push(() =>
    config.telephony.onShutdown === 'keep-calls' ? drachtio.detach() : drachtio.close(),
  );
  drachtio.start();
  return drachtio;
}
