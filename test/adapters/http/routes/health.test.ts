import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { buildServer } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('health routes', () => {
  it('answers /healthz without auth, with the version', async () => {
    server = buildServer({ version: '1.2.3' }).server;
    const res = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: '1.2.3' });
  });

  it('answers /readyz 200 when ready', async () => {
    server = buildServer({ readiness: () => ({ ready: true, checks: { telephony: true } }) }).server;
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { telephony: true } });
  });

  it('answers /readyz 503 with the failing checks when not ready', async () => {
    let ready = true;
    server = buildServer({ readiness: () => ({ ready, checks: { telephony: ready, radio: true } }) }).server;
    ready = false;
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, checks: { telephony: false, radio: true } });
  });
});
