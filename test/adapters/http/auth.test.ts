import { describe, expect, it } from 'vitest';
import { bearerToken, createAuthenticator, roleAtLeast } from '../../../adapters/http/auth.js';
import { hashSecret, verifySecret } from '../../../config/secrets.js';

// Cheap scrypt parameters keep the suite fast; the format is the same as production hashes.
const HASHED = 'hashed-token-0123456789abcdef';
const hash = hashSecret(HASHED, { N: 1024 });

describe('createAuthenticator', () => {
  it('matches a plain token and returns its name and role', () => {
    const auth = createAuthenticator([{ name: 'anna', role: 'host', token: 'plain-token-0123456789' }]);
    expect(auth.authenticate('plain-token-0123456789')).toEqual({ name: 'anna', role: 'host' });
  });

  it('rejects a wrong, a prefix and an empty token', () => {
    const auth = createAuthenticator([{ name: 'anna', role: 'host', token: 'plain-token-0123456789' }]);
    expect(auth.authenticate('plain-token-012345678')).toBeNull();
    expect(auth.authenticate('plain-token-0123456789x')).toBeNull();
    expect(auth.authenticate('')).toBeNull();
  });

  it('verifies a tokenHash and runs scrypt only once per token', () => {
    let runs = 0;
    const verify = (secret: string, stored: string): boolean => {
      runs += 1;
      return verifySecret(secret, stored);
    };
    const auth = createAuthenticator([{ name: 'bo', role: 'technician', tokenHash: hash }], { verify });
    expect(auth.authenticate(HASHED)).toEqual({ name: 'bo', role: 'technician' });
    expect(auth.authenticate(HASHED)).toEqual({ name: 'bo', role: 'technician' });
    expect(auth.authenticate(HASHED)).toEqual({ name: 'bo', role: 'technician' });
    expect(runs).toBe(1);
  });

  it('does not cache failures as successes', () => {
    const auth = createAuthenticator([{ name: 'bo', role: 'technician', tokenHash: hash }]);
    expect(auth.authenticate('wrong-token-0123456789')).toBeNull();
    expect(auth.authenticate('wrong-token-0123456789')).toBeNull();
    expect(auth.authenticate(HASHED)).not.toBeNull();
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
