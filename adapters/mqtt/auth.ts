/**
 * Authentication policy for the embedded broker: configured users (scrypt hashes), the
 * per-process gateway credential, and optional read-only anonymous access.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MqttUserConfig } from '../../config/schema.js';
import { verifySecret } from '../../config/secrets.js';
import { ConnackCodes, MqttAuthError, MqttError, MqttErrorCodes } from './errors.js';
import type { GatewayCredential } from './gateway-credential.js';
import type { Principal } from './principal.js';

export interface AuthOptions {
  users: readonly MqttUserConfig[];
  gateway: GatewayCredential;
  allowAnonymousRead: boolean;
  /** Injectable so tests can count how often scrypt runs. */
  verify?: (secret: string, stored: string) => boolean;
}

export type Authenticate = (username: string | undefined, password: Buffer | undefined) => Principal;

/** @throws MqttError CONFIG when a configured user collides with the gateway's reserved name. */
export function createAuthenticator(options: AuthOptions): Authenticate {
  const verify = options.verify ?? verifySecret;
  const users = new Map(options.users.map((u) => [u.username, u]));
  if (users.has(options.gateway.username)) {
    throw new MqttError(
      MqttErrorCodes.CONFIG,
      `mqtt user "${options.gateway.username}" is reserved for the gateway`,
    );
  }
  // Keyed HMAC, not a bare hash: the cache must be useless to anyone who dumps the heap.
  const cacheKey = randomBytes(32);
  const digest = (username: string, password: Buffer) =>
    createHmac('sha256', cacheKey).update(username).update('\0').update(password).digest();
  const gatewayDigest = digest(options.gateway.username, Buffer.from(options.gateway.password));
  // One entry per configured user at most (the last password that verified), so it cannot grow.
  const verified = new Map<string, Buffer>();

  return (username, password) => {
    if (username === undefined && password === undefined) {
      if (options.allowAnonymousRead) return { kind: 'anonymous' };
      throw new MqttAuthError(
        MqttErrorCodes.NOT_AUTHORIZED,
        ConnackCodes.NOT_AUTHORIZED,
        'anonymous access is off',
      );
    }
    if (username === undefined || password === undefined) throw badCredentials();
    const presented = digest(username, password);
    if (username === options.gateway.username) {
      if (timingSafeEqual(presented, gatewayDigest)) return { kind: 'gateway', username };
      throw badCredentials();
    }
    const user = users.get(username);
    // Unknown users are refused without running scrypt, which blocks the event loop: a flood of
    // guesses must not stall delivery. This reveals which usernames exist; they are not secret here.
    if (!user) throw badCredentials();
    const cached = verified.get(username);
    if (!(cached && timingSafeEqual(cached, presented))) {
      if (!verify(password.toString('utf8'), user.passwordHash)) throw badCredentials();
      verified.set(username, presented);
    }
    if (user.role === 'dashboard') return { kind: 'dashboard', username };
    // The schema guarantees an agent has a participant; refuse rather than grant a blank one.
    if (user.participant === undefined) throw badCredentials();
    return { kind: 'agent', username, participantId: user.participant };
  };
}

function badCredentials(): MqttAuthError {
  // CONNACK 4 [MQTT-3.2.2-5]: same answer for unknown user and wrong password.
  return new MqttAuthError(
    MqttErrorCodes.BAD_CREDENTIALS,
    ConnackCodes.BAD_USERNAME_OR_PASSWORD,
    'bad user name or password',
  );
}
