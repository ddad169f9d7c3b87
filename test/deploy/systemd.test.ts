/**
 * deploy/systemd: the unit passes `systemd-analyze verify` (run for real; scripts/setup-test-host.sh
 * installs it), its hardening stays at the exposure level it was written for, and it agrees with
 * the gateway it runs: shutdown time, data directory, serial port access, the sysusers account.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const UNIT_FILE = join(ROOT, 'deploy', 'systemd', 'samband.service');
const unitText = readFileSync(UNIT_FILE, 'utf8');
const unit = parseUnit(unitText);
const production = parse(readFileSync(join(ROOT, 'config', 'example.production.yaml'), 'utf8')) as {
  gateway: { dataDir: string; shutdownTimeoutMs: number };
};
const work = mkdtempSync(join(tmpdir(), 'samband-systemd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * `verify` checks that ExecStart's program exists on this host, and CI's Node need not live at
 * /usr/bin/node (Debian's and NodeSource's path, which the unit names). So it verifies a copy in
 * which that one path is this test's own Node; every other line is the shipped unit's. (`--root`
 * would need a whole Node under a fake root: a symlink to it would resolve inside that root.)
 */
function unitForThisHost(): string {
  const [program] = value('Service', 'ExecStart').split(' ');
  expect(unitText.split(program ?? '').length - 1, `${program} appears only in ExecStart`).toBe(1);
  const dir = join(work, 'unit');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'samband.service');
  writeFileSync(file, unitText.replace(program ?? '', process.execPath));
  return file;
}

describe('deploy/systemd/samband.service', () => {
  it('passes systemd-analyze verify without a single complaint', async () => {
    const { stdout, stderr } = await analyze(['verify', '--man=no', unitForThisHost()]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('keeps its sandbox at the exposure level it was written for (systemd-analyze security)', async () => {
    const { stdout } = await analyze(['security', '--offline=yes', '--threshold=30', unitForThisHost()]);
    const level = /Overall exposure level for samband\.service: (\d+\.\d+)/.exec(stdout)?.[1];
    console.info(`[systemd] exposure level ${level} (0 = fully sandboxed, 10 = not at all)`);
    expect(Number(level)).toBeLessThanOrEqual(3);
  });

  it('lets a planned stop end within the gateway shutdown time-out, on SIGTERM, restarting otherwise', () => {
    expect(value('Service', 'KillSignal')).toBe('SIGTERM');
    const stopSec = Number(/^(\d+)s$/.exec(value('Service', 'TimeoutStopSec'))?.[1]);
    expect(stopSec * 1000).toBeGreaterThan(production.gateway.shutdownTimeoutMs);
    expect(value('Service', 'Restart')).toBe('always');
    expect(Number(value('Unit', 'StartLimitBurst'))).toBeGreaterThan(1);
    expect(Number(value('Unit', 'StartLimitIntervalSec'))).toBeGreaterThan(0);
  });

  it('writes only the data directory the production configuration names', () => {
    expect(value('Service', 'ProtectSystem')).toBe('strict');
    expect(value('Service', 'ReadWritePaths')).toBe(production.gateway.dataDir);
    expect(`/var/lib/${value('Service', 'StateDirectory')}`).toBe(production.gateway.dataDir);
  });

  it("reaches the radio's serial port: dialout group, and no device allow list", () => {
    expect(value('Service', 'SupplementaryGroups').split(/\s+/)).toContain('dialout');
    // ProtectClock= implies DeviceAllow=char-rtc r, which closes every other device.
    for (const key of ['PrivateDevices', 'DevicePolicy', 'DeviceAllow', 'ProtectClock'])
      expect(unit.Service?.[key], key).toBeUndefined();
  });

  it('runs as its own user, with secrets from an EnvironmentFile systemd reads as root, logging to the journal', () => {
    expect(value('Service', 'EnvironmentFile')).toMatch(/^\/etc\/samband\/\S+\.env$/);
    expect(value('Service', 'User')).toBe('samband');
    expect(value('Service', 'NoNewPrivileges')).toBe('yes');
    expect(value('Service', 'StandardOutput')).toBe('journal');
  });
});

describe('deploy/systemd/samband.sysusers', () => {
  it('makes the service user, without a login, at home in the data directory', async () => {
    const root = join(work, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\ndialout:x:20:\n');
    await run('systemd-sysusers', [`--root=${root}`, join(ROOT, 'deploy', 'systemd', 'samband.sysusers')]);
    const user = readFileSync(join(root, 'etc', 'passwd'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${value('Service', 'User')}:`));
    expect(user?.split(':').slice(5)).toEqual([production.gateway.dataDir, '/usr/sbin/nologin']);
  });
});

function value(section: string, key: string): string {
  const values = unit[section]?.[key];
  if (values === undefined) throw new Error(`[${section}] ${key}= is not set`);
  return values.join(' ');
}

function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line);
    if (header?.[1]) {
      current = {};
      sections[header[1]] = current;
    }
    const entry = /^(\w+)=(.*)$/.exec(line);
    if (entry?.[1]) current[entry[1]] = [...(current[entry[1]] ?? []), entry[2] ?? ''];
  }
  return sections;
}

async function analyze(args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run('systemd-analyze', args);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('systemd-analyze is missing: run scripts/setup-test-host.sh');
    throw new Error(`systemd-analyze ${args[0]} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
