import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  type Authenticator,
  bearerToken,
  createAuthenticator,
  createRoleGuard,
  roleAtLeast,
  TOKEN_CHECK_DEFAULTS,
  type TokenCheck,
} from '../../../adapters/http/auth.js';
import { installErrorHandling } from '../../../adapters/http/error-handler.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { Role } from '../../../config/schema.js';
import { hashSecret, verifySecretAsync } from '../../../config/secrets.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { fakeTimeThrottle } from '../../support/login-throttle.js';

// Cheap scrypt parameters keep the suite fast; the format is the same as production hashes.
const HASHED = 'hashed-token-0123456789abcdef';
const hash = hashSecret(HASHED, { N: 1024 });
const OTHER = 'other-token-0123456789abcdef';
const otherHash = hashSecret(OTHER, { N: 1024 });
const WRONG = 'wrong-token-0123456789';
const bo = { name: 'bo', role: 'technician' as const, tokenHash: hash };
const cy = { name: 'cy', role: 'viewer' as const, tokenHash: otherHash };

/** A verify that counts scrypt runs and, when holding, answers only when the test releases it. */
function countingVerify(options: { hold?: boolean } = {}) {
  const held: Array<() => void> = [];
  const counter = {
    runs: 0,
    verify: (secret: string, stored: string): Promise<boolean> => {
      counter.runs += 1;
      if (!options.hold) return verifySecretAsync(secret, stored);
      return new Promise((resolve, reject) => {
        held.push(() => verifySecretAsync(secret, stored).then(resolve, reject));
      });
    },
    release: () => {
      for (const release of held.splice(0)) release();
    },
  };
  return counter;
}

const valid = (name: string, role: Role): TokenCheck => ({ kind: 'valid', principal: { name, role } });

describe('createAuthenticator', () => {
  it('matches a plain token and returns its name and role', async () => {
    const auth = createAuthenticator([{ name: 'anna', role: 'host', token: 'plain-token-0123456789' }]);
    expect(await auth.authenticate('plain-token-0123456789')).toEqual(valid('anna', 'host'));
  });

  it('rejects a wrong, a prefix and an empty token', async () => {
    const auth = createAuthenticator([{ name: 'anna', role: 'host', token: 'plain-token-0123456789' }]);
    expect(await auth.authenticate('plain-token-012345678')).toEqual({ kind: 'invalid' });
    expect(await auth.authenticate('plain-token-0123456789x')).toEqual({ kind: 'invalid' });
    expect(await auth.authenticate('')).toEqual({ kind: 'invalid' });
  });

  it('verifies a tokenHash and runs scrypt only once per token', async () => {
    const counter = countingVerify();
    const auth = createAuthenticator([bo], { verify: counter.verify });
    for (let i = 0; i < 3; i++) expect(await auth.authenticate(HASHED)).toEqual(valid('bo', 'technician'));
    expect(counter.runs).toBe(1);
  });

  it('does not cache failures as successes', async () => {
    const auth = createAuthenticator([bo]);
    expect(await auth.authenticate(WRONG)).toEqual({ kind: 'invalid' });
    expect(await auth.authenticate(WRONG)).toEqual({ kind: 'invalid' });
    expect(await auth.authenticate(HASHED)).toEqual(valid('bo', 'technician'));
  });

  it('checks a tokenHash without blocking the event loop', async () => {
    // Production-strength parameters: scrypt takes tens of milliseconds.
    const auth = createAuthenticator([{ ...bo, tokenHash: hashSecret(HASHED) }]);
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const turnedFirst = await auth.authenticate(WRONG).then(() => turned);
    expect(turnedFirst).toBe(true);
  });

  describe('against a wrong token', () => {
    it('runs scrypt once per hashed token, then answers from the cache until it expires', async () => {
      const clock = new FakeClock();
      const counter = countingVerify();
      const auth = createAuthenticator([bo, cy], { verify: counter.verify, clock });
      expect(await auth.authenticate(WRONG)).toEqual({ kind: 'invalid' });
      expect(counter.runs).toBe(2);
      for (let i = 0; i < 10; i++) expect(await auth.authenticate(WRONG)).toEqual({ kind: 'invalid' });
      expect(counter.runs).toBe(2);

      clock.advance(TOKEN_CHECK_DEFAULTS.rejectionTtlMs);
      expect(await auth.authenticate(WRONG)).toEqual({ kind: 'invalid' });
      expect(counter.runs).toBe(4);
      // The right token is still checked (and accepted): only refusals are in this cache.
      expect(await auth.authenticate(OTHER)).toEqual(valid('cy', 'viewer'));
    });

    it('remembers at most rejectionCacheEntries refusals, dropping the least recently seen', async () => {
      let runs = 0;
      const verify = async () => {
        runs += 1;
        return false;
      };
      const auth = createAuthenticator([bo], { verify, clock: new FakeClock() });
      const limit = TOKEN_CHECK_DEFAULTS.rejectionCacheEntries;
      for (let i = 0; i <= limit; i++) await auth.authenticate(`guess-${i}`);
      expect(runs).toBe(limit + 1);
      // guess-0 was pushed out by the last one; guess-1 .. guess-limit are still cached.
      await auth.authenticate(`guess-${limit}`);
      await auth.authenticate('guess-1');
      expect(runs).toBe(limit + 1);
      await auth.authenticate('guess-0');
      expect(runs).toBe(limit + 2);
    });

    it('lets concurrent requests with the same token share one check', async () => {
      const counter = countingVerify({ hold: true });
      const auth = createAuthenticator([bo], { verify: counter.verify });
      const answers = Promise.all(Array.from({ length: 20 }, () => auth.authenticate(WRONG)));
      counter.release();
      expect(new Set((await answers).map((a) => a.kind))).toEqual(new Set(['invalid']));
      expect(counter.runs).toBe(1);
    });

    it('refuses at once past maxPendingVerifications, while known tokens keep working', async () => {
      const counter = countingVerify({ hold: true });
      const auth = createAuthenticator(
        [bo, { name: 'anna', role: 'host', token: 'plain-token-0123456789' }],
        {
          verify: counter.verify,
          maxPendingVerifications: 2,
        },
      );
      // A cached token: verified once before the flood.
      const warm = auth.authenticate(HASHED);
      counter.release();
      expect(await warm).toEqual(valid('bo', 'technician'));

      const flood = [auth.authenticate('guess-1'), auth.authenticate('guess-2')];
      expect(await auth.authenticate('guess-3')).toEqual({ kind: 'busy' });
      expect(await auth.authenticate(HASHED)).toEqual(valid('bo', 'technician'));
      expect(await auth.authenticate('plain-token-0123456789')).toEqual(valid('anna', 'host'));
      expect(counter.runs).toBe(3);

      counter.release();
      expect(await Promise.all(flood)).toEqual([{ kind: 'invalid' }, { kind: 'invalid' }]);
      const after = auth.authenticate('guess-3');
      counter.release();
      expect(await after).toEqual({ kind: 'invalid' });
      expect(counter.runs).toBe(4);
    });
  });
});

describe('createAuthenticator under a wrong-token flood (issue 10, item 3)', () => {
  const PLAIN = 'plain-token-0123456789';

  function throttled() {
    const { clock, throttle, counted, entries } = fakeTimeThrottle();
    const auth = createAuthenticator([{ name: 'anna', role: 'host', token: PLAIN }, bo], {
      clock,
      throttle,
    });
    return { clock, auth, counted, entries };
  }

  /** The answer, or 'pending' while the throttle still holds it. */
  async function settle<T>(promise: Promise<T>): Promise<T | 'pending'> {
    let answer: T | 'pending' = 'pending';
    void promise.then((a) => {
      answer = a;
    });
    await flushPromises();
    return answer;
  }

  it('holds a guessing source before any check, its correct token too, while clean sources are answered at once', async () => {
    const { clock, auth, counted, entries } = throttled();
    // A few typos cost nothing (the third is over the two free ones, but its own token is new).
    for (let i = 1; i <= 3; i++) {
      expect(await auth.authenticate(`typo-${i}`, '10.6.6.6')).toEqual({ kind: 'invalid' });
    }
    // The next is held before it is even looked at (100 ms), as is a right token from there:
    // an answer that came sooner for a right token would tell a guesser it had found one.
    const guess = auth.authenticate('guess-4', '10.6.6.6');
    expect(await settle(guess)).toBe('pending');
    const right = auth.authenticate(PLAIN, '10.6.6.6');
    expect(await settle(right)).toBe('pending');
    // Another source is not held by someone else's failures.
    expect(await settle(auth.authenticate(PLAIN, '10.1.2.3'))).toEqual(valid('anna', 'host'));
    clock.advance(100);
    expect(await guess).toEqual({ kind: 'invalid' });
    expect(await right).toEqual(valid('anna', 'host'));
    expect(counted).toEqual(['slowed', 'slowed']);
    expect(entries.filter((e) => e.msg?.includes('slowed from now on'))).toHaveLength(1);
  });

  it('holds one wrong token repeated from many sources by its own penalty', async () => {
    const { clock, auth } = throttled();
    for (let i = 0; i < 2; i++) await auth.authenticate('leaked-old-token', `10.0.0.${i}`);
    // A fresh source, so nothing holds the check; the refusal is held by the token's penalty.
    const third = auth.authenticate('leaked-old-token', '10.0.0.99');
    expect(await settle(third)).toBe('pending');
    clock.advance(100);
    expect(await third).toEqual({ kind: 'invalid' });
  });
});

describe('createRoleGuard', () => {
  async function statusFor(check: TokenCheck): Promise<{ status: number; message: string }> {
    const authenticator: Authenticator = { authenticate: async () => check };
    const app = Fastify();
    installErrorHandling(app, nullLogger);
    app.get('/x', { preHandler: createRoleGuard(authenticator)('technician') }, async () => ({ ok: true }));
    const response = await app.inject({ url: '/x', headers: { authorization: 'Bearer some-token' } });
    await app.close();
    const body = response.json<{ error?: { message: string } }>();
    return { status: response.statusCode, message: body.error?.message ?? '' };
  }

  it('answers 401 for an invalid token and for a check it could not run, telling them apart', async () => {
    expect(await statusFor({ kind: 'invalid' })).toEqual({
      status: 401,
      message: 'the bearer token is not valid',
    });
    const busy = await statusFor({ kind: 'busy' });
    expect(busy.status).toBe(401);
    expect(busy.message).toContain('try again');
  });

  it('admits a valid token with the role and refuses one without', async () => {
    expect((await statusFor(valid('bo', 'technician'))).status).toBe(200);
    expect((await statusFor(valid('vy', 'viewer'))).status).toBe(403);
  });
});

describe('bearerToken', () => {
  it('extracts the token, case-insensitive scheme', () => {
    expect(bearerToken('Bearer abc$def')).toBe('abc$def');
    expect(bearerToken('bearer abc')).toBe('abc');
  });

  it('returns null for other schemes and malformed headers', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic YWxhZGRpbjpvcGVu')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('roleAtLeast', () => {
  it('orders viewer < technician < host', () => {
    expect(roleAtLeast('host', 'technician')).toBe(true);
    expect(roleAtLeast('technician', 'technician')).toBe(true);
    expect(roleAtLeast('technician', 'host')).toBe(false);
    expect(roleAtLeast('viewer', 'technician')).toBe(false);
  });
});
