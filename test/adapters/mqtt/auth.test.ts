import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../adapters/mqtt/auth.js';
import { ConnackCodes, MqttAuthError, MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import type { GatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { createGatewayCredential } from '../../../adapters/mqtt/gateway-credential.js';
import { hashSecret, verifySecretAsync } from '../../../config/secrets.js';

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

async function refusal(attempt: Promise<unknown>): Promise<MqttAuthError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof MqttAuthError) return error;
    throw error;
  }
  throw new Error('accepted');
}

/** A verify whose answers the test releases, to hold checks in flight. */
function heldVerify() {
  const held: Array<() => void> = [];
  let calls = 0;
  const verify = (secret: string, stored: string) => {
    calls++;
    return new Promise<boolean>((resolve, reject) => {
      held.push(() => verifySecretAsync(secret, stored).then(resolve, reject));
    });
  };
  return {
    verify,
    calls: () => calls,
    releaseAll: () => {
      for (const release of held.splice(0)) release();
    },
  };
}

describe('createAuthenticator', () => {
  it('maps users to their principal', async () => {
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: false });
    expect(await auth('dash', buf('dash-pw'))).toEqual({ kind: 'dashboard', username: 'dash' });
    expect(await auth('agent-a', buf('a-pw'))).toEqual({
      kind: 'agent',
      username: 'agent-a',
      participantId: 'a',
    });
    expect(await auth(gateway.username, buf(gateway.password))).toEqual({
      kind: 'gateway',
      username: gateway.username,
    });
  });

  it('runs scrypt once per user and password, not on every reconnect', async () => {
    let calls = 0;
    const verify = (secret: string, stored: string) => {
      calls++;
      return verifySecretAsync(secret, stored);
    };
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: false, verify });
    for (let i = 0; i < 5; i++) await auth('agent-a', buf('a-pw'));
    expect(calls).toBe(1);
    // A wrong password is never served from the cache.
    expect((await refusal(auth('agent-a', buf('a-pw!')))).returnCode).toBe(
      ConnackCodes.BAD_USERNAME_OR_PASSWORD,
    );
    expect(calls).toBe(2);
  });

  it('refuses a wrong password, an unknown user, a missing password and a wrong gateway secret with CONNACK 4', async () => {
    const auth = createAuthenticator({ users, gateway, allowAnonymousRead: true });
    for (const attempt of [
      () => auth('dash', buf('nope')),
      () => auth('nobody', buf('x')),
      () => auth('dash', undefined),
      () => auth(gateway.username, buf('guess')),
    ]) {
      const error = await refusal(attempt());
      expect(error).toMatchObject({ code: MqttErrorCodes.BAD_CREDENTIALS, returnCode: 4 });
    }
  });

  it('checks a password without blocking the event loop', async () => {
    // Production-strength parameters: scrypt takes tens of milliseconds.
    const strong = [{ username: 'dash', passwordHash: hashSecret('dash-pw'), role: 'dashboard' as const }];
    const auth = createAuthenticator({ users: strong, gateway, allowAnonymousRead: false });
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const attempt = auth('dash', buf('wrong'));
    // A synchronous scrypt would already have run and refused inside the call above.
    expect(turned).toBe(false);
    expect((await refusal(attempt)).returnCode).toBe(ConnackCodes.BAD_USERNAME_OR_PASSWORD);
    expect(turned).toBe(true);
  });

  it('answers CONNACK 3 once too many password checks are in flight, and recovers', async () => {
    const held = heldVerify();
    const auth = createAuthenticator({
      users,
      gateway,
      allowAnonymousRead: false,
      verify: held.verify,
      maxPendingVerifications: 2,
    });
    const first = auth('dash', buf('guess-1'));
    const second = auth('agent-a', buf('a-pw'));
    const third = await refusal(auth('dash', buf('guess-3')));
    expect(third).toMatchObject({
      code: MqttErrorCodes.AUTH_BUSY,
      returnCode: ConnackCodes.SERVER_UNAVAILABLE,
    });
    expect(held.calls()).toBe(2);
    // The gateway and unknown users never queue behind the cap.
    expect(await auth(gateway.username, buf(gateway.password))).toMatchObject({ kind: 'gateway' });
    expect((await refusal(auth('nobody', buf('x')))).returnCode).toBe(4);

    held.releaseAll();
    expect((await refusal(first)).returnCode).toBe(ConnackCodes.BAD_USERNAME_OR_PASSWORD);
    expect(await second).toMatchObject({ kind: 'agent' });
    // Slots are free again, and a cached password needs none.
    const again = auth('dash', buf('dash-pw'));
    held.releaseAll();
    expect(await again).toMatchObject({ kind: 'dashboard' });
    expect(await auth('agent-a', buf('a-pw'))).toMatchObject({ kind: 'agent' });
    expect(held.calls()).toBe(3);
  });

  it('admits anonymous clients only when anonymous read is on', async () => {
    expect(
      await createAuthenticator({ users, gateway, allowAnonymousRead: true })(undefined, undefined),
    ).toEqual({
      kind: 'anonymous',
    });
    const off = createAuthenticator({ users, gateway, allowAnonymousRead: false });
    expect(await refusal(off(undefined, undefined))).toMatchObject({
      code: MqttErrorCodes.NOT_AUTHORIZED,
      returnCode: 5,
    });
  });

  it('generates a different gateway secret per process start', () => {
    expect(createGatewayCredential().password).not.toBe(createGatewayCredential().password);
  });
});
