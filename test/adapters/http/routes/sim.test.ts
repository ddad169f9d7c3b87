import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { FakeSim } from '../fake-sim.js';
import { bearer, buildServer } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const phoneDown = {
  method: 'POST' as const,
  url: '/api/sim/participants/p1/phone',
  payload: { state: 'down' },
};

describe('sim routes without a simulator', () => {
  it('answers 404 with a clear message', async () => {
    server = buildServer().server;
    const res = await server.app.inject({ ...phoneDown, headers: bearer('technician') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SAMBAND_ERR_SIM_DISABLED');
    expect(res.json().error.message).toMatch(/simulat/);
    const probe = await server.app.inject({ method: 'GET', url: '/api/sim', headers: bearer('viewer') });
    expect(probe.statusCode).toBe(404);
  });

  it('still requires a token', async () => {
    server = buildServer().server;
    const res = await server.app.inject(phoneDown);
    expect(res.statusCode).toBe(401);
  });
});

describe('sim routes with a simulator', () => {
  it('forwards phone, radio and DTMF to the simulator for a technician', async () => {
    const sim = new FakeSim();
    server = buildServer({ sim }).server;
    const phone = await server.app.inject({ ...phoneDown, headers: bearer('technician') });
    expect(phone.statusCode).toBe(200);
    expect(phone.json()).toEqual({ participantId: 'p1', phone: 'down', radio: 'up' });
    const radio = await server.app.inject({
      method: 'POST',
      url: '/api/sim/participants/p1/radio',
      headers: bearer('host'),
      payload: { state: 'down' },
    });
    expect(radio.statusCode).toBe(200);
    const dtmf = await server.app.inject({
      method: 'POST',
      url: '/api/sim/participants/p1/dtmf',
      headers: bearer('technician'),
      payload: { digit: '1' },
    });
    expect(dtmf.statusCode).toBe(200);
    const talk = await server.app.inject({
      method: 'POST',
      url: '/api/sim/participants/p1/talk',
      headers: bearer('technician'),
      payload: { talking: true },
    });
    expect(talk.statusCode).toBe(200);
    expect(sim.calls).toEqual([
      { method: 'setPhone', participantId: 'p1', state: 'down' },
      { method: 'setRadio', participantId: 'p1', state: 'down' },
      { method: 'pressDigit', participantId: 'p1', digit: '1' },
      { method: 'setTalking', participantId: 'p1', talking: true },
    ]);
  });

  it('says it is available to the dashboard', async () => {
    server = buildServer({ sim: new FakeSim() }).server;
    const res = await server.app.inject({ method: 'GET', url: '/api/sim', headers: bearer('viewer') });
    expect(res.json()).toEqual({ enabled: true });
  });

  it('refuses a viewer', async () => {
    const sim = new FakeSim();
    server = buildServer({ sim }).server;
    const res = await server.app.inject({ ...phoneDown, headers: bearer('viewer') });
    expect(res.statusCode).toBe(403);
    expect(sim.calls).toEqual([]);
  });

  it.each([
    ['/phone', { state: 'exploded' }],
    ['/radio', { state: 'degraded' }],
    ['/dtmf', { digit: '12' }],
    ['/dtmf', { digit: 'x' }],
    ['/talk', { talking: 'yes' }],
    ['/talk', {}],
    ['/phone', { state: 'up', extra: 1 }],
  ])('rejects %s with body %j', async (suffix, payload) => {
    const sim = new FakeSim();
    server = buildServer({ sim }).server;
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/sim/participants/p1${suffix}`,
      headers: bearer('technician'),
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(sim.calls).toEqual([]);
  });

  it('maps an unknown participant to 404', async () => {
    server = buildServer({ sim: new FakeSim() }).server;
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/sim/participants/ghost/phone',
      headers: bearer('technician'),
      payload: { state: 'up' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_PARTICIPANT');
  });
});
