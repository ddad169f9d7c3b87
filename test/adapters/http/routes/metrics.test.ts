import { afterEach, describe, expect, it } from 'vitest';
import { LoginThrottleCounts } from '../../../../adapters/auth/login-counts.js';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { bearer, buildServer } from '../harness.js';

let servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function start(options: Parameters<typeof buildServer>[0] = {}) {
  const harness = buildServer(options);
  servers.push(harness.server);
  return harness;
}

async function scrape(server: HttpServer): Promise<string> {
  const res = await server.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.body;
}

describe('/metrics', () => {
  it('is seeded from the core snapshot and includes process metrics', async () => {
    const { server } = start();
    const text = await scrape(server);
    expect(text).toContain('samband_link_state{participant="p1",path="phone",state="up"} 1');
    expect(text).toContain('samband_link_state{participant="p1",path="phone",state="down"} 0');
    expect(text).toContain('samband_active_path{participant="p1",path="phone"} 1');
    expect(text).toContain('samband_conference_state{conference="weekly",state="idle"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('follows link, path and conference events', async () => {
    const { server, core } = start();
    core.setLink('p1', 'phone', 'down', 'media timeout');
    core.setPath('p1', { active: 'radio', reason: 'failover' });
    core.setPath('p2', { active: 'none', reason: 'failover' });
    core.setConferenceState('weekly', 'active');
    const text = await scrape(server);
    expect(text).toContain('samband_link_state{participant="p1",path="phone",state="down"} 1');
    expect(text).toContain('samband_link_state{participant="p1",path="phone",state="up"} 0');
    expect(text).toContain('samband_active_path{participant="p1",path="radio"} 1');
    expect(text).toContain('samband_active_path{participant="p1",path="phone"} 0');
    expect(text).toContain('samband_path_changes_total{to="radio",reason="failover"} 1');
    expect(text).toContain('samband_path_changes_total{to="none",reason="failover"} 1');
    expect(text).toContain('samband_conference_state{conference="weekly",state="active"} 1');
    expect(text).toContain('samband_conference_state{conference="weekly",state="idle"} 0');
  });

  it('shows each carrier trunk state and registration, from the snapshot and its changes', async () => {
    const { server, core } = start();
    const trunk = {
      id: 'telia',
      state: 'up' as const,
      since: '2026-03-02T08:00:00.000Z',
      reason: 'options-200',
      registration: 'registered' as const,
      rttMs: 12,
    };
    core.events.emit('trunk.changed', { trunk, usable: true });
    core.events.emit('trunk.changed', {
      trunk: { ...trunk, state: 'down', registration: 'failed' },
      usable: false,
    });
    const text = await scrape(server);
    expect(text).toContain('samband_trunk_state{trunk="telia",state="down"} 1');
    expect(text).toContain('samband_trunk_state{trunk="telia",state="up"} 0');
    expect(text).toContain('samband_trunk_registered{trunk="telia"} 0');
  });

  it('counts HTTP requests by route template and status', async () => {
    const { server } = start();
    await server.app.inject({ method: 'GET', url: '/api/participants/p1', headers: bearer('viewer') });
    await server.app.inject({ method: 'GET', url: '/api/participants/p2', headers: bearer('viewer') });
    await server.app.inject({ method: 'GET', url: '/api/participants/p1' });
    await server.app.inject({ method: 'GET', url: '/no/such/route' });
    const text = await scrape(server);
    expect(text).toContain('samband_http_requests_total{route="/api/participants/:id",status="200"} 2');
    expect(text).toContain('samband_http_requests_total{route="/api/participants/:id",status="401"} 1');
    expect(text).toContain('samband_http_requests_total{route="unmatched",status="404"} 1');
  });

  it('keeps each server’s registry separate and stops listening on close', async () => {
    const a = start();
    const b = start();
    a.core.setPath('p1', { active: 'radio', reason: 'only-a' });
    expect(await scrape(b.server)).not.toContain('only-a');
    await a.server.close();
    expect(a.core.emitter.listenerCount('path.changed')).toBe(0);
  });

  it('caps distinct reason labels', async () => {
    const { server, core } = start();
    for (let i = 0; i < 80; i++)
      core.setPath('p1', { active: i % 2 ? 'radio' : 'phone', reason: `reason ${i}` });
    const text = await scrape(server);
    const reasons = new Set(
      [...text.matchAll(/samband_path_changes_total\{to="\w+",reason="([^"]+)"\}/g)].map((m) => m[1]),
    );
    expect(reasons.size).toBeLessThanOrEqual(51);
    expect(reasons.has('other')).toBe(true);
  });

  it('counts slowed and refused logins of every front door, its own wrong tokens included', async () => {
    const clock = new FakeClock();
    const loginThrottled = new LoginThrottleCounts();
    // The composition root hands the same tally to the MQTT and OPC UA doors.
    loginThrottled.recorder('mqtt')('slowed');
    loginThrottled.recorder('mqtt')('slowed');
    loginThrottled.recorder('opcua')('refused');
    const { server } = start({ clock, loginThrottled });
    const wrong = { authorization: 'Bearer not-a-token-0123456789' };
    // Three free failures, then the refusal is held (250 ms on the fake clock).
    for (let i = 0; i < 3; i++) {
      const res = await server.app.inject({ method: 'GET', url: '/api/participants', headers: wrong });
      expect(res.statusCode).toBe(401);
    }
    expect(await scrape(server)).not.toContain('protocol="http"');
    const held = server.app.inject({ method: 'GET', url: '/api/participants', headers: wrong });
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(250);
    expect((await held).statusCode).toBe(401);
    const text = await scrape(server);
    expect(text).toContain('samband_login_throttled_total{protocol="mqtt",outcome="slowed"} 2');
    expect(text).toContain('samband_login_throttled_total{protocol="opcua",outcome="refused"} 1');
    expect(text).toContain('samband_login_throttled_total{protocol="http",outcome="slowed"} 1');
  });
});
