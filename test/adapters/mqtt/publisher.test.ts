/** HealthPublisher on its own mqtt.js client: last will and republishing on reconnect. */
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../../adapters/mqtt/embedded-broker.js';
import { createGatewayClient, waitForConnect } from '../../../adapters/mqtt/gateway-client.js';
import type { GatewayStatusPayload } from '../../../adapters/mqtt/payloads.js';
import { HealthPublisher, offlineWill } from '../../../adapters/mqtt/publisher.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';
import { systemClock } from '../../../bridge/clock.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { FakeCore, T0 } from './support/fake-core.js';
import { ClientPool, MessageLog, tcpUrl } from './support/mqtt-helpers.js';
import { RecordingLogger } from './support/recording-logger.js';
import { STAND_IN_GATEWAY, startStandInBroker } from './support/stand-in-broker.js';

const topics = createTopics('samband');
const identity = { name: 'GW', version: '1' };
let broker: EmbeddedBroker;
let publisher: HealthPublisher;
let client: MqttClient;
const pool = new ClientPool();

beforeEach(async () => {
  broker = await startStandInBroker();
  client = createGatewayClient({
    url: tcpUrl(broker.tcpPort),
    ...STAND_IN_GATEWAY,
    clientId: 'gw-under-test',
    will: offlineWill(topics, identity),
    logger: nullLogger,
    reconnectPeriodMs: 20,
  });
  publisher = new HealthPublisher({
    client,
    core: new FakeCore(['a']),
    topics,
    identity,
    clock: systemClock,
    logger: nullLogger,
  });
  publisher.start();
  await waitForConnect(client, 5000, systemClock);
});
afterEach(async () => {
  await pool.closeAll();
  await publisher.close();
  await broker.close();
});

it('has the broker publish the offline will on a dropped connection, then republishes on reconnect', async () => {
  const reader = await pool.open(tcpUrl(broker.tcpPort));
  const log = new MessageLog(reader);
  await reader.subscribeAsync('samband/v1/#', { qos: 1 });
  await log.next((m) => m.topic === 'samband/v1/participants/a/path', 'first snapshot');

  client.stream.destroy();

  const will = await log.next((m) => m.text.includes('"offline"'), 'will');
  expect(log.json<GatewayStatusPayload>(will)).toEqual({
    state: 'offline',
    since: null,
    name: 'GW',
    version: '1',
  });
  const statuses = () =>
    log.on('samband/v1/gateway/status').map((m) => log.json<GatewayStatusPayload>(m).state);
  await expect.poll(statuses).toEqual(['online', 'offline', 'online']);
  // The full snapshot again, so a broker that lost its retained store is repaired.
  await expect.poll(() => log.on('samband/v1/participants/a/path').length).toBe(2);
  expect(log.on('samband/v1/participants/a/links/phone')).toHaveLength(2);
});

it('close() is idempotent and ends the client', async () => {
  await Promise.all([publisher.close(), publisher.close()]);
  expect(client.disconnected || !client.connected).toBe(true);
});

it('bounds the conference events it queues while the broker is unreachable', async () => {
  const logger = new RecordingLogger();
  const core = new FakeCore(['a']);
  const offline = createGatewayClient({
    // Nothing listens on port 1; the client stays offline and keeps retrying.
    url: 'mqtt://127.0.0.1:1',
    clientId: 'gw-offline',
    will: offlineWill(topics, identity),
    logger: nullLogger,
    reconnectPeriodMs: 60_000,
  });
  const lonely = new HealthPublisher({ client: offline, core, topics, identity, clock: systemClock, logger });
  lonely.start();
  try {
    for (let i = 0; i < 1002; i++) {
      core.events.emit('conference.event', {
        conferenceId: 'weekly',
        type: 'call-out',
        at: T0,
        participantId: 'a',
      });
    }
    expect(logger.find('warn', 'mqtt offline; event dropped')).toHaveLength(2);
  } finally {
    await lonely.close();
  }
});
