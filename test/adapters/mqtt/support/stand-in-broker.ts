/**
 * An embedded broker standing in for an external one (mosquitto, EMQX): same policy, but the
 * gateway's credential is known to the test, as an operator would configure it there.
 */
import { createAuthenticator } from '../../../../adapters/mqtt/auth.js';
import { createBrokerPolicy } from '../../../../adapters/mqtt/broker-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../../adapters/mqtt/embedded-broker.js';
import type { GatewayCredential } from '../../../../adapters/mqtt/gateway-credential.js';
import { createTopics } from '../../../../adapters/mqtt/topics.js';
import { nullLogger } from '../../../../bridge/null-logger.js';
import type { Logger } from '../../../../bridge/ports.js';
import { embeddedConfig } from './mqtt-helpers.js';

export const STAND_IN_GATEWAY: GatewayCredential = {
  username: 'samband-gateway',
  password: 'stand-in-gateway-secret',
  clientId: 'unused',
};

export async function startStandInBroker(logger: Logger = nullLogger): Promise<EmbeddedBroker> {
  const config = embeddedConfig({ allowAnonymousRead: true });
  const authenticate = createAuthenticator({
    users: config.users,
    gateway: STAND_IN_GATEWAY,
    allowAnonymousRead: true,
  });
  const policy = createBrokerPolicy({ authenticate, topics: createTopics(config.prefix), logger });
  return startEmbeddedBroker({ config: config.embedded, policy, logger });
}
