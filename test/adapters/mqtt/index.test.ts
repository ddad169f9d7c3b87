/** startMqtt in embedded mode, end to end over real sockets: retained state and live updates. */
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MqttError, MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import { type MqttService, startMqtt } from '../../../adapters/mqtt/index.js';
import type { GatewayStatusPayload, LinkPayload } from '../../../adapters/mqtt/payloads.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { mqttSchema } from '../../../config/schema.js';
import { FakeCore, link, T0 } from './support/fake-core.js';
import { ClientPool, embeddedConfig, MessageLog, tcpUrl, USERS } from './support/mqtt-helpers.js';

describe('startMqtt (embedded)', () => {
  let core: FakeCore;
  let service: MqttService;
  const pool = new ClientPool();

  beforeEach(async () => {
    core = new FakeCore(['a', 'b']);
    service = await startMqtt({
      config: embeddedConfig(),
      core,
      gatewayName: 'Test GW',
      version: '9.9.9',
      logger: nullLogger,
    });
  });
  afterEach(async () => {
    await pool.closeAll();
    await service.close();
  });

  async function dashboard(filter = 'samband/v1/#'): Promise<{ client: MqttClient; log: MessageLog }> {
    const client = await pool.open(tcpUrl(service.tcpPort), USERS.dashboard);
    const log = new MessageLog(client);
    await client.subscribeAsync(filter, { qos: 1 });
    return { client, log };
  }

  it('reports the ports it actually bound when configured with port 0', () => {
    expect(service.tcpPort).toBeGreaterThan(0);
    expect(service.wsPort).toBeGreaterThan(0);
    expect(service.wsPort).not.toBe(service.tcpPort);
  });

  it('gives a late subscriber the retained online status and every participant’s links and path', async () => {
    const { log } = await dashboard();
    const status = await log.next((m) => m.topic === 'samband/v1/gateway/status', 'status');
    expect(status.retain).toBe(true);
    expect(log.json<GatewayStatusPayload>(status)).toMatchObject({
      state: 'online',
      name: 'Test GW',
      version: '9.9.9',
    });
    expect(log.json<GatewayStatusPayload>(status).since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const pid of ['a', 'b']) {
      for (const path of ['phone', 'radio', 'agent']) {
        const m = await log.next(
          (x) => x.topic === `samband/v1/participants/${pid}/links/${path}`,
          `${pid} ${path}`,
        );
        expect(m.retain).toBe(true);
        expect(log.json<LinkPayload>(m)).toEqual({
          participantId: pid,
          path,
          state: 'unknown',
          since: T0,
          reason: 'start',
          metrics: {},
        });
      }
      const path = await log.next((x) => x.topic === `samband/v1/participants/${pid}/path`, `${pid} path`);
      expect(log.json(path)).toMatchObject({ participantId: pid, active: 'none', override: null });
    }
    const conference = await log.next((m) => m.topic === 'samband/v1/conferences/weekly/state');
    expect(log.json(conference)).toMatchObject({ id: 'weekly', state: 'idle', roster: ['a', 'b'] });
    const radio = await log.next((m) => m.topic === 'samband/v1/radios/r1/status');
    expect(log.json(radio)).toMatchObject({ radioId: 'r1', mode: 'TMO', rssiDbm: -71 });
  });

  it('publishes state changes from core events, retained, and conference events not retained', async () => {
    const { log } = await dashboard();
    await log.next((m) => m.topic === 'samband/v1/radios/r1/status', 'snapshot');

    core.setLink({ ...link('a', 'phone', 'up'), since: '2026-11-28T10:00:00+01:00' });
    core.setLink({ ...link('a', 'phone', 'up'), metrics: { mos: 4.3 } });
    core.setPath({
      participantId: 'a',
      active: 'radio',
      since: T0,
      reason: 'failover',
      override: null,
      by: 'host-token',
      conferenceId: 'weekly',
    });
    core.setConference({ ...core.conference('weekly'), state: 'active' });
    core.setRadio({ ...core.radios()[0]!, rssiDbm: -99 });
    core.events.emit('conference.event', {
      conferenceId: 'weekly',
      type: 'member-joined',
      at: T0,
      participantId: 'a',
    });

    const event = await log.next(
      (m) => m.topic === 'samband/v1/conferences/weekly/events',
      'conference event',
    );
    expect(log.json(event)).toEqual({
      conferenceId: 'weekly',
      type: 'member-joined',
      at: T0,
      participantId: 'a',
    });
    const phone = log.on('samband/v1/participants/a/links/phone').map((m) => log.json<LinkPayload>(m));
    // Offset time normalised to UTC on the wire.
    expect(phone[1]).toMatchObject({ state: 'up', since: '2026-11-28T09:00:00.000Z' });
    expect(phone[2]).toMatchObject({ state: 'up', metrics: { mos: 4.3 } });
    expect(log.json(log.on('samband/v1/participants/a/path')[1]!)).toMatchObject({
      active: 'radio',
      by: 'host-token',
    });
    expect(log.json(log.on('samband/v1/conferences/weekly/state')[1]!)).toMatchObject({ state: 'active' });
    expect(log.json(log.on('samband/v1/radios/r1/status')[1]!)).toMatchObject({ rssiDbm: -99 });

    // What a late subscriber sees: the newest state, and no replay of events.
    const late = await dashboard();
    const phoneNow = await late.log.next((m) => m.topic === 'samband/v1/participants/a/links/phone');
    expect(late.log.json(phoneNow)).toMatchObject({ metrics: { mos: 4.3 } });
    await late.log.next((m) => m.topic === 'samband/v1/radios/r1/status');
    expect(late.log.on('samband/v1/conferences/weekly/events')).toEqual([]);
  });

  it('publishes trunk health on samband/v1/trunks/{id}, retained, and in the snapshot', async () => {
    const { log } = await dashboard();
    await log.next((m) => m.topic === 'samband/v1/radios/r1/status', 'snapshot');
    const trunk = {
      id: 'telia',
      state: 'down' as const,
      since: T0,
      reason: 'timeout',
      registration: 'registered' as const,
      rttMs: 14,
    };
    core.trunkStatuses = [trunk];
    core.events.emit('trunk.changed', { trunk, usable: true });
    const live = await log.next((m) => m.topic === 'samband/v1/trunks/telia', 'trunk');
    expect(live.retain).toBe(false); // delivered live; the broker keeps it retained
    expect(log.json(live)).toEqual(trunk);
    const late = await dashboard('samband/v1/trunks/#');
    const kept = await late.log.next((m) => m.topic === 'samband/v1/trunks/telia', 'retained trunk');
    expect(kept.retain).toBe(true);
    expect(late.log.json(kept)).toEqual(trunk);
  });

  it('retains the host-control state of a conference for late subscribers', async () => {
    const { log: live } = await dashboard('samband/v1/conferences/+/state');
    await live.next((m) => m.topic === 'samband/v1/conferences/weekly/state', 'snapshot');
    core.setConference({ ...core.conference('weekly'), state: 'active' });
    await core.setLocked('weekly', true);
    await core.startRecording('weekly');
    await core.setMuted('a', true);
    await core.removeParticipant('b');
    // The burst is folded (CONFERENCE_STATE_WINDOW_MS): its first change goes out at once, its
    // last when the window ends, and nothing in between.
    await live.next((m) => m.text.includes('"removed":true'), "the burst's latest state");
    expect(live.on('samband/v1/conferences/weekly/state')).toHaveLength(3);
    const { log } = await dashboard('samband/v1/conferences/+/state');
    const state = await log.next((m) => m.topic === 'samband/v1/conferences/weekly/state', 'state');
    expect(state.retain).toBe(true);
    expect(log.json(state)).toMatchObject({
      state: 'active',
      locked: true,
      recording: { file: 'recordings/weekly.wav', since: T0 },
      members: [
        { participantId: 'a', muted: true, removed: false },
        { participantId: 'b', muted: false, removed: true, activePath: 'none' },
      ],
    });
  });

  it('publishes radio emergencies on the alarms topic, not retained', async () => {
    const { log } = await dashboard();
    await log.next((m) => m.topic === 'samband/v1/radios/r1/status', 'snapshot');
    const alarm = {
      kind: 'radio-emergency' as const,
      at: T0,
      radioId: 'r1',
      issi: '2420102',
      participantId: 'a',
      detail: 'emergency status 0',
    };
    core.events.emit('alarm', alarm);
    const message = await log.next((m) => m.topic === 'samband/v1/alarms', 'alarm');
    expect(log.json(message)).toEqual(alarm);
    expect(message.retain).toBe(false);
  });

  it('sends offline to connected subscribers on close()', async () => {
    const { log } = await dashboard('samband/v1/gateway/status');
    await log.next((m) => m.text.includes('"online"'));
    await service.close();
    const offline = await log.next((m) => m.text.includes('"offline"'), 'offline');
    expect(log.json<GatewayStatusPayload>(offline).since).not.toBeNull();
  });

  it('stops publishing core events after close()', async () => {
    await service.close();
    core.setLink(link('a', 'phone', 'up'));
    expect(core.events.listenerCount('link.changed')).toBe(0);
  });
});

describe('startMqtt configuration checks', () => {
  it('refuses a maxTopicLevels too small for the contract’s deepest topic', async () => {
    const config = mqttSchema.parse({
      prefix: 'a/b',
      embedded: { port: 0, wsPort: 0, maxTopicLevels: 8 },
    });
    const started = startMqtt({
      config,
      core: new FakeCore(),
      gatewayName: 'g',
      version: '1',
      logger: nullLogger,
    });
    await expect(started).rejects.toBeInstanceOf(MqttError);
    await expect(started).rejects.toMatchObject({ code: MqttErrorCodes.CONFIG });
  });

  it('refuses a configured user that takes the gateway’s reserved name', async () => {
    const config = embeddedConfig();
    config.users.push({ ...config.users[0]!, username: 'samband-gateway' });
    const started = startMqtt({
      config,
      core: new FakeCore(),
      gatewayName: 'g',
      version: '1',
      logger: nullLogger,
    });
    await expect(started).rejects.toMatchObject({ code: MqttErrorCodes.CONFIG });
  });
});
