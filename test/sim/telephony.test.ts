/** SimTelephony behaviour beyond the port contract: timings, fault states, quality, shutdown. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RtpCounters } from '../../bridge/model.js';
import type { CallOutResult, TelephonyEvents } from '../../bridge/ports.js';
import { QUALITY_PROFILES } from '../../sim/quality.js';
import { BUSY_AFTER_MS, UNREACHABLE_AFTER_MS } from '../../sim/sim-call.js';
import type { SimTelephony } from '../../sim/telephony.js';
import { EventLog } from '../contracts/harness.js';
import { flushPromises } from '../support/fake-clock.js';
import { ALPHA, BRAVO, CONF, telephonyFixture } from './fixtures.js';

const EVENTS = ['call.connected', 'call.ended', 'call.quality', 'call.media-timeout', 'call.dtmf'] as const;

function setup(seed = 1) {
  const f = telephonyFixture(seed);
  const log = new EventLog<TelephonyEvents>(f.telephony.events, EVENTS);
  return { ...f, log };
}

/** Tracks a promise's settlement without awaiting it, so a test can look between timer steps. */
function track(promise: Promise<CallOutResult>) {
  const state: { result: CallOutResult | undefined } = { result: undefined };
  void promise.then((r) => {
    state.result = r;
  });
  return state;
}

const callAlpha = (t: SimTelephony, numbers = ALPHA.phone) =>
  t.callOut({ conferenceId: CONF, participantId: ALPHA.id, numbers });

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function connectedAlpha(seed = 1) {
  const s = setup(seed);
  cleanup = () => s.telephony.close();
  const call = track(callAlpha(s.telephony));
  s.clock.advance(2500);
  await flushPromises();
  expect(call.result?.outcome).toBe('answered');
  return s;
}

describe('SimTelephony call-out', () => {
  it('answers within [answerDelayMinMs, answerDelayMaxMs], reproducibly for a seed', async () => {
    const answerTime = async (seed: number) => {
      const s = setup(seed);
      const start = s.clock.now();
      const call = track(callAlpha(s.telephony));
      s.clock.advance(499);
      await flushPromises();
      expect(call.result).toBeUndefined();
      let waited = 499;
      while (!call.result && waited < 2500) {
        s.clock.advance(1);
        waited += 1;
        await flushPromises();
      }
      await s.telephony.close();
      return s.clock.now() - start;
    };
    const delays = [await answerTime(1), await answerTime(1), await answerTime(2), await answerTime(3)];
    expect(delays[0]).toBe(delays[1]);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(500);
    for (const d of delays) expect(d).toBeLessThanOrEqual(2500);
    expect(new Set(delays.slice(1)).size).toBeGreaterThan(1);
  });

  it('busy: each number gives busy after ~300 ms; the result names the last number', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.network.setState(ALPHA.id, 'busy');
    const call = track(callAlpha(s.telephony));
    s.clock.advance(BUSY_AFTER_MS * 2 - 1);
    await flushPromises();
    expect(call.result).toBeUndefined();
    s.clock.advance(1);
    await flushPromises();
    expect(call.result).toEqual({ outcome: 'busy', number: ALPHA.phone[1] });
    expect(s.telephony.network.dialled().map((d) => d.number)).toEqual(ALPHA.phone);
  });

  it('no-answer: gives up after telephony.callTimeoutMs per number', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.network.setState(BRAVO.id, 'no-answer');
    const call = track(
      s.telephony.callOut({ conferenceId: CONF, participantId: BRAVO.id, numbers: BRAVO.phone }),
    );
    s.clock.advance(29_999);
    await flushPromises();
    expect(call.result).toBeUndefined();
    s.clock.advance(1);
    await flushPromises();
    expect(call.result).toEqual({ outcome: 'no-answer', number: BRAVO.phone[0] });
  });

  it('down: fails with network-unreachable after ~200 ms', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.network.setState(BRAVO.id, 'down');
    const call = track(
      s.telephony.callOut({ conferenceId: CONF, participantId: BRAVO.id, numbers: BRAVO.phone }),
    );
    s.clock.advance(UNREACHABLE_AFTER_MS);
    await flushPromises();
    expect(call.result).toEqual({ outcome: 'failed', number: BRAVO.phone[0], cause: 'network-unreachable' });
  });

  it('a phone that goes down while ringing does not answer', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    const call = track(
      s.telephony.callOut({ conferenceId: CONF, participantId: BRAVO.id, numbers: BRAVO.phone }),
    );
    s.clock.advance(100);
    s.telephony.network.setState(BRAVO.id, 'down');
    s.clock.advance(2500);
    await flushPromises();
    expect(call.result).toMatchObject({ outcome: 'failed', cause: 'network-unreachable' });
    expect(s.log.of('call.connected')).toHaveLength(0);
  });

  it('reads the phone state when each number is dialled', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.network.setState(ALPHA.id, 'busy');
    const call = track(callAlpha(s.telephony));
    s.clock.advance(BUSY_AFTER_MS); // primary busy; secondary now ringing
    s.telephony.network.setState(ALPHA.id, 'up'); // too late: secondary was dialled while busy
    s.clock.advance(BUSY_AFTER_MS);
    await flushPromises();
    expect(call.result).toEqual({ outcome: 'busy', number: ALPHA.phone[1] });
  });

  it('hanging up a ringing call resolves failed/cancelled and never connects', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    const call = track(callAlpha(s.telephony));
    s.clock.advance(100);
    await s.telephony.hangup(CONF, ALPHA.id);
    s.clock.advance(5000);
    await flushPromises();
    expect(call.result).toEqual({ outcome: 'failed', number: ALPHA.phone[0], cause: 'cancelled' });
    expect(s.log.names()).toEqual([]);
  });

  it('a call-out while ringing shares the pending result and dials once', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    const first = callAlpha(s.telephony);
    const second = callAlpha(s.telephony);
    s.clock.advance(2500);
    expect(await second).toEqual(await first);
    expect(s.telephony.network.dialled()).toHaveLength(1);
  });

  it('an empty number list resolves failed/no-number without dialling', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    expect(await callAlpha(s.telephony, [])).toEqual({ outcome: 'failed', number: null, cause: 'no-number' });
    expect(s.telephony.network.dialled()).toEqual([]);
  });

  it('the same participant may be in two conferences, each with its own call', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    const a = track(callAlpha(s.telephony));
    const b = track(
      s.telephony.callOut({ conferenceId: 'other', participantId: ALPHA.id, numbers: ALPHA.phone }),
    );
    s.clock.advance(2500);
    await flushPromises();
    expect([a.result?.outcome, b.result?.outcome]).toEqual(['answered', 'answered']);
    expect(s.log.of('call.connected').map((e) => e.conferenceId)).toEqual([CONF, 'other']);
  });
});

describe('SimTelephony connected call', () => {
  /** What the core judges: the change of the counters over one stretch (bridge/quality-window.ts). */
  const stretch = (reports: { counters: RtpCounters }[], i: number) => {
    const before = reports[i - 1]?.counters;
    const now = reports[i]?.counters;
    if (!before || !now) throw new Error(`no report ${i}`);
    const arrived = now.packets - before.packets;
    const lost = now.lost - before.lost;
    return { sent: arrived + lost, lossPct: (lost / (arrived + lost)) * 100 };
  };

  it('reports RTP counters at connect and every qualityIntervalMs, growing like a 50 packet/s stream', async () => {
    const s = await connectedAlpha();
    const before = s.log.of('call.quality').length;
    expect(before).toBe(1);
    expect(s.log.of('call.quality')[0]?.counters).toMatchObject({ packets: 0, lost: 0 });
    s.clock.advance(15_000);
    const reports = s.log.of('call.quality');
    expect(reports).toHaveLength(4);
    for (let i = 1; i < reports.length; i++) {
      const { sent, lossPct } = stretch(reports, i);
      expect(sent).toBe(250);
      expect(lossPct).toBeLessThanOrEqual(QUALITY_PROFILES.good.lossPct.max);
    }
    expect(reports.at(-1)?.counters.jitterPeakMs).toBeLessThanOrEqual(QUALITY_PROFILES.good.jitterMs.max);
  });

  it('a degraded stretch loses packets at the poor rate; after it the stretches are clean again', async () => {
    const s = await connectedAlpha();
    s.clock.advance(5_000);
    s.telephony.network.setState(ALPHA.id, 'degraded');
    s.clock.advance(5_000);
    const poor = s.log.of('call.quality');
    const degraded = stretch(poor, poor.length - 1);
    expect(degraded.lossPct).toBeGreaterThanOrEqual(QUALITY_PROFILES.poor.lossPct.min - 0.5);
    expect(poor.at(-1)?.counters.jitterPeakMs).toBeGreaterThanOrEqual(QUALITY_PROFILES.poor.jitterMs.min);
    s.telephony.network.setState(ALPHA.id, 'up');
    s.clock.advance(5_000);
    const after = s.log.of('call.quality');
    expect(stretch(after, after.length - 1).lossPct).toBeLessThanOrEqual(QUALITY_PROFILES.good.lossPct.max);
  });

  it('down: silence, then media-timeout and ended after mediaTimeoutMs; the call is gone', async () => {
    const s = await connectedAlpha();
    s.telephony.network.setState(ALPHA.id, 'down');
    const qualityBefore = s.log.of('call.quality').length;
    s.clock.advance(9_999);
    expect(s.log.of('call.ended')).toHaveLength(0);
    s.clock.advance(1);
    expect(s.log.of('call.quality')).toHaveLength(qualityBefore);
    expect(s.log.of('call.media-timeout')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, silentForMs: 10_000 },
    ]);
    expect(s.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'media-timeout' },
    ]);
    expect(s.clock.pendingTimers()).toBe(0);
    s.telephony.network.setState(ALPHA.id, 'up');
    const redial = track(callAlpha(s.telephony));
    s.clock.advance(2500);
    await flushPromises();
    expect(redial.result?.outcome).toBe('answered');
    expect(s.log.of('call.connected')).toHaveLength(2);
  });

  it('up again before the media time-out cancels it', async () => {
    const s = await connectedAlpha();
    s.telephony.network.setState(ALPHA.id, 'down');
    s.clock.advance(5_000);
    s.telephony.network.setState(ALPHA.id, 'up');
    s.clock.advance(60_000);
    expect(s.log.of('call.media-timeout')).toHaveLength(0);
    expect(s.log.of('call.ended')).toHaveLength(0);
    expect(s.log.of('call.quality').length).toBeGreaterThan(10);
  });

  it('busy or no-answer leave the connected call alone', async () => {
    const s = await connectedAlpha();
    s.telephony.network.setState(ALPHA.id, 'busy');
    s.telephony.network.setState(ALPHA.id, 'no-answer');
    s.clock.advance(60_000);
    expect(s.log.of('call.ended')).toHaveLength(0);
    expect(s.log.of('call.quality').length).toBeGreaterThan(10);
  });

  it('DTMF is reported while connected and media flows, not otherwise', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.network.pressDigit(ALPHA.id, '1'); // no call
    const call = track(callAlpha(s.telephony));
    s.telephony.network.pressDigit(ALPHA.id, '2'); // ringing
    s.clock.advance(2500);
    await flushPromises();
    expect(call.result?.outcome).toBe('answered');
    s.telephony.network.pressDigit(ALPHA.id, '3');
    s.telephony.network.setState(ALPHA.id, 'down');
    s.telephony.network.pressDigit(ALPHA.id, '4'); // media stopped
    expect(s.log.of('call.dtmf')).toEqual([{ conferenceId: CONF, participantId: ALPHA.id, digit: '3' }]);
  });

  it('a listener that hangs up on call.connected gets exactly one call.ended and no later events', async () => {
    const s = setup();
    cleanup = () => s.telephony.close();
    s.telephony.events.on('call.connected', (e) => void s.telephony.hangup(e.conferenceId, e.participantId));
    const call = track(callAlpha(s.telephony));
    s.clock.advance(60_000);
    await flushPromises();
    expect(call.result?.outcome).toBe('answered');
    expect(s.log.names()).toEqual(['call.connected', 'call.ended']);
    expect(s.clock.pendingTimers()).toBe(0);
  });
});

describe('SimTelephony close', () => {
  it('ends every call once, settles ringing call-outs, clears every timer, releases listeners', async () => {
    const s = await connectedAlpha();
    const ringing = track(
      s.telephony.callOut({ conferenceId: CONF, participantId: BRAVO.id, numbers: BRAVO.phone }),
    );
    const statuses: boolean[] = [];
    s.telephony.events.on('backend.status', (e) => statuses.push(e.available));
    await s.telephony.close();
    await flushPromises();
    expect(s.log.of('call.ended')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, cause: 'shutdown' },
    ]);
    expect(ringing.result).toEqual({ outcome: 'failed', number: BRAVO.phone[0], cause: 'shutdown' });
    expect(statuses).toEqual([true, false]);
    expect(s.clock.pendingTimers()).toBe(0);
    expect(s.telephony.network.events.listenerCount('state')).toBe(0);
    await s.telephony.close();
    expect(s.log.of('call.ended')).toHaveLength(1);
  });
});

describe('SimTelephony voice activity', () => {
  it('reports talking on a connected call only, and nothing while media is stopped', async () => {
    const { clock, telephony } = setup();
    const talking: boolean[] = [];
    telephony.events.on('call.talking', (e) => talking.push(e.talking));
    telephony.network.setTalking(ALPHA.id, true);
    expect(talking).toEqual([]);
    const call = telephony.callOut({ conferenceId: 'c', participantId: ALPHA.id, numbers: ALPHA.phone });
    clock.advance(2_500);
    await call;
    telephony.network.setTalking(ALPHA.id, true);
    telephony.network.setTalking(ALPHA.id, false);
    telephony.network.setState(ALPHA.id, 'down');
    telephony.network.setTalking(ALPHA.id, true);
    expect(talking).toEqual([true, false]);
    await telephony.close();
  });
});

describe('SimTelephony host controls', () => {
  it('a muted participant is not heard talking; unmuted it is again', async () => {
    const { clock, telephony } = setup();
    const talking: boolean[] = [];
    telephony.events.on('call.talking', (e) => talking.push(e.talking));
    const call = telephony.callOut({ conferenceId: 'c', participantId: ALPHA.id, numbers: ALPHA.phone });
    clock.advance(2_500);
    await call;
    telephony.network.setTalking(ALPHA.id, true);
    await telephony.setMuted('c', ALPHA.id, true);
    expect(telephony.isMuted('c', ALPHA.id)).toBe(true);
    telephony.network.setTalking(ALPHA.id, true);
    await telephony.setMuted('c', ALPHA.id, false);
    telephony.network.setTalking(ALPHA.id, true);
    expect(talking).toEqual([true, false, true]);
    await telephony.close();
  });

  it('remembers lock and recording per conference', async () => {
    const { telephony } = setup();
    await telephony.setLocked('c', true);
    await telephony.startRecording('c', '/var/lib/samband/rec/c.wav');
    expect(telephony.conferenceState('c')).toEqual({
      locked: true,
      recordingTo: '/var/lib/samband/rec/c.wav',
    });
    await telephony.setLocked('c', false);
    await telephony.stopRecording('c');
    expect(telephony.conferenceState('c')).toEqual({ locked: false, recordingTo: null });
    await telephony.close();
  });
});

describe('SimTelephony recoverConference', () => {
  it('lists the connected calls of a conference, not ringing ones nor other conferences, and nothing after close', async () => {
    const s = await connectedAlpha();
    const ringing = track(
      s.telephony.callOut({ conferenceId: CONF, participantId: BRAVO.id, numbers: BRAVO.phone }),
    );
    await flushPromises();
    expect(ringing.result).toBeUndefined();
    expect(await s.telephony.recoverConference(CONF)).toEqual({
      members: [{ participantId: ALPHA.id }],
      recordingTo: null,
    });
    expect((await s.telephony.recoverConference('other')).members).toEqual([]);
    // A recovered call is an ordinary call: its end is reported once.
    await s.telephony.hangup(CONF, ALPHA.id);
    await flushPromises();
    expect(s.log.of('call.ended').filter((e) => e.participantId === ALPHA.id)).toHaveLength(1);
    expect((await s.telephony.recoverConference(CONF)).members).toEqual([]);
    await s.telephony.close();
    expect((await s.telephony.recoverConference(CONF)).members).toEqual([]);
  });
});
