/** MQTT over WebSocket on the embedded broker's second listener (browser dashboards). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type MqttService, startMqtt } from '../../../adapters/mqtt/index.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { FakeCore } from './support/fake-core.js';
import { ClientPool, embeddedConfig, MessageLog, USERS } from './support/mqtt-helpers.js';

let service: MqttService;
const pool = new ClientPool();

beforeEach(async () => {
  service = await startMqtt({
    config: embeddedConfig(),
    core: new FakeCore(),
    gatewayName: 'GW',
    version: '1',
    logger: nullLogger,
  });
});
afterEach(async () => {
  await pool.closeAll();
  await service.close();
});

it('serves an authenticated dashboard over WebSocket with the same retained state', async () => {
  const client = await pool.open(`ws://127.0.0.1:${service.wsPort}`, USERS.dashboard);
  const log = new MessageLog(client);
  await client.subscribeAsync('samband/v1/#', { qos: 1 });
  const status = await log.next((m) => m.topic === 'samband/v1/gateway/status');
  expect(log.json(status)).toMatchObject({ state: 'online' });
  await log.next((m) => m.topic === 'samband/v1/participants/b/links/agent');
});

it('applies the same authentication over WebSocket', async () => {
  expect(
    (await pool.refused(`ws://127.0.0.1:${service.wsPort}`, { ...USERS.dashboard, password: 'x' })).code,
  ).toBe(4);
});
