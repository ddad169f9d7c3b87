import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../adapters/mqtt/auth.js';
import { ConnackCodes, MqttAuthError, MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import type { GatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { createGatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { hashSecret, verifySecret } from '../../../config/secrets.js';

const gateway: GatewayCredential = createGatewayCredential();
const users = [
  { username: 'dash', passwordHash: hashSecret('dash-pw', { N: 1024 }), role: 'dashboard' as const },
  {
    username: 'agent-a',
    passwordHash: hashSecret('a-pw', { N: 1024 }),
    role: 'agent' as const,
    participant: 'a',
  },
];
const buf = (s: string) => Buffer.from(s);

function refusal(fn: () => unknown): MqttAuthError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MqttAuthError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('createAuthenticator', () => {
  it('maps users to their principal', () => {
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: false });
    expect(auth('dash', buf('dash-pw'))).toEqual({ kind: 'dashboard', username: 'dash' });
    expect(auth('agent-a', buf('a-pw'))).toEqual({ kind: 'agent', username: 'agent-a', participantId: 'a' });
    expect(auth(gateway.username, buf(gateway.password))).toEqual({
      kind: 'gateway',
      username: gateway.username,
    });
  });

  it('runs scrypt once per user and password, not on every reconnect', () => {
    let calls = 0;
    const verify = (secret: string, stored: string) => {
      calls++;
      return verifySecret(secret, stored);
    };
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: false, verify });
    for (let i = 0; i < 5; i++) auth('agent-a', buf('a-pw'));
    expect(calls).toBe(1);
    // A wrong password is never served from the cache.
    expect(refusal(() => auth('agent-a', buf('a-pw!'))).returnCode).toBe(
      ConnackCodes.BAD_USERNAME_OR_PASSWORD,
    );
    expect(calls).toBe(2);
  });

  it('refuses a wrong password, an unknown user, a missing password and a wrong gateway secret with CONNACK 4', () => {
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: true });
    for (const attempt of [
      () => auth('dash', buf('nope')),
      () => auth('nobody', buf('x')),
      () => auth('dash', undefined),
      () => auth(gateway.username, buf('guess')),
    ]) {
      const error = refusal(attempt);
      expect(error).toMatchObject({ code: MqttErrorCodes.BAD_CREDENTIALS, returnCode: 4 });
    }
  });

  it('admits anonymous clients only when anonymous read is on', () => {
    expect(createAuthenticator({ users, gateway, allowAnonymousRead: true })(undefined, undefined)).toEqual({
      kind: 'anonymous',
    });
    const off = createAuthenticator({ users, gateway, allowAnonymousRead: false });
    expect(refusal(() => off(undefined, undefined))).toMatchObject({
      code: MqttErrorCodes.NOT_AUTHORIZED,
      returnCode: 5,
    });
  });

  it('generates a different gateway secret per process start', () => {
    expect(createGatewayCredential().password).not.toBe(createGatewayCredential().password);
  });
});
