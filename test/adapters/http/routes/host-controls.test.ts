import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { CoreErrorCodes, PortError } from '../../../../bridge/errors.js';
import { bearer, buildServer, type TOKENS } from '../harness.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function start(running = true) {
  const harness = buildServer();
  server = harness.server;
  if (running) harness.core.setConferenceState('weekly', 'active');
  return harness;
}

type Role = keyof typeof TOKENS;
const post = (url: string, role: Role, payload?: object) => {
  if (!server) throw new Error('server not started');
  return server.app.inject({
    method: 'POST',
    url,
    headers: bearer(role),
    ...(payload ? { payload } : {}),
  });
};

const HOST_ROUTES: [string, object | undefined][] = [
  ['/api/participants/p1/mute', { muted: true }],
  ['/api/participants/p1/remove', undefined],
  ['/api/participants/p1/readmit', undefined],
  ['/api/participants/p1/on-site', { onSite: true }],
  ['/api/conferences/weekly/lock', { locked: true }],
  ['/api/conferences/weekly/recording', { recording: true }],
];

describe('host control routes', () => {
  it.each(HOST_ROUTES)('%s is for the host only', async (url, payload) => {
    const { core } = start();
    for (const role of ['viewer', 'technician'] as const) {
      const res = await post(url, role, payload);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('SAMBAND_ERR_FORBIDDEN');
    }
    const anonymous = await server?.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });
    expect(anonymous?.statusCode).toBe(401);
    expect(core.calls).toEqual([]);
  });

  it('mutes and unmutes, passing the token name as `by`', async () => {
    const { core } = start();
    const muted = await post('/api/participants/p1/mute', 'host', { muted: true });
    expect(muted.statusCode).toBe(200);
    expect(muted.json()).toMatchObject({ participantId: 'p1', muted: true });
    const unmuted = await post('/api/participants/p1/mute', 'host', { muted: false });
    expect(unmuted.json().muted).toBe(false);
    expect(core.calls).toEqual([
      { method: 'setMuted', participantId: 'p1', muted: true, by: 'tib-anna' },
      { method: 'setMuted', participantId: 'p1', muted: false, by: 'tib-anna' },
    ]);
  });

  it('removes and readmits', async () => {
    const { core } = start();
    const removed = await post('/api/participants/p2/remove', 'host');
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ participantId: 'p2', removed: true, activePath: 'none' });
    // An empty JSON object is as good as no body.
    const readmitted = await post('/api/participants/p2/readmit', 'host', {});
    expect(readmitted.json().removed).toBe(false);
    expect(core.calls).toEqual([
      { method: 'removeParticipant', participantId: 'p2', by: 'tib-anna' },
      { method: 'readmit', participantId: 'p2', by: 'tib-anna' },
    ]);
  });

  it('marks a member on site and clears it, passing the token name as `by`', async () => {
    const { core } = start();
    const marked = await post('/api/participants/p2/on-site', 'host', { onSite: true });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ participantId: 'p2', onSite: true });
    expect(core.conference('weekly').members.find((m) => m.participantId === 'p2')?.onSite).toBe(true);
    const cleared = await post('/api/participants/p2/on-site', 'host', { onSite: false });
    expect(cleared.json().onSite).toBe(false);
    expect(core.calls).toEqual([
      { method: 'setOnSite', participantId: 'p2', onSite: true, by: 'tib-anna' },
      { method: 'setOnSite', participantId: 'p2', onSite: false, by: 'tib-anna' },
    ]);
  });

  it('locks the conference and starts and stops its recording', async () => {
    const { core } = start();
    const locked = await post('/api/conferences/weekly/lock', 'host', { locked: true });
    expect(locked.json()).toMatchObject({ id: 'weekly', locked: true });
    const recording = await post('/api/conferences/weekly/recording', 'host', { recording: true });
    expect(recording.json().recording).toEqual({
      file: 'recordings/weekly-20261128T090000Z.wav',
      since: '2026-11-28T09:00:00.000Z',
    });
    const stopped = await post('/api/conferences/weekly/recording', 'host', { recording: false });
    expect(stopped.json().recording).toBeNull();
    expect(core.calls).toEqual([
      { method: 'setLocked', conferenceId: 'weekly', locked: true, by: 'tib-anna' },
      { method: 'startRecording', conferenceId: 'weekly', by: 'tib-anna' },
      { method: 'stopRecording', conferenceId: 'weekly', by: 'tib-anna' },
    ]);
  });

  it.each([
    ['/api/participants/p1/mute', { muted: true, extra: 1 }],
    ['/api/participants/p1/mute', { muted: 'yes' }],
    ['/api/participants/p1/mute', {}],
    ['/api/participants/p1/remove', { reason: 'noisy' }],
    ['/api/participants/p1/readmit', { now: true }],
    ['/api/participants/p1/on-site', { onSite: 'ja' }],
    ['/api/participants/p1/on-site', {}],
    ['/api/conferences/weekly/lock', { locked: 1 }],
    ['/api/conferences/weekly/recording', { recording: true, file: '/etc/passwd' }],
  ])('rejects a bad body for %s: %j', async (url, payload) => {
    const { core } = start();
    const res = await post(url, 'host', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SAMBAND_ERR_BAD_REQUEST');
    expect(core.calls).toEqual([]);
  });

  it('maps unknown ids to 404 and state conflicts to 409', async () => {
    start(false);
    const unknown = await post('/api/participants/nobody/mute', 'host', { muted: true });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_PARTICIPANT');
    const noConference = await post('/api/conferences/nope/lock', 'host', { locked: true });
    expect(noConference.statusCode).toBe(404);
    expect(noConference.json().error.code).toBe('SAMBAND_ERR_UNKNOWN_CONFERENCE');
    const notRunning = await post('/api/participants/p1/on-site', 'host', { onSite: true });
    expect(notRunning.statusCode).toBe(409);
    expect(notRunning.json().error.code).toBe('SAMBAND_ERR_CONFERENCE_STATE');
    const idle = await post('/api/conferences/weekly/recording', 'host', { recording: true });
    expect(idle.statusCode).toBe(409);
    expect(idle.json().error.code).toBe('SAMBAND_ERR_CONFERENCE_STATE');
  });

  it('maps a member-state conflict (readmit someone present) to 409', async () => {
    start();
    const res = await post('/api/participants/p1/readmit', 'host');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe(CoreErrorCodes.MEMBER_STATE);
  });

  it('answers a telephony failure with 502 and its code, without internals', async () => {
    const { core } = start();
    core.failNext = new PortError(CoreErrorCodes.TELEPHONY_FAILED, 'telephony could not mute p1: timeout', {
      cause: new Error('ESL socket 10.0.0.5:8021 closed'),
    });
    const res = await post('/api/participants/p1/mute', 'host', { muted: true });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toEqual({
      error: { code: 'SAMBAND_ERR_TELEPHONY_FAILED', message: 'telephony could not mute p1: timeout' },
    });
  });
});

describe('roll call route', () => {
  it('lists the roster in roll-call order for a viewer', async () => {
    const { core } = start();
    const res = await server?.app.inject({
      method: 'GET',
      url: '/api/conferences/weekly/roll-call',
      headers: bearer('viewer'),
    });
    expect(res?.statusCode).toBe(200);
    expect(res?.json()).toEqual(core.rollCall('weekly'));
    expect(res?.json().entries.map((e: { participantId: string }) => e.participantId)).toEqual(['p1', 'p2']);
  });

  it('needs a token and a known conference', async () => {
    start();
    const anonymous = await server?.app.inject({ method: 'GET', url: '/api/conferences/weekly/roll-call' });
    expect(anonymous?.statusCode).toBe(401);
    const unknown = await server?.app.inject({
      method: 'GET',
      url: '/api/conferences/nope/roll-call',
      headers: bearer('viewer'),
    });
    expect(unknown?.statusCode).toBe(404);
  });
});
