/**
 * The ACL as enforced by the embedded aedes broker, observed from real clients. Absence of a
 * forbidden message is proven with a sentinel: the refused client's connection has closed (so
 * aedes is done with its PUBLISH), then a legitimate update is awaited at the dashboard.
 */
import { connect, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MqttService, startMqtt } from '../../../adapters/mqtt/index.js';
import { FakeCore, link } from './support/fake-core.js';
import { ClientPool, closed, embeddedConfig, MessageLog, tcpUrl, USERS } from './support/mqtt-helpers.js';
import { RecordingLogger } from './support/recording-logger.js';

const HB_A = 'samband/v1/participants/a/heartbeat';
const HB_B = 'samband/v1/participants/b/heartbeat';

describe('embedded broker policy', () => {
  let core: FakeCore;
  let logger: RecordingLogger;
  let service: MqttService;
  const pool = new ClientPool();
  let sentinelCount = 0;

  async function start(allowAnonymousRead = false) {
    core = new FakeCore(['a', 'b']);
    logger = new RecordingLogger();
    service = await startMqtt({
      config: embeddedConfig({ allowAnonymousRead }),
      core,
      gatewayName: 'GW',
      version: '1',
      logger,
    });
  }
  const url = () => tcpUrl(service.tcpPort);

  async function watcher(): Promise<MessageLog> {
    const client = await pool.open(url(), USERS.dashboard);
    const log = new MessageLog(client);
    await client.subscribeAsync('samband/v1/#', { qos: 1 });
    await log.next((m) => m.topic === 'samband/v1/radios/r1/status', 'snapshot');
    return log;
  }

  /** A legitimate state change, awaited at the watcher: everything before it has been routed. */
  async function sentinel(log: MessageLog): Promise<void> {
    const reason = `sentinel-${++sentinelCount}`;
    core.setLink({ ...link('b', 'radio', 'degraded'), reason });
    await log.next((m) => m.text.includes(reason), reason);
  }

  afterEach(async () => {
    await pool.closeAll();
    await service.close();
  });

  describe('authenticated', () => {
    beforeEach(() => start(false));

    it('delivers an agent’s own valid heartbeat to core.recordHeartbeat', async () => {
      const agent = await pool.open(url(), USERS.agentA);
      await agent.publishAsync(HB_A, JSON.stringify({ battery: 80, powerSource: 'battery' }), { qos: 1 });
      await expect
        .poll(() => core.heartbeats)
        .toEqual([{ participantId: 'a', heartbeat: { battery: 80, powerSource: 'battery' } }]);
    });

    it('stops agent A publishing B’s heartbeat: no delivery, no heartbeat, A disconnected', async () => {
      const log = await watcher();
      const agentA = await pool.open(url(), USERS.agentA);
      agentA.publish(HB_B, '{}', { qos: 1 });
      await closed(agentA);
      await sentinel(log);
      expect(log.on(HB_B)).toEqual([]);
      expect(core.heartbeats).toEqual([]);
      const [refusal] = logger.find('warn', 'mqtt publish refused');
      expect(refusal?.obj).toMatchObject({ username: 'agent-a', role: 'agent', topic: HB_B });
    });

    it('stops an agent forging a retained state topic', async () => {
      const log = await watcher();
      const agentA = await pool.open(url(), USERS.agentA);
      const forged = 'samband/v1/participants/b/links/phone';
      agentA.publish(forged, JSON.stringify({ state: 'up', reason: 'forged' }), { qos: 1, retain: true });
      await closed(agentA);
      await sentinel(log);
      expect(log.messages.filter((m) => m.text.includes('forged'))).toEqual([]);
      // Nor was it retained: a late subscriber gets the gateway's value.
      const late = await pool.open(url(), USERS.dashboard);
      const lateLog = new MessageLog(late);
      await late.subscribeAsync(forged, { qos: 1 });
      expect(lateLog.json(await lateLog.next((m) => m.topic === forged))).toMatchObject({ reason: 'start' });
    });

    it('refuses any publish from a dashboard user', async () => {
      const log = await watcher();
      const dash = await pool.open(url(), USERS.dashboard);
      dash.publish('samband/v1/gateway/status', '{"state":"offline"}', { qos: 1, retain: true });
      await closed(dash);
      await sentinel(log);
      expect(log.on('samband/v1/gateway/status').map((m) => m.text)).not.toContain('{"state":"offline"}');
    });

    it('rejects and logs a malformed heartbeat while other clients keep receiving', async () => {
      const log = await watcher();
      const agentA = await pool.open(url(), USERS.agentA);
      agentA.publish(HB_A, JSON.stringify({ battery: 250 }), { qos: 1 });
      await closed(agentA);
      await sentinel(log);
      expect(log.on(HB_A)).toEqual([]);
      expect(core.heartbeats).toEqual([]);
      const [refusal] = logger.find('warn', 'mqtt publish refused');
      expect(refusal?.obj).toMatchObject({
        username: 'agent-a',
        clientId: agentA.options.clientId,
        topic: HB_A,
      });
      expect(String(refusal?.obj.reason)).toContain('battery');
    });

    it('accepts a retained heartbeat but does not let the broker retain it', async () => {
      const agentA = await pool.open(url(), USERS.agentA);
      await agentA.publishAsync(HB_A, '{"note":"retained?"}', { qos: 1, retain: true });
      await expect.poll(() => core.heartbeats.length).toBe(1);
      const late = await pool.open(url(), USERS.dashboard);
      const lateLog = new MessageLog(late);
      await late.subscribeAsync([HB_A, 'samband/v1/gateway/status'], { qos: 1 });
      await lateLog.next((m) => m.topic === 'samband/v1/gateway/status');
      expect(lateLog.on(HB_A)).toEqual([]);
    });

    it('refuses an agent’s subscriptions that reach other participants, keeping the connection', async () => {
      const agentA = await pool.open(url(), USERS.agentA);
      for (const filter of [
        'samband/v1/participants/b/#',
        'samband/v1/participants/+/path',
        'samband/v1/participants/#',
        'samband/v1/#',
        '#',
        'samband/v1/conferences/weekly/state',
      ]) {
        await expect(agentA.subscribeAsync(filter, { qos: 1 }), filter).rejects.toMatchObject({
          packet: { granted: [128] },
        });
      }
      const log = new MessageLog(agentA);
      const granted = await agentA.subscribeAsync(
        ['samband/v1/participants/a/#', 'samband/v1/gateway/status'],
        { qos: 1 },
      );
      expect(granted.map((g) => g.qos)).toEqual([1, 1]);
      await log.next((m) => m.topic === 'samband/v1/participants/a/links/agent');
      await log.next((m) => m.topic === 'samband/v1/gateway/status');
      expect(log.messages.filter((m) => m.topic.includes('/participants/b/'))).toEqual([]);
    });

    it('keeps ACLs under a burst: a refused subscription gets nothing, an agent only its own topics', async () => {
      const log = await watcher();
      const agentA = await pool.open(url(), USERS.agentA);
      const agentB = await pool.open(url(), USERS.agentB);
      const logA = new MessageLog(agentA);
      const logB = new MessageLog(agentB);
      const everyLink = 'samband/v1/participants/+/links/+';
      await expect(agentB.subscribeAsync(everyLink, { qos: 1 })).rejects.toMatchObject({
        packet: { granted: [128] },
      });
      await expect(agentA.subscribeAsync(everyLink, { qos: 1 })).rejects.toMatchObject({
        packet: { granted: [128] },
      });
      await agentA.subscribeAsync('samband/v1/participants/a/#', { qos: 1 });
      const updates = 300;
      for (let i = 0; i < updates; i++) {
        const pid = i % 2 === 0 ? 'a' : 'b';
        core.setLink({ ...link(pid, 'phone', 'up'), reason: `burst-${i}` });
      }
      await log.next((m) => m.text.includes(`"burst-${updates - 1}"`), 'the last update of the burst');
      await logA.next((m) => m.text.includes(`"burst-${updates - 2}"`), 'the last update for a');
      const burstA = logA.messages.filter((m) => m.text.includes('"burst-'));
      expect(burstA).toHaveLength(updates / 2);
      expect(burstA.every((m) => m.topic === 'samband/v1/participants/a/links/phone')).toBe(true);
      expect(logB.messages).toEqual([]);
    });

    it('withholds a persistent session’s queued messages from another agent that takes its client id', async () => {
      const agentA = await pool.open(url(), { ...USERS.agentA, clientId: 'site-x', clean: false });
      await agentA.subscribeAsync('samband/v1/participants/a/#', { qos: 1 });
      await agentA.endAsync();
      core.setLink({ ...link('a', 'phone', 'down'), reason: 'queued-for-a' });
      const log = await watcher();
      await log.next((m) => m.text.includes('queued-for-a'));
      // Listening before CONNACK: aedes sends a session's queue right behind it.
      const taker = connect(url(), { ...USERS.agentB, clientId: 'site-x', clean: false, reconnectPeriod: 0 });
      const takerLog = new MessageLog(taker);
      try {
        await expect.poll(() => logger.find('warn', 'mqtt delivery withheld').length).toBe(1);
        await sentinel(log);
        expect(takerLog.messages).toEqual([]);
        expect(logger.find('warn', 'mqtt delivery withheld')[0]?.obj).toMatchObject({
          role: 'agent',
          username: USERS.agentB.username,
          topic: 'samband/v1/participants/a/links/phone',
        });
      } finally {
        await taker.endAsync(true);
      }
    });

    it('refuses a wrong password and an unknown user with CONNACK 4', async () => {
      expect((await pool.refused(url(), { ...USERS.agentA, password: 'nope' })).code).toBe(4);
      expect((await pool.refused(url(), { username: 'mallory', password: 'x' })).code).toBe(4);
      expect(logger.find('warn', 'mqtt connect refused')).toHaveLength(2);
    });

    it('refuses anonymous clients with CONNACK 5 when anonymous read is off', async () => {
      expect((await pool.refused(url())).code).toBe(5);
    });

    it('refuses a client id already held by a different user, and keeps the holder', async () => {
      const holder: MqttClient = await pool.open(url(), { ...USERS.agentA, clientId: 'site-a' });
      expect((await pool.refused(url(), { ...USERS.agentB, clientId: 'site-a' })).code).toBe(2);
      expect(holder.connected).toBe(true);
      await holder.publishAsync(HB_A, '{}', { qos: 1 });
      await expect.poll(() => core.heartbeats.length).toBe(1);
    });
  });

  describe('with allowAnonymousRead', () => {
    beforeEach(() => start(true));

    it('lets an anonymous client read everything under the prefix', async () => {
      const anon = await pool.open(url());
      const log = new MessageLog(anon);
      await anon.subscribeAsync('samband/v1/#', { qos: 1 });
      await log.next((m) => m.topic === 'samband/v1/participants/b/path');
      await expect(anon.subscribeAsync('$SYS/#', { qos: 0 })).rejects.toMatchObject({
        packet: { granted: [128] },
      });
    });

    it('refuses an anonymous publish', async () => {
      const log = await watcher();
      const anon = await pool.open(url());
      anon.publish(HB_A, '{}', { qos: 0 });
      await closed(anon);
      await sentinel(log);
      expect(log.on(HB_A)).toEqual([]);
      expect(core.heartbeats).toEqual([]);
      expect(logger.find('warn', 'mqtt publish refused')[0]?.obj).toMatchObject({ role: 'anonymous' });
    });
  });
});
