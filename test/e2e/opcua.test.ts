/** The real CLI on the demo configuration serves OPC UA; an anonymous SCADA client can read. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymous, clientPki, connect, readValue } from '../adapters/opcua/support/harness.js';
import { demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';

describe('demo CLI over OPC UA', () => {
  let cli: RunningCli | null = null;
  const pki = clientPki();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'samband-e2e-opcua-')), 'data');
  afterAll(async () => {
    await cli?.stop('SIGKILL');
    await pki.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the endpoint, serves a participant ActivePath to anonymous readers and stops cleanly', async () => {
    cli = await startCli(demoConfigOnFreePorts((doc) => doc.setIn(['gateway', 'dataDir'], dataDir)));
    expect(cli.opcuaUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dataDir, 'opcua-pki', 'own', 'certs'))).toBe(true);
    const client = await connect(cli.opcuaUrl ?? '', pki.manager, anonymous);
    try {
      const path = await readValue(client.session, 'ns=1;s=Samband.Participants.lansstyrelsen.ActivePath');
      expect(path.status).toBe('Good');
      expect(['phone', 'radio', 'none']).toContain(path.value);
      expect(await readValue(client.session, 'ns=1;s=Samband.Gateway.State')).toEqual({
        value: 'online',
        status: 'Good',
      });
    } finally {
      await client.close();
    }
    const started = Date.now();
    expect(await cli.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);
});
