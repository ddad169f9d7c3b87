import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../../contracts/harness.js';
import type { FakeSrf } from './fakes/fake-srf.js';
import {
  ALPHA,
  BRAVO,
  CHARLIE,
  CONF,
  DIAL_IN_NUMBER,
  type Fixture,
  fixture,
  telephonyConfig,
} from './fixture.js';

const A = 'trunk-a.example.se:5060';
const B = 'trunk-b.example.se:5080';

function twoTrunks(
  a: Record<string, unknown> = {},
  b: Record<string, unknown> = {},
  sip: Record<string, unknown> = {},
) {
  return telephonyConfig({
    sip: {
      callerId: DIAL_IN_NUMBER,
      trunks: [
        { id: 'a', host: 'trunk-a.example.se', keepAliveIntervalMs: 0, ...a },
        {
          id: 'b',
          host: 'trunk-b.example.se',
          port: 5080,
          transport: 'tcp',
          keepAliveIntervalMs: 0,
          order: 1,
          ...b,
        },
      ],
      ...sip,
    },
  });
}

describe('call-out through carrier trunks', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });

  const callOut = (numbers = [ALPHA.phoneNumbers[0] ?? ''], participantId = ALPHA.id) =>
    settle(f.telephony.callOut({ conferenceId: CONF, participantId, numbers }), f.advance, 120_000);

  it('goes to the first trunk in order, with the caller ID and the trunk URI', async () => {
    f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
    const result = await callOut();
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    expect(f.backend.trunk(A).invites).toMatchObject([
      { uri: `sip:${ALPHA.phoneNumbers[0]}@${A}`, callingNumber: DIAL_IN_NUMBER },
    ]);
    expect(f.backend.trunk(B).invites).toEqual([]);
  });

  it.each([401, 407] as const)(
    'answers a %i challenge with the trunk credentials (digest)',
    async (challenge) => {
      f = await fixture({
        trunks: [A, B],
        participants: [ALPHA, BRAVO, CHARLIE],
        config: twoTrunks({ username: 'samband', password: 's3cret' }),
      });
      Object.assign(f.backend.trunk(A), {
        challenge,
        credentials: { username: 'samband', password: 's3cret' },
      });
      const result = await callOut();
      expect(result.outcome).toBe('answered');
      expect(f.backend.trunk(A).invites[0]?.answeredWith).toBe(
        challenge === 407 ? 'Proxy-Authorization' : 'Authorization',
      );
      expect(f.backend.trunk(B).invites).toEqual([]);
    },
  );

  it('wrong credentials (a second challenge) move the call to the next trunk', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({ username: 'samband', password: 'wrong' }),
    });
    f.backend.trunk(A).credentials = { username: 'samband', password: 's3cret' };
    const result = await callOut();
    expect(result.outcome).toBe('answered');
    expect(f.backend.trunk(B).invites).toMatchObject([
      { uri: `sip:${ALPHA.phoneNumbers[0]}@${B};transport=tcp` },
    ]);
  });

  it('a trunk without credentials configured fails over on the challenge', async () => {
    f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
    f.backend.trunk(A).credentials = { username: 'x', password: 'y' };
    expect((await callOut()).outcome).toBe('answered');
    expect(f.backend.trunk(B).invites).toHaveLength(1);
  });

  it.each(['unavailable', 'unreachable'] as const)(
    'a trunk that is %s hands the call to the next',
    async (state) => {
      f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
      f.backend.trunk(A).state = state;
      const result = await callOut();
      expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
      expect(f.backend.trunk(A).invites).toHaveLength(1);
      expect(f.backend.trunk(B).invites).toHaveLength(1);
      expect(f.backend.openDialogs()).toBe(1);
    },
  );

  it('a silent trunk is given up after trunkTimeoutMs, not after Timer B', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({}, {}, { trunkTimeoutMs: 3_000 }),
    });
    f.backend.trunk(A).state = 'silent';
    let switchedAt = 0;
    const srf = f.backend.srf();
    const original = srf.createUAC.bind(srf);
    srf.createUAC = (...args) => {
      if (args[0].includes('trunk-b')) switchedAt = f.clock.now();
      return original(...args);
    };
    const started = f.clock.now();
    const result = await callOut();
    expect(result.outcome).toBe('answered');
    // trunkTimeoutMs, then an OPTIONS unanswered for 1.5 s (the application never sees 100 Trying).
    expect(switchedAt - started).toBeGreaterThanOrEqual(3_000 + 1_500);
    expect(switchedAt - started).toBeLessThan(3_000 + 1_500 + 1_000);
    expect(f.backend.openCallChannels()).toBe(1);
  });

  it('a trunk slow to ring (180 after 8 s) but answering OPTIONS keeps the call', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({}, {}, { trunkTimeoutMs: 3_000 }),
    });
    f.backend.trunk(A).postDialDelayMs = 8_000;
    f.backend.phone(ALPHA.phoneNumbers[0] ?? '').behaviour = { kind: 'answer', afterMs: 10_000 };
    const probesBefore = f.backend.trunk(A).options.length;
    const result = await callOut();
    expect(result).toEqual({ outcome: 'answered', number: ALPHA.phoneNumbers[0] });
    expect(f.backend.trunk(A).options.length).toBe(probesBefore + 1);
    expect(f.backend.trunk(B).invites).toEqual([]);
  });

  it.each([
    [{ kind: 'busy' } as const, 'busy', 'sip-486'],
    [{ kind: 'reject' } as const, 'rejected', 'sip-603'],
    [{ kind: 'no-answer' } as const, 'no-answer', 'ring-timeout'],
  ])('never moves a %o call to the next trunk', async (behaviour, outcome, cause) => {
    f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
    f.backend.phone(ALPHA.phoneNumbers[0] ?? '').behaviour = behaviour;
    const result = await callOut();
    expect(result).toEqual({ outcome, cause, number: ALPHA.phoneNumbers[0] });
    expect(f.backend.trunk(B).invites).toEqual([]);
    expect(f.backend.openCallChannels()).toBe(0);
  });

  it('every trunk failing ends with the last trunk cause', async () => {
    f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
    f.backend.trunk(A).state = 'unreachable';
    f.backend.trunk(B).state = 'unavailable';
    expect(await callOut()).toEqual({ outcome: 'failed', cause: 'sip-503', number: ALPHA.phoneNumbers[0] });
    expect(f.backend.openCallChannels()).toBe(0);
  });

  it('a number a trunk claims by prefix goes only there (longest prefix)', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({ prefixes: ['+4670'] }, { prefixes: ['+467010'] }),
    });
    f.backend.trunk(B).state = 'unavailable';
    const result = await callOut();
    expect(result).toMatchObject({ outcome: 'failed', cause: 'sip-503' });
    expect(f.backend.trunk(A).invites).toEqual([]);
  });

  it('a SIP URI number is dialled directly, never through a trunk', async () => {
    f = await fixture({ trunks: [A, B], participants: [ALPHA, BRAVO, CHARLIE], config: twoTrunks() });
    const result = await callOut(BRAVO.phoneNumbers, BRAVO.id);
    expect(result.outcome).toBe('answered');
    expect(f.backend.trunk(A).invites).toEqual([]);
  });

  it('a full trunk (maxCalls) is skipped; its slot is free again after the call ends', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({ maxCalls: 1, outboundProxy: 'sip:sbc.example.se:5060' }),
    });
    await callOut();
    expect(f.backend.trunk(A).invites).toMatchObject([{ proxy: 'sip:sbc.example.se:5060' }]);
    const second = await callOut(CHARLIE.phoneNumbers, CHARLIE.id);
    expect(second.outcome).toBe('answered');
    expect(f.backend.trunk(B).invites).toHaveLength(1);
    await f.telephony.hangup(CONF, ALPHA.id);
    await f.advance(100);
    await callOut([ALPHA.phoneNumbers[0] ?? ''], ALPHA.id);
    expect(f.backend.trunk(A).invites).toHaveLength(2);
  });

  it('paces set-ups per trunk (callsPerSecond)', async () => {
    f = await fixture({
      trunks: [A, B],
      participants: [ALPHA, BRAVO, CHARLIE],
      config: twoTrunks({ callsPerSecond: 0.5 }),
    });
    const times: number[] = [];
    const srf: FakeSrf = f.backend.srf();
    const original = srf.createUAC.bind(srf);
    srf.createUAC = (...args) => {
      if (args[0].includes('trunk-a')) times.push(f.clock.now());
      return original(...args);
    };
    await Promise.all([callOut([ALPHA.phoneNumbers[0] ?? '']), callOut(CHARLIE.phoneNumbers, CHARLIE.id)]);
    expect(times).toHaveLength(2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(2_000);
  });
});
