/** The run-time checks against the real machine: real sockets, real files, real devices. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serialPortProblem } from '../../../config/machine/devices.js';
import { writableDirProblem } from '../../../config/machine/directories.js';
import { portProblem } from '../../../config/machine/ports.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A port some other program holds, as a test server on 127.0.0.1. */
async function heldPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('portProblem', () => {
  it('names a port another program holds, and lets it go for the next check', async () => {
    const port = await heldPort();
    expect(await portProblem('127.0.0.1', port)).toBe(
      `port ${port} on 127.0.0.1 is already in use (by another program, or a gateway already running)`,
    );
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await portProblem('127.0.0.1', port)).toBeNull();
    // Checking bound it and let go: a second check finds it free again.
    expect(await portProblem('127.0.0.1', port)).toBeNull();
  });

  it('accepts port 0 and refuses an address this machine does not have', async () => {
    expect(await portProblem('127.0.0.1', 0)).toBeNull();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address.
    expect(await portProblem('192.0.2.1', 18080)).toBe(
      '192.0.2.1 is not an address of this machine, so nothing can listen on it',
    );
  });
});

describe('writableDirProblem', () => {
  const base = () => mkdtempSync(join(tmpdir(), 'samband-machine-'));

  it('accepts an existing directory and one the gateway can create', () => {
    const dir = base();
    expect(writableDirProblem(dir)).toBeNull();
    expect(writableDirProblem(join(dir, 'not', 'yet'))).toBeNull();
  });

  it('refuses a data directory that is a file, or under one', () => {
    const file = join(base(), 'data');
    writeFileSync(file, '');
    expect(writableDirProblem(file)).toBe(`${file} is not a directory`);
    expect(writableDirProblem(join(file, 'sub'))).toBe(
      `${file} is not a directory, so ${join(file, 'sub')} cannot be created`,
    );
  });

  // root may write anywhere, so a mode cannot stop it (the CI container runs as root).
  it.skipIf(process.getuid?.() === 0)('refuses a directory this user cannot write', () => {
    const dir = join(base(), 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    expect(writableDirProblem(join(dir, 'data'))).toBe(
      `${dir} is not writable by this user, so ${join(dir, 'data')} cannot be created`,
    );
  });
});

describe('serialPortProblem', () => {
  it('needs nothing for a simulated port and accepts a character device', () => {
    expect(serialPortProblem('sim:rakel-1')).toBeNull();
    expect(serialPortProblem('/dev/null')).toBeNull();
  });

  it('names a device that does not exist and a path that is no device', () => {
    expect(serialPortProblem('/dev/ttyFOO')).toMatch(
      /^\/dev\/ttyFOO does not exist \(is the terminal plugged in/,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'samband-machine-')), 'ttyUSB0');
    writeFileSync(file, '');
    expect(serialPortProblem(file)).toBe(`${file} is not a serial device (a tty or pty)`);
  });
});
