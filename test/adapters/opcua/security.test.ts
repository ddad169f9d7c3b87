import { describe, expect, it } from 'vitest';
import { userManager } from '../../../adapters/opcua/security.js';
import { hashSecret } from '../../../config/secrets.js';

function check(
  manager: ReturnType<typeof userManager>,
  username: string,
  password: string,
): Promise<boolean | undefined> {
  return new Promise((resolve, reject) => {
    manager.isValidUserAsync?.(username, password, (error, ok) => (error ? reject(error) : resolve(ok)));
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
    const manager = userManager(
      [host],
      async (_secret, stored) => {
        checked.push(stored);
        return true; // even a "match" against the decoy must not let anyone in
      },
      decoy,
    );
    expect(await check(manager, 'mallory', 'anything')).toBe(false);
    expect(checked).toEqual([decoy]);
  });
});
