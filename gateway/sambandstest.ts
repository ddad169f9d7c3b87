/**
 * Wires the sambandstest service for a running gateway: its SQLite store under
 * `gateway.dataDir`, the runs a crash left behind marked interrupted, and the weekly schedules.
 */
import { randomBytes } from 'node:crypto';
import { SqliteSambandstestStore } from '../adapters/store/sambandstest-store.js';
import { compactTime } from '../bridge/clock.js';
import type { Clock, Logger, RadioTerminal } from '../bridge/ports.js';
import { DurableSambandstestStore } from '../bridge/sambandstest/durable-store.js';
import type { ParticipantDirectory, SambandstestTelephony } from '../bridge/sambandstest/probes.js';
import { SambandstestScheduler } from '../bridge/sambandstest/scheduler.js';
import { createSambandstestService, type SambandstestService } from '../bridge/sambandstest/service.js';
import type { TrunkSource } from '../bridge/sambandstest/trunk-state.js';
import type { StoreHealth } from '../bridge/store-health.js';
import type { Config } from '../config/schema.js';

export interface GatewaySambandstest {
  readonly service: SambandstestService;
  readonly scheduler: SambandstestScheduler;
  /** Stops the schedules, abandons a run in progress (saved as interrupted), closes the database. */
  close(): Promise<void>;
}

export interface SambandstestDeps {
  config: Config;
  directory: ParticipantDirectory;
  /** The carrier trunks' state each run records at its start and end (the core). */
  trunks: TrunkSource;
  telephony: SambandstestTelephony;
  radios: readonly RadioTerminal[];
  clock: Clock;
  logger: Logger;
  /** Told when runs or results cannot be written (they are kept and retried meanwhile). */
  storeHealth: StoreHealth;
}

export async function startSambandstest(deps: SambandstestDeps): Promise<GatewaySambandstest> {
  const { config, clock } = deps;
  const logger = deps.logger.child({ component: 'sambandstest' });
  const store = new DurableSambandstestStore(SqliteSambandstestStore.open(config.gateway.dataDir), {
    clock,
    logger,
    health: deps.storeHealth.reporter('sambandstest'),
  });
  const service = createSambandstestService({
    store,
    telephony: deps.telephony,
    radios: deps.radios,
    directory: deps.directory,
    trunks: deps.trunks,
    clock,
    logger,
    targetTimeoutMs: config.sambandstest.targetTimeoutMs,
    newRunId: () => newRunId(clock.now()),
  });
  try {
    await service.recoverInterrupted();
  } catch (error) {
    await store.close();
    throw error;
  }
  const scheduler = new SambandstestScheduler({
    schedules: config.sambandstest.schedules,
    service,
    clock,
    logger,
  });
  scheduler.start();
  let closing: Promise<void> | null = null;
  return {
    service,
    scheduler,
    close() {
      closing ??= (async () => {
        scheduler.stop();
        await service.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** `st-20260302T083000Z-9f3a`: sortable, unique across restarts, one MQTT topic level. */
function newRunId(now: number): string {
  return `st-${compactTime(now)}-${randomBytes(2).toString('hex')}`;
}
