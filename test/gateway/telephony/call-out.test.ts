import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../contracts/harness.js';
import { ALPHA, BRAVO, CONF, type Fixture, fixture, telephonyConfig } from './fixture.js';

describe('DrachtioTelephony call-out', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  const callOut = (numbers = ALPHA.phoneNumbers, participantId = ALPHA.id) =>
    settle(f.telephony.callOut({ conferenceId: CONF, participantId, numbers }), f.advance, 120_000);

  it('joins the answerer to a room sized roster + radio legs + control member', async () => {
    f = await fixture();
    const result = await callOut();
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    const ms = f.backend.mediaServer();
    expect(ms.rooms.get('samband-weekly')?.maxMembers).toBe(2 + 1 + 1);
    const [member] = ms.members('samband-weekly');
    expect(member?.vars.get('media_timeout')).toBe('10000');
    // FreeSWITCH zeroes media_timeout_audio on the 3PCC endpoint's recvonly ACK; it wins.
    expect(member?.vars.get('media_timeout_audio')).toBe('10000');
    expect(member?.headers['X-Samband-Media-Timeout']).toBe('10000');
    expect(member?.prompts[0]).toMatch(/^tone_stream:/);
    expect(f.backend.dialledUris).toEqual([`sip:${ALPHA.phoneNumbers[0]}@trunk.example.se`]);
    expect(f.backend.srf().connects[0]).toMatchObject({ reconnect: { maxAttempts: 1 } });
  });

  it('dials a SIP URI number as is', async () => {
    f = await fixture();
    const result = await callOut(BRAVO.phoneNumbers, BRAVO.id);
    expect(result.outcome).toBe('answered');
    expect(f.backend.dialledUris).toEqual(BRAVO.phoneNumbers);
  });

  it.each([
    [{ kind: 'busy' } as const, 'busy', 'sip-486'],
    [{ kind: 'reject' } as const, 'rejected', 'sip-603'],
    [{ kind: 'unavailable' } as const, 'no-answer', 'sip-480'],
  ])('maps a final response (%o) to %s and releases everything', async (behaviour, outcome, cause) => {
    f = await fixture();
    for (const n of ALPHA.phoneNumbers) f.backend.phone(n).behaviour = behaviour;
    const result = await callOut();
    expect(result).toEqual({ outcome, cause, number: ALPHA.phoneNumbers[1] });
    expect(f.backend.dialled()).toEqual(ALPHA.phoneNumbers);
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('tries the secondary number when the primary is busy', async () => {
    f = await fixture();
    f.backend.phone(ALPHA.phoneNumbers[0] ?? '').behaviour = { kind: 'busy' };
    const result = await callOut();
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[1] });
    expect(f.log.of('call.connected')).toEqual([
      { conferenceId: CONF, participantId: ALPHA.id, number: ALPHA.phoneNumbers[1] },
    ]);
  });

  it('cancels after the ring time-out: no-answer, cause ring-timeout, nothing left open', async () => {
    f = await fixture({ config: telephonyConfig({ callTimeoutMs: 20_000 }) });
    for (const n of ALPHA.phoneNumbers) f.backend.phone(n).behaviour = { kind: 'no-answer' };
    const started = f.clock.now();
    const result = await callOut();
    expect(result).toEqual({ outcome: 'no-answer', cause: 'ring-timeout', number: ALPHA.phoneNumbers[1] });
    expect(f.clock.now() - started).toBeGreaterThanOrEqual(40_000);
    expect(f.clock.now() - started).toBeLessThan(45_000);
    expect(f.backend.openCallChannels()).toBe(0);
  });

  it('an answerer who does not press 1 is rejected (not-confirmed) and hung up', async () => {
    f = await fixture();
    for (const n of ALPHA.phoneNumbers) f.backend.phone(n).autoDigits = undefined;
    const result = await callOut();
    expect(result).toMatchObject({ outcome: 'rejected', cause: 'not-confirmed' });
    expect(f.log.of('call.connected')).toHaveLength(0);
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('an answerer who presses another digit is not connected', async () => {
    f = await fixture();
    for (const n of ALPHA.phoneNumbers) f.backend.phone(n).autoDigits = '9';
    const result = await callOut();
    expect(result).toMatchObject({ outcome: 'rejected', cause: 'not-confirmed' });
  });

  it('an answerer who hangs up during the prompt leaves nothing open', async () => {
    f = await fixture();
    for (const n of ALPHA.phoneNumbers) {
      const phone = f.backend.phone(n);
      phone.autoDigits = undefined;
      phone.hangUpDuringPrompt = 1;
    }
    const result = await callOut();
    expect(result).toMatchObject({ outcome: 'no-answer', cause: 'hung-up' });
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('a join that never sees add-member (room full) times out as join-failed and is cleaned up', async () => {
    f = await fixture({ radioLegs: -2 }); // max_members = roster 2 - 2 + 1 = the control member only
    const result = await callOut([ALPHA.phoneNumbers[0] ?? '']);
    expect(result).toMatchObject({ outcome: 'failed', cause: 'join-failed' });
    expect(f.backend.openCallChannels()).toBe(0);
    expect(f.backend.openDialogs()).toBe(0);
  });

  it('paces set-ups: concurrency and calls per second', async () => {
    f = await fixture({
      config: telephonyConfig({ maxConcurrentCallOuts: 1, sip: { trunk: 't.example', callsPerSecond: 0.5 } }),
    });
    const times: number[] = [];
    const srf = f.backend.srf();
    const original = srf.createUAC.bind(srf);
    srf.createUAC = (...args) => {
      times.push(f.clock.now());
      return original(...args);
    };
    const a = f.telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: ALPHA.phoneNumbers,
    });
    const b = f.telephony.callOut({
      conferenceId: CONF,
      participantId: BRAVO.id,
      numbers: BRAVO.phoneNumbers,
    });
    await settle(Promise.all([a, b]), f.advance, 60_000);
    expect(times).toHaveLength(2);
    // One at a time: the second starts only after the first finished, and ≥ 2 s after it started.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(2000);
  });

  it('refuses while the back end is down without dialling', async () => {
    f = await fixture();
    f.backend.freeswitch.state = 'down';
    f.backend.dropEventSocket();
    const result = await callOut();
    expect(result).toMatchObject({ outcome: 'failed', cause: 'adapter-down' });
    expect(f.backend.dialled()).toEqual([]);
  });
});
