import { afterEach, describe, expect, it } from 'vitest';
import { isScannerAgent, TrustedSources } from '../../../gateway/telephony/sip-trust.js';
import { DIAL_IN_NUMBER, type Fixture, fixture, PARTICIPANT_PIN, telephonyConfig } from './fixture.js';

describe('dial-in trust', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  it('refuses an INVITE from outside trustedSources with a bare 403, answering nothing', async () => {
    f = await fixture();
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN], {
      sourceAddress: '203.0.113.9',
    });
    await f.advance(5000);
    expect(call.res.status).toBe(403);
    expect(call.res.headers).toEqual({});
    expect(f.backend.openChannels()).toBe(0); // no endpoint was even created
    expect(call.caller.promptsHeard).toBe(0);
  });

  it('trusts nobody by default: without trustedSources every dial-in gets 403', async () => {
    f = await fixture({ config: telephonyConfig({ sip: { trunk: 'trunk.example.se' } }) });
    const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(call.res.status).toBe(403);
  });

  it.each(['friendly-scanner', 'sipvicious/0.3.4', 'sipcli/v1.8', 'VaxSIPUserAgent/3.1'])(
    'refuses the scanner %s with 403 even from a trusted address',
    async (userAgent) => {
      f = await fixture();
      const call = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN], { userAgent });
      await f.advance(5000);
      expect(call.res.status).toBe(403);
      expect(f.backend.openChannels()).toBe(0);
    },
  );

  it('refuses before the back-end check: an untrusted source never learns the gateway is down', async () => {
    f = await fixture();
    f.backend.dropEventSocket();
    await f.advance(100);
    const stranger = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [], { sourceAddress: '203.0.113.9' });
    const trunk = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, []);
    expect(stranger.res.status).toBe(403);
    expect(trunk.res.status).toBe(503);
  });

  it('a global wrong-PIN budget stops a guesser who changes caller ID every call', async () => {
    f = await fixture({
      config: telephonyConfig({
        dialIn: { maxPinAttempts: 3, globalFailureBudget: 9, globalLockoutMs: 60_000 },
      }),
    });
    for (let i = 0; i < 3; i++) {
      f.backend.dialIn(`+4685550000${i}`, DIAL_IN_NUMBER, ['1111', '2222', '3333']);
      await f.advance(20_000);
    }
    // Spent, and said once: the alarm names when the lock ends.
    const spentAt = f.clock.now();
    expect(f.log.of('dial-in.pin-budget')).toEqual([
      { spent: true, until: expect.any(Number), budget: 9, windowMs: expect.any(Number) },
    ]);
    const until = f.log.of('dial-in.pin-budget')[0]?.until ?? 0;
    expect(until - spentAt).toBeGreaterThan(0);
    expect(until - spentAt).toBeLessThanOrEqual(60_000);
    // A fourth unknown number is refused before anything is answered...
    const guesser = f.backend.dialIn('+46855500009', DIAL_IN_NUMBER, ['4444']);
    await f.advance(5000);
    expect(guesser.res.status).toBe(403);
    // ...but a configured participant's number still gets to key the PIN.
    const honest = f.backend.dialIn('+46701000001', DIAL_IN_NUMBER, [PARTICIPANT_PIN]);
    await f.advance(5000);
    expect(honest.res.status).toBe(200);
    expect(f.log.of('call.connected')).toHaveLength(1);
    await f.advance(60_000);
    expect(f.log.of('dial-in.pin-budget').map((b) => b.spent)).toEqual([true, false]);
    expect(f.log.of('dial-in.pin-budget')[1]?.until).toBe(until);
    const later = f.backend.dialIn('+46855500010', DIAL_IN_NUMBER, ['5555']);
    await f.advance(5000);
    expect(later.res.status).toBe(200);
  });
});

describe('trust rules', () => {
  it('matches CIDRs, bare addresses and IPv4-mapped addresses; nothing else', () => {
    const trusted = new TrustedSources(['192.0.2.0/24', '198.51.100.7', '10.0.0.0/8']);
    expect(trusted.trusts('192.0.2.200')).toBe(true);
    expect(trusted.trusts('::ffff:198.51.100.7')).toBe(true);
    expect(trusted.trusts('10.255.1.1')).toBe(true);
    expect(trusted.trusts('192.0.3.1')).toBe(false);
    expect(trusted.trusts('198.51.100.8')).toBe(false);
    expect(trusted.trusts('2001:db8::1')).toBe(false);
    expect(trusted.trusts('')).toBe(false);
    expect(new TrustedSources([]).trusts('192.0.2.1')).toBe(false);
  });

  it('knows the scanners but not a real phone', () => {
    expect(isScannerAgent('friendly-scanner')).toBe(true);
    expect(isScannerAgent('Yealink SIP-T46S 66.86.0.15')).toBe(false);
    expect(isScannerAgent(undefined)).toBe(false);
  });
});
