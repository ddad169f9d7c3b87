/**
 * Authentication policy for the embedded broker: configured users (scrypt hashes), the
 * per-process gateway credential, and optional read-only anonymous access.
 *
 * scrypt runs on libuv's thread pool (verifySecretAsync), never on the event loop. A password
 * that verified is cached per user, so reconnects cost no scrypt. Unknown users cost none either.
 * What is left, wrong passwords for known users, is bounded by a cap on checks in flight: past
 * it a CONNECT gets CONNACK 3 (server unavailable) at once, and the client retries later.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MqttUserConfig } from '../../config/schema.js';
import { verifySecretAsync } from '../../config/secrets.js';
import { CheckSlots, LoginAttempt } from '../auth/login-attempt.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { ConnackCodes, MqttAuthError, MqttError, MqttErrorCodes } from './errors.js';
import type { GatewayCredential } from './gateway-credential.js';
import type { Principal } from './principal.js';

export interface AuthOptions {
  users: readonly MqttUserConfig[];
  gateway: GatewayCredential;
  allowAnonymousRead: boolean;
  /** Injectable so tests can count how often scrypt runs and hold it pending. */
  verify?: (secret: string, stored: string) => Promise<boolean>;
  /** Password checks allowed in flight at once (default {@link MAX_PENDING_VERIFICATIONS}). */
  maxPendingVerifications?: number;
  /** Slows wrong passwords per source and user name; without it, nothing is slowed. */
  throttle?: LoginThrottle;
}

/**
 * Resolves with the principal, or rejects with an MqttAuthError carrying the CONNACK code.
 * `source` is the peer's address, by which wrong passwords are slowed (LoginThrottle).
 */
export type Authenticate = (
  username: string | undefined,
  password: Buffer | undefined,
  source?: string,
) => Promise<Principal>;

/**
 * A reconnect storm after a restart (every agent at once) fits; a flood of guesses cannot queue
 * unbounded work on the thread pool that file I/O and DNS share.
 */
export const MAX_PENDING_VERIFICATIONS = 32;

/** @throws MqttError CONFIG when a configured user collides with the gateway's reserved name. */
export function createAuthenticator(options: AuthOptions): Authenticate {
  const verify = options.verify ?? verifySecretAsync;
  // Suspects (sources with recent failures) share half the slots: the other half is kept for
  // clients that have not failed, so a flood of wrong passwords never refuses a correct login.
  const slots = new CheckSlots(options.maxPendingVerifications ?? MAX_PENDING_VERIFICATIONS);
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

  return async (username, password, source = 'unknown') => {
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
    const attempt = new LoginAttempt(options.throttle, source, username);
    // A suspect source waits before any answer, unknown user names and cached passwords
    // included: otherwise spraying made-up names would never be slowed per source, and a quick
    // answer would tell a guesser it had hit a password that an agent's reconnect had cached.
    const held = attempt.hold();
    if (held) await held;
    // Unknown users are refused without running scrypt, which blocks the event loop: a flood of
    // guesses must not stall delivery. This reveals which usernames exist; they are not secret here.
    if (!user) {
      await attempt.failed();
      throw badCredentials();
    }
    const cached = verified.get(username);
    if (!(cached && timingSafeEqual(cached, presented))) {
      const release = attempt.takeSlot(slots);
      if (!release) throw busy();
      let ok: boolean;
      try {
        ok = await verify(password.toString('utf8'), user.passwordHash);
      } finally {
        release();
      }
      if (!ok) {
        await attempt.failed();
        throw badCredentials();
      }
      verified.set(username, presented);
    }
    if (user.role === 'dashboard') return { kind: 'dashboard', username };
    // The schema guarantees an agent has a participant; refuse rather than grant a blank one.
    if (user.participant === undefined) throw badCredentials();
    return { kind: 'agent', username, participantId: user.participant };
  };
}

function busy(): MqttAuthError {
  // CONNACK 3 [MQTT-3.2.2-5]: "server unavailable"; clients retry on their reconnect period.
  return new MqttAuthError(
    MqttErrorCodes.AUTH_BUSY,
    ConnackCodes.SERVER_UNAVAILABLE,
    'too many password checks in progress',
  );
}

function badCredentials(): MqttAuthError {
  // CONNACK 4 [MQTT-3.2.2-5]: same answer for unknown user and wrong password.
  return new MqttAuthError(
    MqttErrorCodes.BAD_CREDENTIALS,
    ConnackCodes.BAD_USERNAME_OR_PASSWORD,
    'bad user name or password',
  );
}
