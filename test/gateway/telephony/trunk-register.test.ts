import { afterEach, describe, expect, it } from 'vitest';
import { grantedExpires } from '../../../gateway/telephony/trunk-register.js';
import { ALPHA, callOutAlpha, DIAL_IN_NUMBER, type Fixture, fixture, telephonyConfig } from './fixture.js';

const A = 'sip.operator.example:5060';
const B = 'trunk-b.example.se:5060';
const CREDENTIALS = { username: '0101234567', password: 'from-the-vault' };

const config = (register: Record<string, unknown> = {}, withB = false) =>
  telephonyConfig({
    sip: {
      callerId: DIAL_IN_NUMBER,
      trunks: [
        {
          id: 'a',
          host: 'sip.operator.example',
          ...CREDENTIALS,
          keepAliveIntervalMs: 0,
          register: { expiresS: 600, retryMinMs: 10_000, retryMaxMs: 80_000, ...register },
        },
        ...(withB ? [{ id: 'b', host: 'trunk-b.example.se', keepAliveIntervalMs: 0, order: 1 }] : []),
      ],
    },
  });

describe('trunk registration (REGISTER)', () => {
  let f: Fixture;
  afterEach(async () => {
    // A clean close waits (boundedly) for the registrar to confirm the Expires: 0.
    const closed = f.telephony.close();
    await f.advance(2_500);
    await closed;
  });
  const latest = () => f.log.of('trunks.status').at(-1);
  /** Long stretches in 500 ms steps (the fixture's 50 ms would take minutes of real time). */
  const wait = (ms: number) => f.clock.advanceAsync(ms, 500);
  const trunkA = () => latest()?.trunks.find((t) => t.id === 'a');
  const registers = () => f.backend.trunk(A).registers;
  const challenging = (challenge: 401 | 407 = 401) =>
    Object.assign(f.backend.trunk(A), { challenge, credentials: { ...CREDENTIALS } });
  const callOut = () => callOutAlpha(f);

  it('answers the 401 with the credentials, is registered, and refreshes one binding before it ends', async () => {
    f = await fixture({ trunks: [A], config: config(), start: false });
    challenging();
    f.telephony.start();
    expect(f.log.of('trunks.status')[0]?.trunks[0]).toMatchObject({ registration: 'registering' });
    await f.untilAvailable();
    await f.advance(2_000);
    expect(trunkA()).toMatchObject({ registration: 'registered', reason: 'keep-alive off' });
    expect(latest()?.usable).toBe(true);
    expect(registers()).toHaveLength(1);
    expect(registers()[0]).toMatchObject({ expires: 600, contact: '<sip:0101234567@localhost>;expires=600' });
    // Granted 600 s: refreshed a minute before it ends, not earlier.
    await wait(538_000);
    expect(registers()).toHaveLength(1);
    await f.advance(2_000);
    expect(registers()).toHaveLength(2);
    const [first, second] = registers();
    expect(second?.callId).toBe(first?.callId);
    expect(Number.parseInt(second?.cseq ?? '', 10)).toBeGreaterThan(
      Number.parseInt(first?.cseq ?? '', 10) + 1,
    );
    expect(trunkA()?.registration).toBe('registered');
  });

  it('answers a 407 from a registrar with Proxy-Authorization', async () => {
    f = await fixture({ trunks: [A], config: config(), start: false });
    challenging(407);
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(trunkA()?.registration).toBe('registered');
  });

  it('honours the expiry the registrar grants: 120 s asked 600 → refreshed at half its life', async () => {
    f = await fixture({ trunks: [A], config: config(), start: false });
    f.backend.trunk(A).registrar.grantS = 120;
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(trunkA()?.reason).toBe('keep-alive off');
    expect(registers()).toHaveLength(1);
    await wait(58_000);
    expect(registers()).toHaveLength(1);
    await f.advance(2_000);
    expect(registers()).toHaveLength(2);
  });

  it('asks again at once with the Min-Expires of a 423', async () => {
    f = await fixture({ trunks: [A], config: config({ expiresS: 60 }), start: false });
    f.backend.trunk(A).registrar.minExpiresS = 300;
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(registers().map((r) => r.expires)).toEqual([60, 300]);
    expect(trunkA()?.registration).toBe('registered');
  });

  it('wrong credentials: failed, the only trunk unusable (trunks-down), retried with back-off, back when fixed', async () => {
    f = await fixture({ trunks: [A], config: config(), start: false });
    challenging();
    f.backend.trunk(A).credentials = { username: CREDENTIALS.username, password: 'changed-by-the-operator' };
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(trunkA()).toMatchObject({ registration: 'failed', reason: 'register-401' });
    expect(latest()?.usable).toBe(false);
    // From here the registrar takes the credentials but refuses (403), so each REGISTER is seen.
    f.backend.trunk(A).credentials = null;
    f.backend.trunk(A).registrar.refuse = 403;
    // Back-off 10 s, 20 s, 40 s, then capped at 80 s: when each REGISTER went out.
    const failedAt = f.clock.now();
    const sentAt: number[] = [];
    while (sentAt.length < 5) {
      await wait(500);
      if (registers().length > sentAt.length) sentAt.push(f.clock.now());
      expect(f.clock.now() - failedAt).toBeLessThan(240_000);
    }
    const gaps = sentAt.map((at, i) => at - (sentAt[i - 1] ?? failedAt));
    const expected = [10_000, 20_000, 40_000, 80_000, 80_000];
    for (const [i, gap] of gaps.entries())
      expect(Math.abs(gap - (expected[i] ?? 0))).toBeLessThanOrEqual(2_000);
    expect(trunkA()).toMatchObject({ registration: 'failed', reason: 'register-403' });
    const result = await callOut();
    expect(result).toEqual({ outcome: 'failed', cause: 'trunks-down', number: ALPHA.phoneNumbers[0] });
    expect(f.backend.trunk(A).invites).toEqual([]);
    f.backend.trunk(A).registrar.refuse = null;
    await wait(81_000);
    expect(trunkA()).toMatchObject({ registration: 'registered', reason: 'keep-alive off' });
    expect(latest()?.usable).toBe(true);
  });

  it('a failed registration with a second trunk: call-outs go to the other one', async () => {
    f = await fixture({ trunks: [A, B], config: config({}, true), start: false });
    f.backend.trunk(A).registrar.refuse = 403;
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(latest()).toMatchObject({
      usable: true,
      trunks: [{ registration: 'failed' }, { registration: 'none' }],
    });
    expect((await callOut()).outcome).toBe('answered');
    expect(f.backend.trunk(A).invites).toEqual([]);
    expect(f.backend.trunk(B).invites).toHaveLength(1);
  });

  it('a refresh lost to silence keeps the binding until it expires, then fails', async () => {
    f = await fixture({ trunks: [A], config: config({ timeoutMs: 5_000 }), start: false });
    f.backend.trunk(A).registrar.grantS = 300;
    f.telephony.start();
    await f.untilAvailable();
    await f.advance(2_000);
    expect(trunkA()?.registration).toBe('registered');
    f.backend.trunk(A).state = 'silent';
    // Refresh at 240 s, unanswered for 5 s, retried after 10 s and 20 s: still inside the 300 s.
    await wait(240_000 + 5_000 + 10_000 + 5_000 + 20_000);
    expect(trunkA()?.registration).toBe('registered');
    expect(latest()?.usable).toBe(true);
    await wait(20_000);
    expect(trunkA()).toMatchObject({ registration: 'failed', reason: 'registration expired' });
    expect(latest()?.usable).toBe(false);
    f.backend.trunk(A).state = 'up';
    await wait(85_000);
    expect(trunkA()?.registration).toBe('registered');
    expect(latest()?.usable).toBe(true);
  });

  it('sends nothing while drachtio-server is down', async () => {
    f = await fixture({ trunks: [A], config: config(), start: false });
    f.backend.drachtio.state = 'down';
    f.telephony.start();
    await f.advance(30_000);
    expect(registers()).toEqual([]);
    expect(trunkA()?.registration).toBe('registering');
    expect(latest()?.usable).toBe(true);
  });

  it('a clean shutdown unregisters (Expires: 0); a keep-calls detach leaves the binding', async () => {
    f = await fixture({ trunks: [A], config: config() });
    await f.advance(2_000);
    const closed = f.telephony.close();
    await f.advance(1_000);
    await closed;
    expect(registers().map((r) => r.expires)).toEqual([600, 0]);
    expect(registers()[1]?.contact).toBe('<sip:0101234567@localhost>;expires=0');

    f = await fixture({ trunks: [A], config: config() });
    await f.advance(2_000);
    const detached = f.telephony.detach();
    await f.advance(1_000);
    await detached;
    expect(f.backend.trunk(A).registers.map((r) => r.expires)).toEqual([600]);
  });
});

describe('grantedExpires', () => {
  const res = (headers: Record<string, string>) => ({ get: (name: string) => headers[name] });
  it("takes our Contact's expires, the shortest of ours, else the Expires header", () => {
    expect(grantedExpires(res({ Contact: '<sip:0101@192.0.2.1:5060>;expires=300' }), '0101')).toBe(300);
    expect(
      grantedExpires(
        res({
          Contact:
            '"Desk, phone" <sip:other@192.0.2.9>;expires=30, <sip:0101@192.0.2.1:5060;transport=udp>;q=1;expires=900,<sip:0101@192.0.2.2>;expires=450',
        }),
        '0101',
      ),
    ).toBe(450);
    expect(grantedExpires(res({ Contact: '<sip:other@192.0.2.9>;expires=30', Expires: '120' }), '0101')).toBe(
      120,
    );
    expect(grantedExpires(res({}), '0101')).toBeUndefined();
  });
});
