/**
 * HeartbeatIngest behind a broker that does not validate heartbeats (as an external one may
 * not): the gateway-side check is the last line. The stand-in's gateway user may publish
 * anything under the prefix, so it plays the misbehaving publisher.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../../adapters/mqtt/embedded-broker.js';
import { createGatewayClient, waitForConnect } from '../../../adapters/mqtt/gateway-client.js';
import { HeartbeatIngest } from '../../../adapters/mqtt/heartbeat-ingest.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';
import { systemClock } from '../../../bridge/clock.js';
import { CoreErrorCodes } from '../../../bridge/errors.js';
import { FakeCore } from './support/fake-core.js';
import { ClientPool, tcpUrl } from './support/mqtt-helpers.js';
import { RecordingLogger } from './support/recording-logger.js';
import { STAND_IN_GATEWAY, startStandInBroker } from './support/stand-in-broker.js';

const topics = createTopics('samband');
let broker: EmbeddedBroker;
let client: MqttClient;
let ingest: HeartbeatIngest;
let core: FakeCore;
let logger: RecordingLogger;
let rogue: MqttClient;
const pool = new ClientPool();

beforeEach(async () => {
  broker = await startStandInBroker();
  core = new FakeCore(['a']);
  logger = new RecordingLogger();
  rogue = await pool.open(tcpUrl(broker.tcpPort), { ...STAND_IN_GATEWAY, clientId: 'rogue' });
  // Left retained before the gateway subscribes: must not count as a sign of life.
  await rogue.publishAsync(topics.heartbeat('a'), '{"note":"stale"}', { qos: 1, retain: true });
  client = createGatewayClient({
    url: tcpUrl(broker.tcpPort),
    ...STAND_IN_GATEWAY,
    clientId: 'ingest-under-test',
    will: { topic: 'samband/v1/gateway/status', payload: Buffer.from('{}') },
    logger,
  });
  ingest = new HeartbeatIngest({ client, core, topics, logger });
  ingest.start();
  await waitForConnect(client, 5000, systemClock);
});
afterEach(async () => {
  ingest.close();
  await pool.closeAll();
  await client.endAsync(true);
  await broker.close();
});

it('records valid heartbeats and logs and ignores malformed, unknown and retained ones', async () => {
  await expect.poll(() => logger.find('warn', 'retained heartbeat ignored')).toHaveLength(1);
  await rogue.publishAsync(topics.heartbeat('a'), 'not json', { qos: 1 });
  await rogue.publishAsync(topics.heartbeat('zz'), '{}', { qos: 1 });
  await rogue.publishAsync(topics.heartbeat('a'), '{"battery":55}', { qos: 1 });

  await expect.poll(() => core.heartbeats).toEqual([{ participantId: 'a', heartbeat: { battery: 55 } }]);
  const ignored = logger.find('warn', 'heartbeat ignored').map((e) => e.obj);
  expect(ignored).toEqual([
    expect.objectContaining({ participantId: 'a', code: CoreErrorCodes.INVALID_HEARTBEAT }),
    expect.objectContaining({ participantId: 'zz', code: CoreErrorCodes.UNKNOWN_PARTICIPANT }),
  ]);
});

it('stops feeding the core after close()', async () => {
  ingest.close();
  await rogue.publishAsync(topics.heartbeat('a'), '{"battery":1}', { qos: 1 });
  // Sentinel: a second subscriber on the same topic has received the message by now.
  const witness = await pool.open(tcpUrl(broker.tcpPort));
  await witness.subscribeAsync(topics.heartbeat('a'), { qos: 1 });
  const seen = new Promise<void>((resolve) =>
    witness.on('message', (_t, _p, pkt) => !pkt.retain && resolve()),
  );
  await rogue.publishAsync(topics.heartbeat('a'), '{"battery":2}', { qos: 1 });
  await seen;
  expect(core.heartbeats).toEqual([]);
});
