import { describe, expect, it } from 'vitest';
import { userManager } from '../../../adapters/opcua/security.js';
import { hashSecret } from '../../../config/secrets.js';
import { flushPromises } from '../../support/fake-clock.js';
import { fakeTimeThrottle } from '../../support/login-throttle.js';

/** Asks as node-opcua 2.182.2 does: `this` is the ServerSession, whose channel has the address. */
function check(
  manager: ReturnType<typeof userManager>,
  username: string,
  password: string,
  remoteAddress?: string,
): Promise<boolean | undefined> {
  const session = remoteAddress === undefined ? undefined : { channel: { remoteAddress } };
  return new Promise((resolve, reject) => {
    manager.isValidUserAsync.call(session, username, password, (error, ok) =>
      error ? reject(error) : resolve(ok),
    );
  });
}

describe('OPC UA user manager', () => {
  const host = {
    username: 'tib',
    passwordHash: hashSecret('rätt lösen', { N: 1024 }),
    role: 'host' as const,
  };

  it('accepts the right password and refuses a wrong one', async () => {
    const manager = userManager([host]);
    expect(await check(manager, 'tib', 'rätt lösen')).toBe(true);
    expect(await check(manager, 'tib', 'fel')).toBe(false);
  });

  it('spends a password check on an unknown user too, so timing does not reveal user names', async () => {
    const checked: string[] = [];
    const decoy = hashSecret('nobody knows', { N: 1024 });
    const manager = userManager([host], {
      verify: async (_secret, stored) => {
        checked.push(stored);
        return true; // even a "match" against the decoy must not let anyone in
      },
      decoyHash: decoy,
    });
    expect(await check(manager, 'mallory', 'anything')).toBe(false);
    expect(checked).toEqual([decoy]);
  });

  it('slows wrong passwords per source, while the right one from another source gets in at once', async () => {
    const { clock, throttle, counted } = fakeTimeThrottle();
    const manager = userManager([host], { throttle });
    for (let i = 0; i < 2; i++) expect(await check(manager, 'tib', `fel ${i}`, '10.6.6.6')).toBe(false);
    // The third guess is held before its check.
    let third: boolean | undefined | 'pending' = 'pending';
    void check(manager, 'tib', 'fel 3', '10.6.6.6').then((ok) => {
      third = ok;
    });
    await flushPromises();
    expect(third).toBe('pending');
    expect(await check(manager, 'tib', 'rätt lösen', '10.1.2.3')).toBe(true);
    for (let i = 0; i < 100 && third === 'pending'; i++) {
      clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(third).toBe(false);
    expect(counted).toContain('slowed');
  });
});
