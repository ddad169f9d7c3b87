/**
 * Bearer-token authentication and role checks.
 * Tokens come from config (`http.tokens`): either a plain `token` (compared in constant time) or a
 * scrypt `tokenHash`. scrypt is deliberately slow, so it runs on libuv's thread pool
 * (verifySecretAsync), never on the event loop, and its answers are cached under a SHA-256 digest
 * of the presented token (the raw token is never stored):
 * - a token that verified: for good, one entry per hashed token at most;
 * - a token that did not: in a small LRU with a time-to-live, so a client repeating a wrong
 *   token costs no scrypt until the entry expires;
 * - concurrent requests with the same uncached token share one check.
 * A stream of *distinct* wrong tokens defeats any cache, and each costs one scrypt per hashed
 * token; so the checks in flight are capped, and past the cap a request is refused at once
 * instead of queueing unbounded work on the thread pool that file I/O and DNS share. Cached
 * tokens never wait for a slot, so known clients keep working during such a flood.
 *
 * Wrong tokens are also slowed per source address (a LoginThrottle, as on MQTT and OPC UA): a
 * source that sent a few wrong tokens waits a growing penalty before *any* of its tokens is
 * looked at — a correct one included, so the wait reveals nothing — and suspects share half the
 * check slots. The "user" of the throttle is a prefix of the presented token's digest, so one
 * wrong token repeated from many sources is slowed too. Clean sources are never held.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { systemClock } from '../../bridge/clock.js';
import type { Clock } from '../../bridge/ports.js';
import type { HttpConfig, Role } from '../../config/schema.js';
import { verifySecretAsync } from '../../config/secrets.js';
import { CheckSlots, LoginAttempt } from '../auth/login-attempt.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';
import { RecentRejections } from './recent-rejections.js';

export type TokenConfig = HttpConfig['tokens'][number];

/** Who made a request: the token's `name` (the audit trail's `by`) and its role. */
export interface Principal {
  name: string;
  role: Role;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, technician: 1, host: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** The answer for one presented token. `busy`: not checked, too many checks were in flight. */
export type TokenCheck =
  | { readonly kind: 'valid'; readonly principal: Principal }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'busy' };

export interface Authenticator {
  /** `source` is the client's address, by which wrong tokens are slowed. */
  authenticate(token: string, source?: string): Promise<TokenCheck>;
}

export interface TokenCheckLimits {
  /** Refused token digests remembered at most. */
  rejectionCacheEntries: number;
  /** How long a refused token is answered from the cache. */
  rejectionTtlMs: number;
  /** Distinct uncached tokens checked at once; each check runs one scrypt per hashed token. */
  maxPendingVerifications: number;
}

export const TOKEN_CHECK_DEFAULTS: Readonly<TokenCheckLimits> = {
  rejectionCacheEntries: 1000,
  rejectionTtlMs: 60_000,
  maxPendingVerifications: 16,
};

export interface AuthenticatorOptions extends Partial<TokenCheckLimits> {
  /** Injected so tests can count and hold scrypt runs; defaults to config/secrets.verifySecretAsync. */
  verify?: (secret: string, stored: string) => Promise<boolean>;
  /** Ages the rejection cache; defaults to the system clock. */
  clock?: Clock;
  /** Slows wrong tokens per source; without it, nothing is slowed. */
  throttle?: LoginThrottle;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

const INVALID: TokenCheck = { kind: 'invalid' };
const BUSY: TokenCheck = { kind: 'busy' };

export function createAuthenticator(
  tokens: readonly TokenConfig[],
  options: AuthenticatorOptions = {},
): Authenticator {
  const verify = options.verify ?? verifySecretAsync;
  const limits = { ...TOKEN_CHECK_DEFAULTS, ...options };
  // Digests have a fixed length, so timingSafeEqual never leaks the plain token's length.
  const plain = tokens.flatMap((t) =>
    t.token === undefined ? [] : [{ digest: digest(t.token), principal: { name: t.name, role: t.role } }],
  );
  const hashed = tokens.flatMap((t) =>
    t.tokenHash === undefined ? [] : [{ hash: t.tokenHash, principal: { name: t.name, role: t.role } }],
  );
  // Bounded by the number of hashed tokens: only successful verifications are cached.
  const verified = new Map<string, Principal>();
  const rejected = new RecentRejections({
    maxEntries: limits.rejectionCacheEntries,
    ttlMs: limits.rejectionTtlMs,
    clock: options.clock ?? systemClock,
  });
  // At most maxPendingVerifications entries (one slot each), keyed like the caches.
  const inFlight = new Map<string, Promise<Principal | null>>();
  const slots = new CheckSlots(limits.maxPendingVerifications);

  async function check(token: string, key: string): Promise<Principal | null> {
    for (const entry of hashed) {
      if (await verify(token, entry.hash)) {
        verified.set(key, entry.principal);
        return entry.principal;
      }
    }
    // Only a completed check is remembered as a refusal; a failing scrypt rejects, uncached.
    rejected.add(key);
    return null;
  }

  async function lookup(token: string, presented: Buffer, attempt: LoginAttempt): Promise<TokenCheck> {
    if (token.length === 0) return INVALID;
    let match: Principal | null = null;
    // No early exit: every plain token is compared so timing does not reveal which one matched.
    for (const entry of plain) {
      if (timingSafeEqual(entry.digest, presented)) match = entry.principal;
    }
    if (match) return { kind: 'valid', principal: match };
    if (hashed.length === 0) return INVALID;
    const key = presented.toString('hex');
    const cached = verified.get(key);
    if (cached) return { kind: 'valid', principal: cached };
    if (rejected.has(key)) return INVALID;
    let pending = inFlight.get(key);
    if (!pending) {
      const release = attempt.takeSlot(slots);
      if (!release) return BUSY;
      // finally() runs as a later reaction, so the entry is always set before it is removed.
      pending = check(token, key).finally(() => {
        inFlight.delete(key);
        release();
      });
      inFlight.set(key, pending);
    }
    const principal = await pending;
    return principal ? { kind: 'valid', principal } : INVALID;
  }

  return {
    async authenticate(token, source = 'unknown') {
      const presented = digest(token);
      // 16 hex digits of the digest: enough to tell tokens apart, useless to recover one.
      const attempt = new LoginAttempt(options.throttle, source, presented.toString('hex', 0, 8));
      const held = attempt.hold();
      if (held) await held;
      const result = await lookup(token, presented, attempt);
      if (result.kind === 'invalid') await attempt.failed();
      return result;
    },
  };
}

/** Extracts the token from `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1). */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  // Any non-space token: configured tokens are free text, not necessarily RFC 6750 b64token.
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? null;
}

// A WeakMap rather than a decorated request property: no global type augmentation of Fastify,
// and the principal disappears with the request.
const principals = new WeakMap<FastifyRequest, Principal>();

/** The principal a `requireRole` pre-handler attached; throws if the route forgot to require one. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error(`route ${request.routeOptions.url ?? request.url} has no role check`);
  return principal;
}

export type RoleGuard = (role: Role) => preHandlerAsyncHookHandler;

/** Builds the pre-handler factory routes use: `{ preHandler: requireRole('host') }`. */
export function createRoleGuard(authenticator: Authenticator): RoleGuard {
  return (needed) =>
    async function requireRole(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      const token = bearerToken(request.headers.authorization);
      if (token === null) throw new UnauthorizedError();
      const result = await authenticator.authenticate(token, request.ip);
      // 401 rather than 503 for "busy": the client's remedy (try again) is the same, and the
      // error handler maps no 503. The message tells the two apart.
      if (result.kind === 'busy')
        throw new UnauthorizedError('too many token checks are in progress; try again shortly');
      if (result.kind === 'invalid') throw new UnauthorizedError('the bearer token is not valid');
      const { principal } = result;
      if (!roleAtLeast(principal.role, needed)) {
        throw new ForbiddenError(
          `this needs the role "${needed}"; the token "${principal.name}" is "${principal.role}"`,
        );
      }
      principals.set(request, principal);
    };
}
