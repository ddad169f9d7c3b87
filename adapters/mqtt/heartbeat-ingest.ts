/**
 * Turns site-agent heartbeats on `{prefix}/v1/participants/+/heartbeat` into
 * core.recordHeartbeat calls. Validation is repeated here although the embedded broker already
 * checks every heartbeat: an external broker may run no such check.
 */
import type { MqttClient } from 'mqtt';
import type { GatewayCore } from '../../bridge/core-api.js';
import { NotFoundError, ValidationError } from '../../bridge/errors.js';
import { parseHeartbeat } from '../../bridge/heartbeat.js';
import type { Logger } from '../../bridge/ports.js';
import type { Topics } from './topics.js';

export interface HeartbeatIngestOptions {
  client: MqttClient;
  core: GatewayCore;
  topics: Topics;
  logger: Logger;
}

type MessageListener = (topic: string, payload: Buffer, packet: { retain: boolean }) => void;

export class HeartbeatIngest {
  readonly #options: HeartbeatIngestOptions;
  readonly #onConnect = () => this.#subscribe();
  readonly #onMessage: MessageListener = (topic, payload, packet) =>
    this.#handle(topic, payload, packet.retain);
  #started = false;

  constructor(options: HeartbeatIngestOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { client } = this.#options;
    client.on('connect', this.#onConnect);
    client.on('message', this.#onMessage);
    if (client.connected) this.#subscribe();
  }

  /** Stops delivering heartbeats to the core; the client itself belongs to the publisher. */
  close(): void {
    if (!this.#started) return;
    this.#started = false;
    const { client } = this.#options;
    client.off('connect', this.#onConnect);
    client.off('message', this.#onMessage);
  }

  #subscribe(): void {
    const { client, topics, logger } = this.#options;
    const filter = topics.heartbeatFilter();
    client.subscribe(filter, { qos: 1 }, (error) => {
      // A refusal (SUBACK 0x80) from an external broker's ACL lands here: agent links would
      // silently go stale, so it is an error, not a warning.
      if (error) logger.error({ filter, err: error }, 'mqtt heartbeat subscription failed');
    });
  }

  #handle(topic: string, payload: Buffer, retained: boolean): void {
    const { core, topics, logger } = this.#options;
    const participantId = topics.parseHeartbeat(topic);
    if (participantId === null) return;
    if (retained) {
      // A retained heartbeat is old news replayed by the broker, not a sign of life.
      logger.warn({ participantId, topic }, 'retained heartbeat ignored');
      return;
    }
    try {
      core.recordHeartbeat(participantId, parseHeartbeat(payload));
    } catch (error) {
      if (error instanceof ValidationError || error instanceof NotFoundError) {
        logger.warn({ participantId, code: error.code, reason: error.message }, 'heartbeat ignored');
      } else {
        logger.error({ participantId, err: error }, 'heartbeat handling failed');
      }
    }
  }
}
