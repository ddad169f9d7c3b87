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

  it('shows carrier trunk health and whether some trunk is usable, for a viewer only', async () => {
    const harness = buildServer();
    server = harness.server;
    const none = await server.app.inject({ method: 'GET', url: '/api/trunks', headers: bearer('viewer') });
    expect(none.json()).toEqual({ usable: true, trunks: [] });
    const telia = {
      id: 'telia',
      state: 'down' as const,
      since: '2026-12-08T01:05:00.000Z',
      reason: '2 keep-alives unanswered',
      registration: 'failed' as const,
      rttMs: 31,
    };
    harness.core.trunkStatuses = [telia];
    harness.core.usable = false;
    const res = await server.app.inject({ method: 'GET', url: '/api/trunks', headers: bearer('viewer') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ usable: false, trunks: [telia] });
    expect((await server.app.inject({ method: 'GET', url: '/api/trunks' })).statusCode).toBe(401);
  });

  it('requires a token for radios', async () => {
    server = buildServer().server;
    const res = await server.app.inject({ method: 'GET', url: '/api/radios' });
    expect(res.statusCode).toBe(401);
  });
});
