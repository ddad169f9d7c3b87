/**
 * PINs, passwords and tokens are stored as scrypt hashes: `scrypt$N$r$p$salt$hash` (base64).
 * Verification is constant-time. `samband hash-secret` prints a hash for the config file.
 * Network-facing checks use verifySecretAsync: scrypt is deliberately slow (tens of ms at the
 * defaults), and the synchronous form would stall the event loop for every guess.
 */
import { randomBytes, type ScryptOptions, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

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
  return matches(scryptSync(secret, parsed.salt, parsed.hash.length, scryptOptions(parsed)), parsed.hash);
}

/**
 * verifySecret with scrypt on libuv's thread pool, so the event loop keeps running meanwhile.
 * Resolves false for a wrong secret or a malformed hash; rejects only if scrypt itself fails.
 */
export function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    scrypt(secret, parsed.salt, parsed.hash.length, scryptOptions(parsed), (error, actual) => {
      if (error) reject(error);
      else resolve(matches(actual, parsed.hash));
    });
  });
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function scryptOptions({ N, r, p }: ParsedHash): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r };
}

function matches(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function parseHash(value: string): ParsedHash | null {
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
