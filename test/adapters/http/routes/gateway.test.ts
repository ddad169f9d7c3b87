import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { bearer, buildServer } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('gateway routes', () => {
  it('lists radio terminals for a viewer', async () => {
    const harness = buildServer();
    server = harness.server;
    const res = await server.app.inject({ method: 'GET', url: '/api/radios', headers: bearer('viewer') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(harness.core.radios());
  });

  it('requires a token for radios', async () => {
    server = buildServer().server;
    const res = await server.app.inject({ method: 'GET', url: '/api/radios' });
    expect(res.statusCode).toBe(401);
  });
});
