/** LoginThrottle in fake time, and the MQTT authenticator under a wrong-password flood. */
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../adapters/mqtt/auth.js';
import { MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import { createGatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { hashSecret, verifySecretAsync } from '../../../config/secrets.js';
import { flushPromises } from '../../support/fake-clock.js';
import { fakeTimeThrottle } from '../../support/login-throttle.js';

const aThrottle = fakeTimeThrottle;

describe('LoginThrottle', () => {
  it('lets the first failures go, then doubles the penalty up to the cap, per source and per user', () => {
    const { throttle } = aThrottle();
    expect(throttle.isSuspect('10.0.0.9', 'agent-a')).toBe(false);
    const answers = Array.from({ length: 7 }, () => throttle.failed('10.0.0.9', 'agent-a'));
    expect(answers).toEqual([0, 0, 100, 200, 400, 800, 800]);
    expect(throttle.checkDelayMs('10.0.0.9', 'someone-else')).toBe(800);
    // Another source guessing the same account: its refusals are held by the user's penalty.
    expect(throttle.failed('10.0.0.10', 'agent-a')).toBe(800);
    // A clean source logging in as another user is no suspect.
    expect(throttle.isSuspect('10.0.0.11', 'dash')).toBe(false);
  });

  it('forgets failures after a quiet while, and logs a source once, not per attempt', () => {
    const { throttle, clock, entries } = aThrottle();
    for (let i = 0; i < 10; i++) throttle.failed('10.0.0.9', `u${i}`);
    expect(entries.filter((e) => e.msg?.includes('slowed from now on'))).toHaveLength(1);
    clock.advance(60_001);
    expect(throttle.isSuspect('10.0.0.9', 'u1')).toBe(false);
    expect(throttle.checkDelayMs('10.0.0.9', 'u1')).toBe(0);
  });

  it('stays bounded in memory whatever the flood sends', () => {
    const { throttle } = aThrottle({ maxEntries: 100 });
    for (let i = 0; i < 5000; i++) throttle.failed(`10.0.${i >> 8}.${i & 255}`, `user-${i}`);
    expect(throttle.size).toBeLessThanOrEqual(300);
  });
});

describe('MQTT authentication under a wrong-password flood (issue 10, item 3)', () => {
  const users = [
    {
      username: 'agent-a',
      passwordHash: hashSecret('a-pw', { N: 1024 }),
      role: 'agent' as const,
      participant: 'a',
    },
  ];

  it('slows a guessing source down while a correct login from elsewhere gets in at once', async () => {
    const { throttle, clock, counted } = aThrottle();
    const auth = createAuthenticator({
      users,
      gateway: createGatewayCredential(),
      allowAnonymousRead: false,
      verify: verifySecretAsync,
      maxPendingVerifications: 4,
      throttle,
    });
    // Three wrong guesses: the first two answered at once, the third held 100 ms.
    for (let i = 0; i < 2; i++) {
      await expect(auth('agent-a', Buffer.from('guess'), '10.6.6.6')).rejects.toMatchObject({
        code: MqttErrorCodes.BAD_CREDENTIALS,
      });
    }
    let third: unknown = 'pending';
    void auth('agent-a', Buffer.from('guess'), '10.6.6.6').catch((e: unknown) => {
      third = e;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third).toBe('pending');
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(third).toMatchObject({ code: MqttErrorCodes.BAD_CREDENTIALS });

    // A flood from the suspect source: its checks wait (fake time stands still), holding no
    // slot; the agent from its own site is checked and admitted meanwhile.
    const flood = Array.from({ length: 40 }, () =>
      auth('agent-a', Buffer.from('guess'), '10.6.6.6').catch((e: unknown) => e),
    );
    await flushPromises();
    await expect(auth('agent-a', Buffer.from('a-pw'), '10.1.2.3')).resolves.toMatchObject({ kind: 'agent' });
    // Let the flood's held checks and held refusals play out (scrypt runs in real time).
    let settled = 0;
    for (const f of flood) void f.then(() => settled++);
    for (let i = 0; i < 400 && settled < flood.length; i++) {
      clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const answers = await Promise.all(flood);
    expect(answers.every((e) => (e as { code?: string }).code !== undefined)).toBe(true);
    expect(counted.length).toBeGreaterThan(0);
  });

  it('slows a source spraying made-up user names by the source, not only per name', async () => {
    const { throttle, clock } = aThrottle();
    const auth = createAuthenticator({
      users,
      gateway: createGatewayCredential(),
      allowAnonymousRead: false,
      throttle,
    });
    // Each name is new, so no name's penalty grows; the source's does (two free failures).
    for (let i = 0; i < 3; i++) {
      await expect(auth(`made-up-${i}`, Buffer.from('x'), '10.6.6.6')).rejects.toMatchObject({
        code: MqttErrorCodes.BAD_CREDENTIALS,
      });
    }
    let next: unknown = 'pending';
    void auth('made-up-3', Buffer.from('x'), '10.6.6.6').catch((e: unknown) => {
      next = e;
    });
    await flushPromises();
    expect(next).toBe('pending');
    clock.advance(100);
    await flushPromises();
    expect(next).toMatchObject({ code: MqttErrorCodes.BAD_CREDENTIALS });
  });
});
