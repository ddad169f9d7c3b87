import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../adapters/http/server.js';
import { hashSecret } from '../../../config/secrets.js';
import { captureLogger } from './capture-logger.js';
import { bearer, buildServer, httpConfig, TOKENS } from './harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function start(...args: Parameters<typeof buildServer>) {
  const harness = buildServer(...args);
  server = harness.server;
  return harness;
}

describe('authentication and roles', () => {
  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const { server } = start();
    const res = await server.app.inject({ method: 'GET', url: '/api/participants' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json()).toEqual({ error: { code: 'SAMBAND_ERR_UNAUTHORIZED', message: expect.any(String) } });
  });

  it('answers 401 for an unknown token and for another scheme', async () => {
    const { server } = start();
    const bad = await server.app.inject({
      method: 'GET',
      url: '/api/participants',
      headers: { authorization: 'Bearer not-a-real-token-at-all' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toMatch(/^Bearer/);
    const basic = await server.app.inject({
      method: 'GET',
      url: '/api/participants',
      headers: { authorization: `Basic ${TOKENS.host}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('lets a viewer read but not convene (403)', async () => {
    const { server, core } = start();
    const read = await server.app.inject({
      method: 'GET',
      url: '/api/conferences',
      headers: bearer('viewer'),
    });
    expect(read.statusCode).toBe(200);
    const convene = await server.app.inject({
      method: 'POST',
      url: '/api/conferences/weekly/convene',
      headers: bearer('viewer'),
    });
    expect(convene.statusCode).toBe(403);
    expect(convene.json().error.code).toBe('SAMBAND_ERR_FORBIDDEN');
    expect(core.calls).toEqual([]);
  });

  it('does not let a technician convene either', async () => {
    const { server } = start();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/conferences/weekly/convene',
      headers: bearer('technician'),
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a token configured as tokenHash and uses its name as `by`', async () => {
    const secret = 'hashed-host-token-0123456789';
    const config = httpConfig([
      { name: 'hashed-host', role: 'host', tokenHash: hashSecret(secret, { N: 1024 }) },
    ]);
    const { server, core } = start({ config });
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/conferences/weekly/convene',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.statusCode).toBe(200);
    expect(core.calls).toEqual([{ method: 'convene', conferenceId: 'weekly', by: 'hashed-host' }]);
  });

  it('tells the dashboard who the token belongs to', async () => {
    const { server } = start();
    const res = await server.app.inject({ method: 'GET', url: '/api/whoami', headers: bearer('technician') });
    expect(res.json()).toEqual({ name: 'tekniker-bo', role: 'technician' });
  });

  it('never logs the token', async () => {
    const logger = captureLogger();
    const { server } = start({ logger });
    await server.app.inject({ method: 'GET', url: '/api/participants', headers: bearer('host') });
    await server.app.inject({
      method: 'POST',
      url: '/api/participants/p1/path',
      headers: bearer('host'),
      payload: { path: 'radio' },
    });
    await server.app.inject({
      method: 'GET',
      url: '/api/participants',
      headers: { authorization: 'Bearer wrong-one-123' },
    });
    expect(logger.entries.length).toBeGreaterThan(0);
    const logged = JSON.stringify(logger.entries);
    expect(logged).not.toContain(TOKENS.host);
    expect(logged).not.toContain('wrong-one-123');
    expect(logged).not.toMatch(/authorization/i);
  });
});

describe('server lifecycle', () => {
  it('listens on 127.0.0.1 with an ephemeral port, serves, and closes', async () => {
    const { server } = start();
    const { host, port } = await server.listen();
    expect(host).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://${host}:${port}/healthz`);
    expect(res.status).toBe(200);
    await server.close();
    await expect(fetch(`http://${host}:${port}/healthz`)).rejects.toThrow();
  });

  it('answers unknown routes with the error body and nosniff', async () => {
    const { server } = start();
    const res = await server.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SAMBAND_ERR_ROUTE_NOT_FOUND');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
