/**
 * Wires the conference log for a running gateway (issue 11): its SQLite store under
 * `gateway.dataDir`, and the recorder on the core's (and the sambandstest service's) events.
 * Started before the core, so a run a killed gateway left open is continued when it resumes.
 */
import { lazyPdfProtocolRenderer } from '../adapters/pdf/lazy-protocol-pdf.js';
import { SqliteConferenceLogStore } from '../adapters/store/conference-log-store.js';
import { ConferenceProtocols } from '../bridge/conference-log/protocols.js';
import { ConferenceLogRecorder, type LoggedConference } from '../bridge/conference-log/recorder.js';
import type { ConferenceLogStore } from '../bridge/conference-log/store.js';
import type { DomainEvents } from '../bridge/events.js';
import type { Clock, Logger } from '../bridge/ports.js';
import type { SambandstestEvents } from '../bridge/sambandstest/events.js';
import type { StoreHealth } from '../bridge/store-health.js';
import type { Subscribable } from '../bridge/typed-emitter.js';
import type { Config } from '../config/schema.js';
import { conferenceSpecs } from './domain-config.js';

export interface GatewayConferenceLog {
  readonly store: ConferenceLogStore;
  /** Runs, logs and protocols (PDF included) for HTTP. */
  readonly protocols: ConferenceProtocols;
  close(): Promise<void>;
}

export interface ConferenceLogDeps {
  config: Config;
  events: Subscribable<DomainEvents>;
  sambandstest: Subscribable<SambandstestEvents>;
  clock: Clock;
  logger: Logger;
  storeHealth: StoreHealth;
}

export async function startConferenceLog(deps: ConferenceLogDeps): Promise<GatewayConferenceLog> {
  const { config } = deps;
  const store = SqliteConferenceLogStore.open(config.gateway.dataDir);
  const recorder = new ConferenceLogRecorder({
    store,
    events: deps.events,
    sambandstest: deps.sambandstest,
    conferences: loggedConferences(config),
    clock: deps.clock,
    logger: deps.logger.child({ component: 'conference-log' }),
    health: deps.storeHealth.reporter('conference-log'),
    retentionDays: config.conferenceLog.retentionDays ?? null,
  });
  try {
    await recorder.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    protocols: new ConferenceProtocols(store, lazyPdfProtocolRenderer),
    async close() {
      await recorder.close();
      await store.close();
    },
  };
}

/** Each conference's name and roster (with names, as the protocol prints them) from the config. */
export function loggedConferences(config: Config): Map<string, LoggedConference> {
  const byId = new Map(config.participants.map((p) => [p.id, p]));
  return new Map(
    conferenceSpecs(config).map((c) => [
      c.id,
      {
        name: c.name,
        roster: c.roster.map((id) => ({
          participantId: id,
          name: byId.get(id)?.name ?? id,
          organisation: byId.get(id)?.organisation ?? '',
        })),
        onSite: c.onSite ?? null,
      },
    ]),
  );
}
