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

describe('conference routes', () => {
  it('lists and reads conferences', async () => {
    const { server } = start();
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/conferences',
      headers: bearer('viewer'),
    });
    expect(list.json()).toEqual([expect.objectContaining({ id: 'weekly', state: 'idle' })]);
    const one = await server.app.inject({
      method: 'GET',
      url: '/api/conferences/weekly',
      headers: bearer('viewer'),
    });
    expect(one.json().roster).toEqual(['p1', 'p2']);
  });

  it('404s an unknown conference', async () => {
    const { server } = start();
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/conferences/nope',
      headers: bearer('viewer'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_CONFERENCE');
  });

  it('convenes and ends as the host', async () => {
    const { server, core } = start();
    const convene = await server.app.inject({
      method: 'POST',
      url: '/api/conferences/weekly/convene',
      headers: bearer('host'),
    });
    expect(convene.statusCode).toBe(200);
    expect(convene.json().state).toBe('convening');
    const end = await server.app.inject({
      method: 'POST',
      url: '/api/conferences/weekly/end',
      headers: bearer('host'),
    });
    expect(end.json().state).toBe('ended');
    expect(core.calls).toEqual([
      { method: 'convene', conferenceId: 'weekly', by: 'tib-anna' },
      { method: 'end', conferenceId: 'weekly', by: 'tib-anna' },
    ]);
  });

  it('maps a second convene to 409', async () => {
    const { server } = start();
    const request = {
      method: 'POST' as const,
      url: '/api/conferences/weekly/convene',
      headers: bearer('host'),
    };
    await server.app.inject(request);
    const again = await server.app.inject(request);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SAMBAND_ERR_CONFERENCE_STATE');
  });
});
