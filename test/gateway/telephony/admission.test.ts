/**
 * Admission control: FreeSWITCH's `status` figures, the gateway's ceiling, and what call-outs
 * and dial-ins meet when the box is full — call-outs wait (told why), dial-ins get 503 with
 * Retry-After, and the waiting call goes ahead as soon as a call ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CapacityConfig } from '../../../config/schema.js';
import { Admission } from '../../../gateway/telephony/admission.js';
import { type MediaServerLoad, parseStatus } from '../../../gateway/telephony/media-server-load.js';
import { Pacer } from '../../../gateway/telephony/pacer.js';
import { settle } from '../../contracts/harness.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import {
  ALPHA,
  BRAVO,
  CONF,
  DIAL_IN_NUMBER,
  type Fixture,
  fixture,
  PARTICIPANT_PIN,
  telephonyConfig,
} from './fixture.js';

const STATUS_1_10_12 = [
  'UP 0 years, 0 days, 0 hours, 12 minutes, 3 seconds, 112 milliseconds, 81 microseconds',
  'FreeSWITCH (Version 1.10.12 -release 64bit) is ready',
  '406 session(s) since startup',
  '212 session(s) - peak 230, last 5min 230 ',
  '3 session(s) per Sec out of max 100, peak 31, last 5min 31 ',
  '600 session(s) max',
  'min idle cpu 0.00/41.50',
  'Current Stack Size/Max 240K/8192K',
  '',
].join('\n');

const CAPACITY: CapacityConfig = {
  maxCalls: 300,
  reserveSessions: 10,
  minIdleCpuPct: 15,
  statusIntervalMs: 2000,
  retryAfterS: 30,
};

describe('FreeSWITCH status', () => {
  it('reads sessions in use, the limits and idle CPU from a 1.10.12 reply', () => {
    expect(parseStatus(STATUS_1_10_12, 5)).toEqual({
      sessionsInUse: 212,
      maxSessions: 600,
      sessionsPerSecond: 3,
      maxSessionsPerSecond: 100,
      idleCpuPct: 41.5,
      at: 5,
    });
    expect(parseStatus('-ERR no reply\n', 5)).toBeNull();
  });
});

describe('Admission', () => {
  const setup = (load: MediaServerLoad | null, live = 0, capacity = CAPACITY) => {
    const clock = new FakeClock(10_000);
    const state = { load, live };
    const admission = new Admission({ capacity, clock, load: () => state.load, liveCalls: () => state.live });
    return { clock, state, admission };
  };
  const load = (over: Partial<MediaServerLoad> = {}): MediaServerLoad => ({
    sessionsInUse: 100,
    maxSessions: 600,
    sessionsPerSecond: 0,
    maxSessionsPerSecond: 100,
    idleCpuPct: 60,
    at: 10_000,
    ...over,
  });

  it('admits under every limit; without FreeSWITCH figures only the ceiling applies', () => {
    expect(setup(load()).admission.tryAdmit()).toEqual({ admit: true });
    expect(setup(null, 299).admission.tryAdmit()).toEqual({ admit: true });
    expect(setup(null, 300).admission.tryAdmit()).toMatchObject({
      admit: false,
      limit: 'calls',
      reason: 'capacity: gateway ceiling of 300 calls (telephony.capacity.maxCalls)',
      detail: '300 calls',
    });
  });

  it("FreeSWITCH's sessions less the reserve, counting calls admitted since the reading", () => {
    const { admission } = setup(load({ sessionsInUse: 589 }));
    expect(admission.tryAdmit().admit).toBe(true);
    expect(admission.tryAdmit()).toMatchObject({
      admit: false,
      limit: 'sessions',
      reason: 'capacity: media server sessions full (max-sessions 600, 10 kept free)',
      detail: '590 sessions in use',
      retryInMs: 2000,
    });
  });

  it('idle CPU below the floor paces new calls to one per status reading', () => {
    const { admission, clock } = setup(load({ idleCpuPct: 9.6 }));
    expect(admission.tryAdmit().admit).toBe(true);
    expect(admission.tryAdmit()).toMatchObject({
      admit: false,
      limit: 'cpu',
      reason: 'capacity: media server CPU under 15 % idle (one call per 2 s)',
      detail: '9.6 % idle',
      retryInMs: 2000,
    });
    clock.advance(2000);
    expect(admission.tryAdmit().admit).toBe(true);
  });

  it("stays within 80 % of FreeSWITCH's sessions-per-second", () => {
    const { admission, clock } = setup(load({ maxSessionsPerSecond: 10 }));
    for (let i = 0; i < 8; i++) expect(admission.tryAdmit().admit).toBe(true);
    expect(admission.tryAdmit()).toMatchObject({ admit: false, retryInMs: 250 });
    clock.advance(1001);
    expect(admission.tryAdmit().admit).toBe(true);
  });
});

describe('Pacer with admission', () => {
  it('tells a held-back waiter why, then null when it starts; a cancelled waiter leaves the queue', async () => {
    const clock = new FakeClock();
    let full = true;
    const pacer = new Pacer(clock, 5, 0, () =>
      full
        ? { admit: false, limit: 'sessions', reason: 'capacity: full', detail: '600 in use', retryInMs: 1000 }
        : { admit: true },
    );
    const told: (string | null)[] = [];
    const first = pacer.acquire({ onWait: (r) => told.push(r) });
    const cancel = new AbortController();
    const second = pacer.acquire({ signal: cancel.signal });
    second.catch(() => {});
    await flushPromises();
    expect(told).toEqual(['capacity: full']);
    cancel.abort();
    await expect(second).rejects.toMatchObject({ code: 'SAMBAND_ERR_TELEPHONY_CANCELLED' });
    expect(pacer.waiting).toBe(1);
    full = false;
    clock.advance(1000);
    const release = await first;
    expect(told).toEqual(['capacity: full', null]);
    release();
    pacer.close();
  });
});

describe('DrachtioTelephony at capacity', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  const callOut = (p: { id: string; phoneNumbers: string[] }) =>
    f.telephony.callOut({ conferenceId: CONF, participantId: p.id, numbers: p.phoneNumbers });

  it('a call-out past the ceiling waits with the reason, and goes ahead when a call ends', async () => {
    const { logger, entries } = captureLogger();
    f = await fixture({ config: telephonyConfig({ capacity: { maxCalls: 1 } }), logger });
    expect((await settle(callOut(ALPHA), f.advance, 60_000)).outcome).toBe('answered');
    const bravo = callOut(BRAVO);
    let settled = false;
    void bravo.finally(() => {
      settled = true;
    });
    await f.advance(10_000);
    expect(settled).toBe(false);
    expect(f.log.of('call.waiting')).toEqual([
      {
        conferenceId: CONF,
        participantId: BRAVO.id,
        reason: 'capacity: gateway ceiling of 1 calls (telephony.capacity.maxCalls)',
      },
    ]);
    expect(f.backend.dialled()).toEqual([ALPHA.phoneNumbers[0]]);
    // Ten seconds of retries, one line: the limit, not every attempt.
    expect(entries.filter((e) => e.msg === 'at capacity: new calls wait')).toHaveLength(1);

    f.backend.phone(ALPHA.phoneNumbers[0] ?? '').hangUp();
    expect((await settle(bravo, f.advance, 60_000)).outcome).toBe('answered');
    expect(f.log.of('call.waiting').at(-1)).toEqual({
      conferenceId: CONF,
      participantId: BRAVO.id,
      reason: null,
    });
  });

  it("FreeSWITCH's own max-sessions (from status) holds the call-out instead of failing it", async () => {
    f = await fixture({ config: telephonyConfig({ capacity: { reserveSessions: 0 } }) });
    // The room's hidden control member and alpha's channel fill a FreeSWITCH of 2 sessions.
    f.backend.freeswitch.maxSessions = 2;
    expect((await settle(callOut(ALPHA), f.advance, 60_000)).outcome).toBe('answered');
    await f.advance(2500); // the next status reading
    const bravo = callOut(BRAVO);
    await f.advance(5000);
    expect(f.log.of('call.waiting').at(-1)?.reason).toBe(
      'capacity: media server sessions full (max-sessions 2, 0 kept free)',
    );
    f.backend.freeswitch.maxSessions = 3;
    expect((await settle(bravo, f.advance, 60_000)).outcome).toBe('answered');
  });

  it('a dial-in past capacity gets 503 with Retry-After before anything is answered', async () => {
    f = await fixture({ config: telephonyConfig({ capacity: { maxCalls: 1, retryAfterS: 45 } }) });
    expect((await settle(callOut(ALPHA), f.advance, 60_000)).outcome).toBe('answered');
    const call = f.backend.dialIn('+46701000002', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(1000);
    expect(call.res.status).toBe(503);
    expect(call.res.headers).toEqual({ 'Retry-After': '45' });
    expect(f.backend.openCallChannels()).toBe(1);
  });

  it('hanging up a call-out that waits for capacity cancels it: nothing is dialled', async () => {
    f = await fixture({ config: telephonyConfig({ capacity: { maxCalls: 1 } }) });
    expect((await settle(callOut(ALPHA), f.advance, 60_000)).outcome).toBe('answered');
    const bravo = callOut(BRAVO);
    await f.advance(3000);
    await f.telephony.hangup(CONF, BRAVO.id);
    expect(await settle(bravo, f.advance, 5000)).toMatchObject({ outcome: 'failed', cause: 'cancelled' });
    expect(f.backend.dialled()).toEqual([ALPHA.phoneNumbers[0]]);
  });
});
