import { once } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createAuthenticator } from '../../../adapters/mqtt/auth.js';
import { createBrokerPolicy } from '../../../adapters/mqtt/broker-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../adapters/mqtt/embedded-broker.js';
import { MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import { createGatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { ClientPool, embeddedConfig, tcpUrl, USERS } from './support/mqtt-helpers.js';

const config = embeddedConfig({ allowAnonymousRead: true });
const policy = () =>
  createBrokerPolicy({
    authenticate: createAuthenticator({
      users: config.users,
      gateway: createGatewayCredential(),
      allowAnonymousRead: true,
    }),
    topics: createTopics('samband'),
    logger: nullLogger,
  });
const cleanup: Array<() => Promise<unknown> | unknown> = [];
const pool = new ClientPool();

afterEach(async () => {
  await pool.closeAll();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(embedded = config.embedded): Promise<EmbeddedBroker> {
  const broker = await startEmbeddedBroker({ config: embedded, policy: policy(), logger: nullLogger });
  cleanup.push(() => broker.close());
  return broker;
}

it('closes with a client connected and a raw socket that never sent CONNECT', async () => {
  const broker = await start();
  const client = await pool.open(tcpUrl(broker.tcpPort), USERS.dashboard);
  const idle: Socket = tcpConnect(broker.tcpPort, '127.0.0.1');
  cleanup.push(() => idle.destroy());
  await once(idle, 'connect');
  const idleClosed = once(idle, 'close');
  const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));

  await broker.close();
  await Promise.all([idleClosed, clientClosed]);
  // The ports are free again.
  const probe = createServer();
  cleanup.push(() => new Promise((r) => probe.close(r)));
  probe.listen(broker.tcpPort, '127.0.0.1');
  await once(probe, 'listening');
});

it('is idempotent on close()', async () => {
  const broker = await start();
  await Promise.all([broker.close(), broker.close()]);
  await broker.close();
});

it('reports a port already in use as a LISTEN error', async () => {
  const squatter: Server = createServer();
  squatter.listen(0, '127.0.0.1');
  await once(squatter, 'listening');
  cleanup.push(() => new Promise((r) => squatter.close(r)));
  const address = squatter.address();
  const port = typeof address === 'object' && address ? address.port : -1;
  await expect(start({ ...config.embedded, port })).rejects.toMatchObject({ code: MqttErrorCodes.LISTEN });
});

it('refuses topics deeper than maxTopicLevels', async () => {
  const broker = await start({ ...config.embedded, maxTopicLevels: 3 });
  const client = await pool.open(tcpUrl(broker.tcpPort));
  // Past the limit aedes fails the SUBSCRIBE and drops the connection.
  const dropped = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.subscribe('samband/a/b/c/#');
  await dropped;
});
