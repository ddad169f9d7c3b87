/** startMqtt in external mode, against a second embedded broker standing in for mosquitto/EMQX. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../../adapters/mqtt/embedded-broker.js';
import { type MqttService, startMqtt } from '../../../adapters/mqtt/index.js';
import type { GatewayStatusPayload } from '../../../adapters/mqtt/payloads.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { mqttSchema } from '../../../config/schema.js';
import { FakeCore, link } from './support/fake-core.js';
import { ClientPool, MessageLog, tcpUrl } from './support/mqtt-helpers.js';
import { STAND_IN_GATEWAY, startStandInBroker } from './support/stand-in-broker.js';

describe('startMqtt (external broker)', () => {
  let external: EmbeddedBroker;
  let service: MqttService;
  let core: FakeCore;
  const pool = new ClientPool();

  beforeEach(async () => {
    external = await startStandInBroker();
    core = new FakeCore(['a']);
    const config = mqttSchema.parse({
      broker: 'external',
      external: {
        url: tcpUrl(external.tcpPort),
        username: STAND_IN_GATEWAY.username,
        password: STAND_IN_GATEWAY.password,
      },
    });
    service = await startMqtt({
      config,
      core,
      gatewayName: 'External GW',
      version: '2.0.0',
      logger: nullLogger,
    });
  });
  afterEach(async () => {
    await pool.closeAll();
    await service.close();
    await external.close();
  });

  async function reader(): Promise<MessageLog> {
    const client = await pool.open(tcpUrl(external.tcpPort));
    const log = new MessageLog(client);
    await client.subscribeAsync('samband/v1/#', { qos: 1 });
    return log;
  }

  it('runs no broker of its own', () => {
    expect(service.tcpPort).toBeNull();
    expect(service.wsPort).toBeNull();
  });

  it('publishes status and state to the external broker', async () => {
    const log = await reader();
    const status = await log.next(
      (m) => m.topic === 'samband/v1/gateway/status' && m.text.includes('online'),
    );
    expect(log.json(status)).toMatchObject({ state: 'online', name: 'External GW', version: '2.0.0' });
    core.setLink(link('a', 'radio', 'up'));
    await log.next((m) => m.topic === 'samband/v1/participants/a/links/radio' && m.text.includes('"up"'));
  });

  it('leaves a retained offline status behind after close()', async () => {
    const first = await reader();
    await first.next((m) => m.text.includes('"online"'), 'online');
    await service.close();
    const late = await reader();
    const status = await late.next((m) => m.topic === 'samband/v1/gateway/status', 'status');
    expect(status.retain).toBe(true);
    const payload = late.json<GatewayStatusPayload>(status);
    expect(payload).toMatchObject({ state: 'offline', name: 'External GW', version: '2.0.0' });
    expect(payload.since).not.toBeNull();
  });
});
