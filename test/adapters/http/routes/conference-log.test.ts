/** Conference runs and protocols over HTTP (fastify inject), on a real protocol renderer. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pdfProtocolRenderer } from '../../../../adapters/pdf/protocol-pdf.js';
import { InMemoryConferenceLogStore } from '../../../../bridge/conference-log/memory-store.js';
import { ConferenceProtocols } from '../../../../bridge/conference-log/protocols.js';
import { entries, run } from '../../../bridge/conference-log/protocol-fixture.js';
import { bearer, buildServer, type Harness } from '../harness.js';

describe('conference log routes', () => {
  let h: Harness;
  let store: InMemoryConferenceLogStore;
  beforeEach(async () => {
    store = new InMemoryConferenceLogStore();
    await store.startRun({ ...run, conferenceId: 'weekly', endedAt: null, endReason: null });
    for (const { seq: _, ...entry } of entries) await store.append(run.runId, entry);
    await store.endRun(run.runId, run.endedAt as string, 'ended-by-request');
    h = buildServer({ protocols: new ConferenceProtocols(store, pdfProtocolRenderer) });
  });
  afterEach(async () => {
    await h.server.close();
  });

  const get = (url: string, role: 'viewer' | 'host' = 'viewer') =>
    h.server.app.inject({ method: 'GET', url, headers: bearer(role) });

  it("lists a conference's runs and gives one run's log, for viewers", async () => {
    expect(
      (await h.server.app.inject({ method: 'GET', url: '/api/conferences/weekly/runs' })).statusCode,
    ).toBe(401);
    const list = await get('/api/conferences/weekly/runs');
    expect(list.statusCode).toBe(200);
    expect(list.json().runs.map((r: { runId: string }) => r.runId)).toEqual([run.runId]);
    // Counted as the protocol counts it: in at some point (kraft only on site), or never.
    expect(list.json().runs[0].attendance).toEqual({ in: 3, absent: 0 });
    await store.startRun({
      ...run,
      runId: 'weekly-20261205T083000Z',
      conferenceId: 'weekly',
      startedAt: '2026-12-05T08:30:00.000Z',
      endedAt: null,
      endReason: null,
    });
    const newestFirst = (await get('/api/conferences/weekly/runs')).json().runs;
    expect(newestFirst.map((r: { runId: string; attendance: object }) => [r.runId, r.attendance])).toEqual([
      ['weekly-20261205T083000Z', { in: 0, absent: 3 }],
      [run.runId, { in: 3, absent: 0 }],
    ]);
    expect((await get('/api/conferences/other/runs')).json()).toEqual({ runs: [] });
    const one = await get(`/api/conferences/weekly/runs/${run.runId}`);
    expect(one.json().entries).toHaveLength(entries.length);
    const elsewhere = await get(`/api/conferences/other/runs/${run.runId}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_CONFERENCE_RUN');
  });

  it('serves the protocol as PDF (default), HTML, CSV and JSON with download names', async () => {
    const base = `/api/conferences/weekly/runs/${run.runId}/protocol`;
    const pdf = await get(base);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="protokoll-${run.runId}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const html = await get(`${base}?format=html`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Vad gick fel');
    const csv = await get(`${base}?format=csv`);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(';');
    expect((await get(`${base}?format=json`)).json().run.runId).toBe(run.runId);
    expect((await get(`${base}?format=docx`)).statusCode).toBe(400);
  });

  it('takes the roll call as a host action (POST), the GET view stays read-only', async () => {
    const post = (role: 'viewer' | 'host') =>
      h.server.app.inject({
        method: 'POST',
        url: '/api/conferences/weekly/roll-call',
        headers: bearer(role),
        payload: {},
      });
    expect((await post('viewer')).statusCode).toBe(403);
    const taken = await post('host');
    expect(taken.statusCode).toBe(200);
    expect(taken.json().conferenceId).toBe('weekly');
    await get('/api/conferences/weekly/roll-call');
    expect(h.core.calls.filter((c) => c.method === 'takeRollCall')).toEqual([
      { method: 'takeRollCall', conferenceId: 'weekly', by: 'tib-anna' },
    ]);
  });
});
