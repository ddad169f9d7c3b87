import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../../../adapters/http/server.js';
import { nullLogger } from '../../../../bridge/null-logger.js';
import { SambandstestErrorCodes } from '../../../../bridge/sambandstest/errors.js';
import { answerAfter, type Rig, rig } from '../../../bridge/sambandstest/harness.js';
import { spec, TELIA_UP } from '../../../bridge/sambandstest/support.js';
import { FakeCore } from '../fake-core.js';
import { bearer, httpConfig } from '../harness.js';

describe('sambandstest routes', () => {
  let r: Rig;
  let server: HttpServer;

  beforeEach(() => {
    r = rig([
      spec('polisen', { organisation: 'Polisregion Mitt' }),
      spec('region', { organisation: 'Region Demolän' }),
    ]);
    answerAfter(r, () => 1500);
    server = createHttpServer({
      config: httpConfig(),
      core: new FakeCore(),
      sambandstest: r.service,
      logger: nullLogger,
      readiness: () => ({ ready: true, checks: {} }),
      version: 'test',
    });
  });
  afterEach(async () => {
    await server.close();
    await r.service.close();
  });

  const start = (body: unknown, role: 'technician' | 'viewer' | 'host' = 'technician') =>
    server.app.inject({
      method: 'POST',
      url: '/api/sambandstest/runs',
      headers: bearer(role),
      payload: body as object,
    });

  async function finish(): Promise<void> {
    for (let i = 0; i < 100 && r.service.current(); i++) await r.clock.advanceAsync(100, 100);
    await r.service.whenIdle();
  }

  it('a technician starts a run: 202 with the run id and its location', async () => {
    const response = await start({ participants: ['polisen', 'region'], paths: ['phone', 'radio'] });
    expect(response.statusCode).toBe(202);
    const body = response.json<{
      runId: string;
      run: { trigger: string; requestedBy: string; state: string };
    }>();
    expect(body.runId).toBe('run-1');
    expect(body.run).toMatchObject({ trigger: 'api', requestedBy: 'tekniker-bo', state: 'running' });
    expect(response.headers.location).toBe('/api/sambandstest/runs/run-1');
    // Host outranks technician.
    await finish();
    expect((await start({}, 'host')).statusCode).toBe(202);
  });

  it('refuses viewers, unknown fields, unknown paths and unknown participants', async () => {
    expect((await start({}, 'viewer')).statusCode).toBe(403);
    expect((await start({ participants: ['polisen'], everyone: true })).statusCode).toBe(400);
    expect((await start({ paths: ['pigeon'] })).statusCode).toBe(400);
    const unknown = await start({ participants: ['ghost'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: { code: SambandstestErrorCodes.INVALID_SCOPE, message: 'unknown participant(s): ghost' },
    });
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/sambandstest/runs', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a second run while one is in progress is a 409', async () => {
    expect((await start({})).statusCode).toBe(202);
    const again = await start({});
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe(SambandstestErrorCodes.RUN_IN_PROGRESS);
  });

  it('viewers list runs and read one with its summary; unknown runs are 404', async () => {
    await start({ paths: ['phone'] });
    await finish();
    const list = await server.app.inject({
      url: '/api/sambandstest/runs?limit=10',
      headers: bearer('viewer'),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ current: null, runs: [{ id: 'run-1', state: 'completed' }] });
    const one = await server.app.inject({ url: '/api/sambandstest/runs/run-1', headers: bearer('viewer') });
    const trunks = { usable: true, trunks: [TELIA_UP] };
    expect(one.json()).toMatchObject({
      run: { id: 'run-1', trunksAtStart: trunks, trunksAtEnd: trunks },
      summary: {
        answered: 2,
        tested: 2,
        answeredShare: 1,
        medianTimeToAnswerMs: 1500,
        trunksAtStart: trunks,
        trunksAtEnd: trunks,
      },
      results: [{ participantId: 'polisen' }, { participantId: 'region' }],
    });
    const missing = await server.app.inject({
      url: '/api/sambandstest/runs/nope',
      headers: bearer('viewer'),
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (await server.app.inject({ url: '/api/sambandstest/runs?limit=0', headers: bearer('viewer') }))
        .statusCode,
    ).toBe(400);
  });

  it('serves the report as CSV, HTML and JSON', async () => {
    await start({ paths: ['phone', 'radio'] });
    await finish();
    const report = (format: string) =>
      server.app.inject({
        url: `/api/sambandstest/runs/run-1/report?format=${format}`,
        headers: bearer('viewer'),
      });
    const csv = await report('csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="sambandstest-run-1.csv"');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body.trim().split('\r\n')).toHaveLength(5);
    const html = await report('html');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<h2>Polisregion Mitt</h2>');
    expect(html.body).toContain('<tr><td>telia</td><td>uppe, registrerad, 23 ms');
    expect(csv.body.split('\r\n')[0]).toMatch(/,trunks_at_start,trunks_at_end$/);
    const json = await server.app.inject({
      url: '/api/sambandstest/runs/run-1/report',
      headers: bearer('viewer'),
    });
    expect(json.json()).toMatchObject({
      run: { id: 'run-1', trunksAtStart: { usable: true, trunks: [TELIA_UP] } },
      summary: { done: 4 },
    });
    expect((await report('pdf')).statusCode).toBe(400);
  });

  it('a technician comments a result; viewers may not', async () => {
    await start({ paths: ['radio'] });
    await finish();
    const url = '/api/sambandstest/runs/run-1/results/polisen/radio/comment';
    const put = (payload: object, role: 'technician' | 'viewer' = 'technician', at = url) =>
      server.app.inject({ method: 'PUT', url: at, headers: bearer(role), payload });
    const ok = await put({ comment: 'Terminal på service till fredag' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      participantId: 'polisen',
      path: 'radio',
      comment: 'Terminal på service till fredag',
    });
    expect(r.events.of('result.commented')[0]?.by).toBe('tekniker-bo');
    expect((await put({ comment: 'x' }, 'viewer')).statusCode).toBe(403);
    expect((await put({ comment: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await put({ comment: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect(
      (await put({ comment: 'x' }, 'technician', url.replace('radio/comment', 'phone/comment'))).statusCode,
    ).toBe(404);
    expect((await put({ comment: 'x' }, 'technician', url.replace('/radio/', '/pigeon/'))).statusCode).toBe(
      400,
    );
  });

  it('without a sambandstest service the routes do not exist', async () => {
    const bare = createHttpServer({
      config: httpConfig(),
      core: new FakeCore(),
      logger: nullLogger,
      readiness: () => ({ ready: true, checks: {} }),
      version: 'test',
    });
    const response = await bare.app.inject({ url: '/api/sambandstest/runs', headers: bearer('viewer') });
    expect(response.statusCode).toBe(404);
    await bare.close();
  });
});
