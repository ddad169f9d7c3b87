import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { bearer, buildServer } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function start() {
  const harness = buildServer();
  server = harness.server;
  return harness;
}

describe('participant routes', () => {
  it('lists participants with their links and active path', async () => {
    const { server, core } = start();
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/participants',
      headers: bearer('viewer'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(core.participants());
    expect(res.json()[0]).toMatchObject({
      participant: { id: 'p1' },
      links: { phone: { state: 'up' }, radio: { state: 'up' }, agent: { state: 'unknown' } },
      path: { active: 'phone' },
    });
  });

  it('returns one participant', async () => {
    const { server } = start();
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/participants/p2',
      headers: bearer('viewer'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().participant.id).toBe('p2');
  });

  it('forces a path as the host, passing the token name as `by`', async () => {
    const { server, core } = start();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/participants/p1/path',
      headers: bearer('host'),
      payload: { path: 'radio' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ participantId: 'p1', active: 'radio', override: 'radio' });
    expect(core.calls).toEqual([{ method: 'forcePath', participantId: 'p1', path: 'radio', by: 'tib-anna' }]);
  });

  it('releases a path as the host', async () => {
    const { server, core } = start();
    const res = await server.app.inject({
      method: 'DELETE',
      url: '/api/participants/p1/path',
      headers: bearer('host'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().override).toBeNull();
    expect(core.calls).toEqual([{ method: 'releasePath', participantId: 'p1', by: 'tib-anna' }]);
  });

  it('passes the core’s ValidationError through as 400 (no radio to force)', async () => {
    const { server } = start();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/participants/p2/path',
      headers: bearer('host'),
      payload: { path: 'radio' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SAMBAND_ERR_INVALID_PATH');
  });

  it('refuses path changes to a technician', async () => {
    const { server, core } = start();
    const res = await server.app.inject({
      method: 'DELETE',
      url: '/api/participants/p1/path',
      headers: bearer('technician'),
    });
    expect(res.statusCode).toBe(403);
    expect(core.calls).toEqual([]);
  });
});
