/**
 * HealthPublisher: mirrors the core's state onto the MQTT contract v1. It owns the gateway's
 * mqtt.js client: on every (re)connect it announces `online` and republishes the whole
 * retained state, so a broker that lost its memory (embedded restart, external failover)
 * is repaired without anyone asking.
 */
import type { MqttClient } from 'mqtt';
import { isoTime } from '../../bridge/clock.js';
import type { GatewayCore } from '../../bridge/core-api.js';
import { type ConferenceSnapshot, LINK_PATHS } from '../../bridge/model.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import {
  conferenceEventPayload,
  conferenceStatePayload,
  encode,
  gatewayStatusPayload,
  linkPayload,
  pathPayload,
  radioStatusPayload,
  trunkPayload,
} from './payloads.js';
import { StateThrottle } from './state-throttle.js';
import type { Topics } from './topics.js';

const MAX_EVENTS_QUEUED_OFFLINE = 1000;
/**
 * A conference's retained state is sent at most this often (its latest value at the end of a
 * burst always): it names every member, and convening a large roster changes it per answer.
 */
export const CONFERENCE_STATE_WINDOW_MS = 250;

export interface GatewayIdentity {
  name: string;
  version: string;
}

export interface HealthPublisherOptions {
  client: MqttClient;
  core: GatewayCore;
  topics: Topics;
  identity: GatewayIdentity;
  clock: Clock;
  logger: Logger;
  /** How long close() waits for the broker to acknowledge `offline` before cutting the connection. */
  closeTimeoutMs?: number;
  /** Defaults to CONFERENCE_STATE_WINDOW_MS. */
  conferenceStateWindowMs?: number;
}

/** The last will, registered with the broker at connect time and published by it on a drop. */
export function offlineWill(topics: Topics, identity: GatewayIdentity): { topic: string; payload: Buffer } {
  return {
    topic: topics.gatewayStatus(),
    payload: encode(gatewayStatusPayload({ state: 'offline', since: null, ...identity })),
  };
}

export class HealthPublisher {
  readonly client: MqttClient;
  readonly #options: HealthPublisherOptions;
  readonly #detach: Array<() => void> = [];
  #closing: Promise<void> | null = null;
  #queuedOffline = 0;
  readonly #conferenceStates: StateThrottle<ConferenceSnapshot>;

  constructor(options: HealthPublisherOptions) {
    this.#options = options;
    this.client = options.client;
    this.#conferenceStates = new StateThrottle({
      clock: options.clock,
      windowMs: options.conferenceStateWindowMs ?? CONFERENCE_STATE_WINDOW_MS,
      send: (id, conference) =>
        this.#state(options.topics.conferenceState(id), conferenceStatePayload(conference)),
    });
  }

  start(): void {
    const { core, topics } = this.#options;
    const onConnect = () => {
      this.#queuedOffline = 0;
      this.#publishSnapshot();
    };
    this.client.on('connect', onConnect);
    this.#detach.push(
      () => this.client.off('connect', onConnect),
      core.events.on('link.changed', ({ link }) =>
        this.#state(topics.link(link.participantId, link.path), linkPayload(link)),
      ),
      core.events.on('link.metrics', ({ link }) =>
        this.#state(topics.link(link.participantId, link.path), linkPayload(link)),
      ),
      core.events.on('path.changed', ({ path }) =>
        this.#state(topics.path(path.participantId), pathPayload(path)),
      ),
      core.events.on('conference.changed', ({ conference }) =>
        this.#conferenceStates.offer(conference.id, conference),
      ),
      core.events.on('radio.status', ({ status }) =>
        this.#state(topics.radioStatus(status.radioId), radioStatusPayload(status)),
      ),
      core.events.on('conference.event', (event) =>
        this.#history(topics.conferenceEvents(event.conferenceId), conferenceEventPayload(event)),
      ),
      core.events.on('alarm', (alarm) => this.#history(topics.alarms(), { ...alarm })),
      core.events.on('trunk.changed', ({ trunk }) =>
        this.#state(topics.trunk(trunk.id), trunkPayload(trunk)),
      ),
    );
    if (this.client.connected) this.#publishSnapshot();
  }

  /** Publishes `offline` (retained), waits for its PUBACK and disconnects cleanly. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    for (const detach of this.#detach.splice(0)) detach();
    // The last state of a conference goes out before `offline`, as it would have unthrottled.
    this.#conferenceStates.flush();
    const { topics, identity, clock, logger } = this.#options;
    const timeoutMs = this.#options.closeTimeoutMs ?? 2000;
    if (!this.client.connected) {
      // Nothing can be said to a broker we cannot reach; it publishes our will itself.
      await this.client.endAsync(true);
      return;
    }
    const offline = gatewayStatusPayload({ state: 'offline', since: isoTime(clock.now()), ...identity });
    const farewell = this.client
      .publishAsync(topics.gatewayStatus(), encode(offline), { qos: 1, retain: true })
      .then(() => this.client.endAsync());
    const acknowledged = await withTimeout(farewell, timeoutMs, clock).catch((error: unknown) => {
      logger.warn({ err: error }, 'mqtt offline status not acknowledged');
      return false;
    });
    // A broker that stopped answering would hold a graceful end forever.
    if (!acknowledged) await this.client.endAsync(true);
  }

  #publishSnapshot(): void {
    const { core, topics, identity, clock, logger } = this.#options;
    const online = gatewayStatusPayload({ state: 'online', since: isoTime(clock.now()), ...identity });
    this.#send(topics.gatewayStatus(), online, true);
    // Everything held is older than what the snapshot reads from the core now.
    this.#conferenceStates.discard();
    try {
      for (const view of core.participants()) {
        for (const path of LINK_PATHS)
          this.#send(topics.link(view.participant.id, path), linkPayload(view.links[path]), true);
        this.#send(topics.path(view.participant.id), pathPayload(view.path), true);
      }
      for (const conference of core.conferences()) {
        this.#send(topics.conferenceState(conference.id), conferenceStatePayload(conference), true);
      }
      for (const status of core.radios())
        this.#send(topics.radioStatus(status.radioId), radioStatusPayload(status), true);
      for (const trunk of core.trunks()) this.#send(topics.trunk(trunk.id), trunkPayload(trunk), true);
    } catch (error) {
      logger.error({ err: error }, 'mqtt state snapshot failed');
    }
  }

  /**
   * Retained state is only sent while connected: the snapshot on the next connect supersedes
   * anything queued meanwhile, and a queue flushed after it would put stale state back.
   */
  #state(topic: string, payload: object): void {
    if (this.client.connected) this.#send(topic, payload, true);
  }

  /**
   * Events are history, not state, so mqtt.js queues them while offline rather than dropping
   * them; but a broker down for days must not grow that queue without bound.
   */
  #history(topic: string, payload: object): void {
    if (!this.client.connected) {
      if (this.#queuedOffline >= MAX_EVENTS_QUEUED_OFFLINE) {
        this.#options.logger.warn({ topic, payload }, 'mqtt offline; event dropped');
        return;
      }
      this.#queuedOffline++;
    }
    this.#send(topic, payload, false);
  }

  #send(topic: string, payload: object, retain: boolean): void {
    this.client.publish(topic, encode(payload), { qos: 1, retain }, (error) => {
      if (error) this.#options.logger.warn({ topic, err: error }, 'mqtt publish failed');
    });
  }
}

function withTimeout(work: Promise<void>, ms: number, clock: Clock): Promise<boolean> {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), ms);
  });
  return Promise.race([work.then(() => true), expired]).finally(() => {
    if (timer !== undefined) clock.clearTimeout(timer);
  });
}
