import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { FakeCore, participantSpec } from '../fake-core.js';
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

  describe('convening on the spot (issue 12)', () => {
    function tagged() {
      const core = new FakeCore([
        participantSpec(1, { tags: { area: ['umealven'], sector: ['kommun'] } }),
        participantSpec(2, { tags: { area: ['umealven'], sector: ['dammagare'] } }),
        participantSpec(3, { tags: { area: ['skelleftealven'], sector: ['kommun'] } }),
      ]);
      const harness = buildServer({ core });
      server = harness.server;
      return harness;
    }
    const selection = { tags: { area: ['umealven'], sector: ['kommun', 'dammagare'] } };

    it('previews whom a selection calls, with counts, before anyone is rung', async () => {
      const { server, core } = tagged();
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/convene/preview',
        headers: bearer('host'),
        payload: { subject: '  Höga flöden   Umeälven ', selection },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        subject: 'Höga flöden Umeälven',
        selected: [
          { participantId: 'p1', busyIn: null },
          { participantId: 'p2', busyIn: null },
        ],
        counts: { selected: 2, busy: 0, toCall: 2 },
      });
      expect(core.calls).toEqual([]);
    });

    it('convenes with a subject and the selection as the roster', async () => {
      const { server, core } = tagged();
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/convene',
        headers: bearer('host'),
        payload: { subject: 'Höga flöden Umeälven', selection, callUp: false },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ subject: 'Höga flöden Umeälven', roster: ['p1', 'p2'] });
      expect(core.calls).toEqual([
        {
          method: 'convene',
          conferenceId: 'weekly',
          by: 'tib-anna',
          request: { subject: 'Höga flöden Umeälven', selection, callUp: false },
        },
      ]);
    });

    it('refuses an unknown tag key (400, coded), an unknown field, and a viewer', async () => {
      const { server } = tagged();
      const typo = await server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/convene/preview',
        headers: bearer('host'),
        payload: { selection: { tags: { omrade: ['umealven'] } } },
      });
      expect(typo.statusCode).toBe(400);
      expect(typo.json().error).toMatchObject({
        code: 'SAMBAND_ERR_INVALID_SELECTION',
        message: 'no participant has tag key "omrade" (known keys: area, sector)',
      });
      const unknownField = await server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/convene',
        headers: bearer('host'),
        payload: { subjekt: 'x' },
      });
      expect(unknownField.statusCode).toBe(400);
      const viewer = await server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/convene/preview',
        headers: bearer('viewer'),
        payload: {},
      });
      expect(viewer.statusCode).toBe(403);
    });
  });
});
