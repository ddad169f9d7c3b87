import { describe, expect, it } from 'vitest';
import { hashSecret, isSecretHash, verifySecret, verifySecretAsync } from '../../config/secrets.js';

// Cheap parameters keep the suite fast; the format and verification path are the same.
const FAST = { N: 1024 };

describe('secrets', () => {
  it('round-trips: a hash verifies its own secret', () => {
    const hash = hashSecret('4711', FAST);
    expect(isSecretHash(hash)).toBe(true);
    expect(verifySecret('4711', hash)).toBe(true);
  });

  it('uses the default parameters and a fresh salt each time', () => {
    const a = hashSecret('same');
    const b = hashSecret('same');
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(a).not.toBe(b);
    expect(verifySecret('same', b)).toBe(true);
  });

  it('rejects a wrong secret', () => {
    const hash = hashSecret('correct horse', FAST);
    expect(verifySecret('correct hors', hash)).toBe(false);
    expect(verifySecret('', hash)).toBe(false);
    expect(verifySecret('correct horse ', hash)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['a plain secret', 'hunter2'],
    ['another scheme', 'bcrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['too few parts', 'scrypt$16384$8$1$c2FsdHNhbHQ='],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['r not a number', 'scrypt$16384$x$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['p zero', 'scrypt$16384$8$0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['salt too short', 'scrypt$16384$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['hash too short', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaA=='],
  ])('rejects a malformed hash (%s)', async (_, value) => {
    expect(isSecretHash(value)).toBe(false);
    expect(verifySecret('anything', value)).toBe(false);
    await expect(verifySecretAsync('anything', value)).resolves.toBe(false);
  });
});

describe('verifySecretAsync', () => {
  it('agrees with verifySecret', async () => {
    const hash = hashSecret('correct horse', FAST);
    await expect(verifySecretAsync('correct horse', hash)).resolves.toBe(true);
    for (const wrong of ['correct hors', '', 'correct horse ']) {
      await expect(verifySecretAsync(wrong, hash)).resolves.toBe(false);
    }
  });

  it('leaves the event loop free while scrypt runs', async () => {
    // Default parameters: scrypt takes tens of milliseconds, far longer than one loop turn.
    const hash = hashSecret('pin');
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    // A synchronous scrypt would finish inside this call, before the immediate could run.
    const turnedFirst = await verifySecretAsync('wrong', hash).then(() => turned);
    expect(turnedFirst).toBe(true);
  });
});
