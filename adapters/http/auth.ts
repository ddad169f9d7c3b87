/**
 * Bearer-token authentication and role checks.
 * Tokens come from config (`http.tokens`): either a plain `token` (compared in constant time) or a
 * scrypt `tokenHash`. scrypt is deliberately slow, so a successful verification is cached under a
 * SHA-256 digest of the token: the raw token is never stored, and scrypt runs once per token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { HttpConfig, Role } from '../../config/schema.js';
import { verifySecret } from '../../config/secrets.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

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

export interface Authenticator {
  /** The principal for a raw token, or null if it matches no configured token. */
  authenticate(token: string): Principal | null;
}

export interface AuthenticatorOptions {
  /** Injected so tests can count scrypt runs; defaults to config/secrets.verifySecret. */
  verify?: (secret: string, stored: string) => boolean;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function createAuthenticator(
  tokens: readonly TokenConfig[],
  options: AuthenticatorOptions = {},
): Authenticator {
  const verify = options.verify ?? verifySecret;
  // Digests have a fixed length, so timingSafeEqual never leaks the plain token's length.
  const plain = tokens.flatMap((t) =>
    t.token === undefined ? [] : [{ digest: digest(t.token), principal: { name: t.name, role: t.role } }],
  );
  const hashed = tokens.flatMap((t) =>
    t.tokenHash === undefined ? [] : [{ hash: t.tokenHash, principal: { name: t.name, role: t.role } }],
  );
  // Bounded by the number of hashed tokens: only successful verifications are cached.
  const verified = new Map<string, Principal>();

  return {
    authenticate(token) {
      if (token.length === 0) return null;
      const presented = digest(token);
      let match: Principal | null = null;
      // No early exit: every plain token is compared so timing does not reveal which one matched.
      for (const entry of plain) {
        if (timingSafeEqual(entry.digest, presented)) match = entry.principal;
      }
      if (match) return match;
      const key = presented.toString('hex');
      const cached = verified.get(key);
      if (cached) return cached;
      for (const entry of hashed) {
        if (verify(token, entry.hash)) {
          verified.set(key, entry.principal);
          return entry.principal;
        }
      }
      return null;
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
      const principal = authenticator.authenticate(token);
      if (!principal) throw new UnauthorizedError('the bearer token is not valid');
      if (!roleAtLeast(principal.role, needed)) {
        throw new ForbiddenError(
          `this needs the role "${needed}"; the token "${principal.name}" is "${principal.role}"`,
        );
      }
      principals.set(request, principal);
    };
}
