/**
 * The walking skeleton from the outside: the real CLI as a child process on the demo
 * configuration, driven over HTTP and watched over MQTT with real clients (mqtt.js and
 * Debian's mosquitto_sub / mosquitto_pub).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_CONFIG, demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';
import { type Watch, watch } from '../support/mqtt-watch.js';

const run = promisify(execFile);
const demo = parse(readFileSync(DEMO_CONFIG, 'utf8')) as {
  participants: { id: string }[];
  telephony: { mediaTimeoutMs: number };
  failover: { failbackStableMs: number };
};
const HOST_TOKEN = 'demo-host-token-change-me';
const VIEWER_TOKEN = 'demo-viewer-token-change-me';
const PREFIX = 'samband/v1';

interface PathPayload {
  active: string;
  since: string;
  reason: string;
}
interface LinkPayload {
  state: string;
  since: string;
  reason: string;
}

describe('demo, end to end through the real CLI', () => {
  let cli: RunningCli;
  let state: Watch;
  const port = () => new URL(cli.mqttUrl).port;

  async function api(method: string, path: string, body?: unknown, token = HOST_TOKEN): Promise<Response> {
    return fetch(`${cli.httpBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  beforeAll(async () => {
    cli = await startCli(demoConfigOnFreePorts());
    state = await watch(cli.mqttUrl, `${PREFIX}/#`);
  }, 30_000);

  afterAll(async () => {
    await state?.close();
    await cli?.stop('SIGKILL');
  });

  it('publishes retained gateway status, phone links and paths for every participant, and activates the conference', async () => {
    const late = await watch(cli.mqttUrl, `${PREFIX}/#`);
    try {
      await late.waitFor<{ state: string }>(`${PREFIX}/gateway/status`, (s) => s.state === 'online');
      for (const { id } of demo.participants) {
        await late.waitFor<LinkPayload>(`${PREFIX}/participants/${id}/links/phone`, () => true);
        await late.waitFor<PathPayload>(`${PREFIX}/participants/${id}/path`, () => true);
      }
      expect(late.log.filter((m) => m.topic.endsWith('/gateway/status'))[0]?.retain).toBe(true);
      await state.waitFor<{ state: string }>(
        `${PREFIX}/conferences/veckokonferens/state`,
        (c) => c.state === 'active',
        20_000,
      );
    } finally {
      await late.close();
    }
    const conference = (await (
      await api('GET', '/api/conferences/veckokonferens', undefined, VIEWER_TOKEN)
    ).json()) as {
      state: string;
    };
    expect(conference.state).toBe('active');
    const ready = await fetch(`${cli.httpBase}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { core: true, telephony: true, radios: true, store: true },
    });
  });

  it('cutting a phone moves the path to radio within the media time-out, announced by SDS', async () => {
    const pathTopic = `${PREFIX}/participants/polisen/path`;
    await state.waitFor<PathPayload>(pathTopic, (p) => p.active === 'phone', 20_000);
    const events: { type: string; participantId?: string; detail?: string }[] = [];
    state.client.on('message', (topic, payload) => {
      if (topic === `${PREFIX}/conferences/veckokonferens/events`)
        events.push(JSON.parse(payload.toString()));
    });
    const cutAt = Date.now();
    const response = await api('POST', '/api/sim/participants/polisen/phone', { state: 'down' });
    expect(response.status).toBe(200);
    const radio = await state.waitFor<PathPayload>(pathTopic, (p) => p.active === 'radio');
    // The gateway's own timestamps: failover happened after the media time-out, not before.
    const failoverMs = Date.parse(radio.since) - cutAt;
    expect(failoverMs).toBeGreaterThanOrEqual(demo.telephony.mediaTimeoutMs - 50);
    // DESIGN §9 asks for media time-out + 1 s; the bound here is loose so a loaded CI host cannot
    // make it flake, and the measured figure is printed for the record.
    expect(failoverMs).toBeLessThan(demo.telephony.mediaTimeoutMs + 5_000);
    console.log(`end-to-end failover: ${failoverMs} ms (media time-out ${demo.telephony.mediaTimeoutMs} ms)`);
    expect(radio.reason).toBe('phone-down');
    const phone = state.last.get(`${PREFIX}/participants/polisen/links/phone`) as LinkPayload;
    expect(phone.state).toBe('down');
    expect(phone.reason).toMatch(/media-timeout/);
    await expect
      .poll(() => events.find((e) => e.type === 'failover-announced' && e.participantId === 'polisen'), {
        timeout: 5_000,
      })
      .toMatchObject({ detail: 'delivered' });
  });

  it('restoring the phone brings the path back only after the stable period', async () => {
    const response = await api('POST', '/api/sim/participants/polisen/phone', { state: 'up' });
    expect(response.status).toBe(200);
    const phoneUp = await state.waitFor<LinkPayload>(
      `${PREFIX}/participants/polisen/links/phone`,
      (l) => l.state === 'up',
      15_000,
    );
    const back = await state.waitFor<PathPayload>(
      `${PREFIX}/participants/polisen/path`,
      (p) => p.active === 'phone',
      demo.failover.failbackStableMs + 10_000,
    );
    expect(back.reason).toBe('phone-stable');
    expect(Date.parse(back.since) - Date.parse(phoneUp.since)).toBeGreaterThanOrEqual(
      demo.failover.failbackStableMs,
    );
  });

  it('an agent publishes its own heartbeat, and nothing else', async () => {
    const agent = await mqtt.connectAsync(cli.mqttUrl, {
      username: 'agent-sos',
      password: 'demo-agent-sos',
      reconnectPeriod: 0,
    });
    try {
      await agent.publishAsync(
        `${PREFIX}/participants/sos-alarm/heartbeat`,
        JSON.stringify({ battery: 91 }),
        {
          qos: 1,
        },
      );
      const link = await state.waitFor<LinkPayload & { metrics: { battery?: number } }>(
        `${PREFIX}/participants/sos-alarm/links/agent`,
        (l) => l.state === 'up',
      );
      expect(link.metrics.battery).toBe(91);
    } finally {
      await agent.endAsync(true);
    }
    // Publishing for someone else, or a state topic, is refused (aedes drops the offending client).
    for (const topic of [
      `${PREFIX}/participants/demokraft/heartbeat`,
      `${PREFIX}/participants/sos-alarm/path`,
    ]) {
      await expect(
        run(
          'mosquitto_pub',
          [
            '-h',
            '127.0.0.1',
            '-p',
            port(),
            '-u',
            'agent-sos',
            '-P',
            'demo-agent-sos',
            '-q',
            '1',
            '-t',
            topic,
            '-m',
            '{}',
          ],
          {
            timeout: 5_000,
          },
        ),
      ).rejects.toThrow();
    }
    expect(state.log.some((m) => m.topic === `${PREFIX}/participants/demokraft/heartbeat`)).toBe(false);
    expect((state.last.get(`${PREFIX}/participants/sos-alarm/path`) as PathPayload).active).not.toBe('{}');
    expect((state.last.get(`${PREFIX}/participants/demokraft/links/agent`) as LinkPayload).state).not.toBe(
      'up',
    );
  });

  it('refuses anonymous publishing and rejects a malformed heartbeat without disturbing other clients', async () => {
    await expect(
      run(
        'mosquitto_pub',
        ['-h', '127.0.0.1', '-p', port(), '-q', '1', '-t', `${PREFIX}/gateway/status`, '-m', 'hacked'],
        {
          timeout: 5_000,
        },
      ),
    ).rejects.toThrow();
    const before = state.log.length;
    await expect(
      run(
        'mosquitto_pub',
        [
          '-h',
          '127.0.0.1',
          '-p',
          port(),
          '-u',
          'agent-raddning',
          '-P',
          'demo-agent-raddning',
          '-q',
          '1',
          '-t',
          `${PREFIX}/participants/raddningstjansten/heartbeat`,
          '-m',
          '{"battery":"full"',
        ],
        { timeout: 5_000 },
      ),
    ).rejects.toThrow();
    // The bystander subscriber is still connected and still receives state.
    expect(state.client.connected).toBe(true);
    await api('POST', '/api/sim/participants/region/phone', { state: 'degraded' });
    await state.waitFor<LinkPayload>(
      `${PREFIX}/participants/region/links/phone`,
      (l) => l.state === 'degraded',
      15_000,
    );
    expect(state.log.length).toBeGreaterThan(before);
    expect((state.last.get(`${PREFIX}/gateway/status`) as { state: string }).state).toBe('online');
    const logs = cli.stdout();
    expect(logs).toMatch(/heartbeat/i);
    expect(logs).not.toContain('demo-agent-raddning');
    await api('POST', '/api/sim/participants/region/phone', { state: 'up' });
  });

  it('mosquitto_sub reads the retained state like any control room would', async () => {
    const { stdout } = await run(
      'mosquitto_sub',
      [
        '-h',
        '127.0.0.1',
        '-p',
        port(),
        '-t',
        `${PREFIX}/participants/+/path`,
        '-C',
        String(demo.participants.length),
        '-W',
        '5',
      ],
      { timeout: 10_000 },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(demo.participants.length);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('active');
  });

  it('shuts down on SIGTERM within 5 s and says offline on MQTT first', async () => {
    const started = Date.now();
    const code = await cli.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const statuses = state.log
      .filter((m) => m.topic === `${PREFIX}/gateway/status`)
      .map((m) => JSON.parse(m.payload));
    expect(statuses.at(-1)).toMatchObject({ state: 'offline' });
  });
});
