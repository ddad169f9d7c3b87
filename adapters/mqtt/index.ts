/**
 * The MQTT adapter (DESIGN.md §4): an embedded aedes broker (or none, with an external broker),
 * the gateway's health publisher and the site-agent heartbeat ingest.
 */

import { randomBytes } from 'node:crypto';
import { systemClock } from '../../bridge/clock.js';
import type { GatewayCore } from '../../bridge/core-api.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import type { SambandstestEvents } from '../../bridge/sambandstest/events.js';
import type { Subscribable } from '../../bridge/typed-emitter.js';
import type { MqttConfig } from '../../config/schema.js';
import { LoginThrottle, type ThrottleOutcome } from '../auth/login-throttle.js';
import { createAuthenticator } from './auth.js';
import { createBrokerPolicy } from './broker-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js';
import { MqttError, MqttErrorCodes } from './errors.js';
import { createGatewayClient, type GatewayClientOptions, waitForConnect } from './gateway-client.js';
import { createGatewayCredential, GATEWAY_USERNAME } from './gateway-credential.js';
import { HeartbeatIngest } from './heartbeat-ingest.js';
import { type GatewayIdentity, HealthPublisher, offlineWill } from './publisher.js';
import { attachSambandstestPublisher } from './sambandstest-publisher.js';
import { CONTRACT_DEPTH, createTopics, type Topics } from './topics.js';

export { MqttError, MqttErrorCodes } from './errors.js';

export interface StartMqttOptions {
  config: MqttConfig;
  core: GatewayCore;
  gatewayName: string;
  version: string;
  logger: Logger;
  /** Defaults to the system clock; only status timestamps and time-outs use it. */
  clock?: Clock;
  /** Told of every login attempt the throttle slowed or refused (a metric). */
  onLoginThrottled?: (outcome: ThrottleOutcome) => void;
  /** The sambandstest service's events, published under `{prefix}/v1/sambandstest/...`. */
  sambandstest?: Subscribable<SambandstestEvents>;
}

export interface MqttService {
  /** Bound ports of the embedded broker (the real ones when configured as 0); null when external. */
  readonly tcpPort: number | null;
  readonly wsPort: number | null;
  /** Publishes `offline`, disconnects, and stops the embedded broker. Idempotent. */
  close(): Promise<void>;
}

/** The embedded broker is on this host, so the gateway's client must reach it within this time or something is wrong. */
const EMBEDDED_CONNECT_TIMEOUT_MS = 5000;

/** @throws MqttError CONFIG, LISTEN, CONNECT_TIMEOUT */
export async function startMqtt(options: StartMqttOptions): Promise<MqttService> {
  const { config, core } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'mqtt' });
  const topics = createTopics(config.prefix);
  const identity: GatewayIdentity = { name: options.gatewayName, version: options.version };
  const will = offlineWill(topics, identity);

  let broker: EmbeddedBroker | null = null;
  let connection: GatewayClientOptions;
  if (config.broker === 'embedded') {
    checkTopicDepth(config, topics);
    const gateway = createGatewayCredential();
    const authenticate = createAuthenticator({
      users: config.users,
      gateway,
      allowAnonymousRead: config.embedded.allowAnonymousRead,
      throttle: new LoginThrottle({
        clock,
        logger: logger.child({ component: 'mqtt-auth' }),
        ...(options.onLoginThrottled ? { onThrottled: options.onLoginThrottled } : {}),
      }),
    });
    const policy = createBrokerPolicy({ authenticate, topics, logger });
    broker = await startEmbeddedBroker({ config: config.embedded, policy, logger });
    const host = loopbackFor(config.embedded.host);
    connection = { url: `mqtt://${host}:${broker.tcpPort}`, ...gateway, will, logger };
  } else {
    const external = config.external;
    if (!external)
      throw new MqttError(MqttErrorCodes.CONFIG, 'broker "external" needs the "external" section');
    connection = {
      url: external.url,
      clientId: external.clientId ?? `${GATEWAY_USERNAME}-${randomBytes(6).toString('hex')}`,
      will,
      logger,
    };
    if (external.username !== undefined) connection.username = external.username;
    if (external.password !== undefined) connection.password = external.password;
  }

  const client = createGatewayClient(connection);
  const publisher = new HealthPublisher({ client, core, topics, identity, clock, logger });
  const ingest = new HeartbeatIngest({ client, core, topics, logger });
  publisher.start();
  ingest.start();
  const detachSambandstest = options.sambandstest
    ? attachSambandstestPublisher({ client, topics, events: options.sambandstest, logger })
    : () => {};

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ingest.close();
      detachSambandstest();
      await publisher.close();
      await broker?.close();
    })();
    return closing;
  };

  // An external broker may be down when the gateway starts; the gateway must run regardless
  // and the client keeps retrying. The embedded one is ours: failing to reach it is a fault.
  if (broker) {
    try {
      await waitForConnect(client, EMBEDDED_CONNECT_TIMEOUT_MS, clock);
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { tcpPort: broker?.tcpPort ?? null, wsPort: broker?.wsPort ?? null, close };
}

function checkTopicDepth(config: MqttConfig, topics: Topics): void {
  const needed = topics.prefix.split('/').length + CONTRACT_DEPTH;
  if (config.embedded.maxTopicLevels < needed) {
    throw new MqttError(
      MqttErrorCodes.CONFIG,
      `mqtt.embedded.maxTopicLevels is ${config.embedded.maxTopicLevels}; prefix "${topics.prefix}" needs at least ${needed}`,
    );
  }
}

/** A wildcard listen address is not a destination; reach the broker over loopback instead. */
function loopbackFor(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
