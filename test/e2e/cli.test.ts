/** The CLI's offline commands, run as a user would: exit codes and what they print. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifySecret } from '../../config/secrets.js';
import { CLI, DEMO_CONFIG, demoConfigOnFreePorts } from '../support/cli-process.js';

const run = promisify(execFile);

async function cli(
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [CLI, ...args], { timeout: 15_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('samband CLI', () => {
  it('check-config accepts the demo configuration', async () => {
    const result = await cli(['check-config', DEMO_CONFIG]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('ok');
  });

  it('check-config prints every problem with file, line and field, and exits 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'samband-cli-')), 'bad.yaml');
    writeFileSync(
      file,
      [
        'participants:',
        '  - id: polisen',
        '    name: Polisen',
        '    organisation: Polisen',
        '    phone: ["0701740605"]',
        '    priorty: 1',
        'http:',
        '  port: http',
      ].join('\n'),
    );
    const result = await cli(['check-config', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${file}:5:\\d+: participants\\[0\\]\\.phone\\[0\\]: `));
    expect(result.stdout).toMatch(new RegExp(`${file}:6:\\d+: participants\\[0\\]`));
    expect(result.stdout).toMatch(/priority/);
    expect(result.stdout).toMatch(new RegExp(`${file}:8:\\d+: http\\.port: `));
  });

  it('check-config reports, under their own heading, a port held by another program and a missing serial device', async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as { port: number }).port;
    try {
      const file = demoConfigOnFreePorts((doc) => {
        doc.setIn(['http', 'port'], port);
        doc.setIn(['radios', 0, 'port'], '/dev/ttyFOO');
      });
      const lines = readFileSync(file, 'utf8').split('\n');
      const lineOf = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
      const result = await cli(['check-config', file]);
      expect(result.code).toBe(1);
      const [schema, runTime] = result.stdout.split('Run-time checks on this machine:\n');
      expect(schema).not.toMatch(new RegExp(file));
      expect(runTime).toContain(
        `${file}:${lineOf(new RegExp(`port: ${port}$`))}:9: http.port: port ${port} on 127.0.0.1 is already in use`,
      );
      expect(runTime).toMatch(
        new RegExp(
          `${file}:${lineOf(/port: \/dev\/ttyFOO/)}:\\d+: radios\\[0\\]\\.port: /dev/ttyFOO does not exist`,
        ),
      );

      const offline = await cli(['check-config', '--offline', file]);
      expect(offline.code).toBe(0);
      expect(offline.stdout).toContain('Run-time checks on this machine: skipped (--offline)');
      expect(offline.stdout).not.toContain('ttyFOO');
      expect(offline.stdout).toContain(`${file}: ok`);
    } finally {
      held.close();
    }
  });

  it('start refuses an invalid configuration before starting anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'samband-cli-')), 'empty.yaml');
    writeFileSync(file, 'participants: []\n');
    const result = await cli(['start', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:1:`);
  });

  it('hash-secret prints a hash that verifies the secret from stdin and nothing else', async () => {
    const result = await cli(['hash-secret'], '4711\n');
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(verifySecret('4711', hash)).toBe(true);
    expect(verifySecret('4712', hash)).toBe(false);
    expect(result.stdout).not.toContain('4711');
  });

  it('hash-secret refuses an empty secret', async () => {
    expect((await cli(['hash-secret'], '')).code).toBe(1);
  });
});
