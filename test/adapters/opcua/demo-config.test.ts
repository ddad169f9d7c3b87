/** config/demo.yaml turns the OPC UA server on, read-only for anonymous clients, with a host user. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpcuaService, startOpcua } from '../../../adapters/opcua/index.js';
import { loadConfig } from '../../../config/load.js';
import { FakeCore } from '../mqtt/support/fake-core.js';
import { RecordingLogger } from '../mqtt/support/recording-logger.js';
import { anonymous, callMethod, clientPki, connect, readValue, user } from './support/harness.js';

describe('OPC UA with config/demo.yaml', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('starts with anonymous read, the documented host user, and its PKI under dataDir/opcua-pki', async () => {
    const { config } = loadConfig('config/demo.yaml', {});
    expect(config.opcua).toMatchObject({ enabled: true, port: 4840, allowAnonymous: true });
    const dir = mkdtempSync(join(tmpdir(), 'samband-opcua-demo-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const pki = clientPki();
    cleanup.push(() => pki.dispose());
    const core = new FakeCore(config.participants.map((p) => p.id));
    const service: OpcuaService = await startOpcua({
      config: { ...config.opcua, port: 0 },
      core,
      dataDir: dir,
      gatewayName: config.gateway.name,
      version: 'demo',
      logger: new RecordingLogger(),
    });
    cleanup.push(() => service.close());
    expect(existsSync(join(dir, 'opcua-pki', 'own', 'certs'))).toBe(true);

    const anon = await connect(service.endpointUrl, pki.manager, anonymous);
    cleanup.push(() => anon.close());
    const P = 'ns=1;s=Samband.Participants.lansstyrelsen';
    expect(await readValue(anon.session, `${P}.ActivePath`)).toEqual({ value: 'none', status: 'Good' });
    expect((await callMethod(anon.session, P, `${P}.ForcePath`, ['radio'])).status).toBe(
      'BadUserAccessDenied',
    );

    const host = await connect(service.endpointUrl, pki.manager, user('host', 'demo-opcua-host'));
    cleanup.push(() => host.close());
    expect((await callMethod(host.session, P, `${P}.ForcePath`, ['radio'])).status).toBe('Good');
    expect(core.participant('lansstyrelsen').path.override).toBe('radio');
  });
});
