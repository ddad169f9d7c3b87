/**
 * PINs, passwords and tokens are stored as scrypt hashes: `scrypt$N$r$p$salt$hash` (base64).
 * Verification is constant-time. `samband hash-secret` prints a hash for the config file.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const PREFIX = 'scrypt';
const DEFAULTS = { N: 16384, r: 8, p: 1, keyLength: 32 };

export function hashSecret(secret: string, params: Partial<typeof DEFAULTS> = {}): string {
  const { N, r, p, keyLength } = { ...DEFAULTS, ...params };
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, keyLength, { N, r, p, maxmem: 256 * N * r });
  return [PREFIX, N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function isSecretHash(value: string): boolean {
  return parseHash(value) !== null;
}

export function verifySecret(secret: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = scryptSync(secret, parsed.salt, parsed.hash.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: 256 * parsed.N * parsed.r,
  });
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

function parseHash(value: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const parts = value.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return null;
  if ((N & (N - 1)) !== 0) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}
