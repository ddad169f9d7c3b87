/** Interoperability with the Debian mosquitto clients, as site technicians will use them. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MqttService, startMqtt } from '../../../adapters/mqtt/index.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { FakeCore } from './support/fake-core.js';
import { embeddedConfig, USERS } from './support/mqtt-helpers.js';

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a client with a kill time-out so a hung client fails the test instead of stalling it. */
function run(command: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 8000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

// Never skipped: a missing client means the test host was not set up (scripts/setup-test-host.sh),
// and a silent skip would hide that.
const installed = existsSync('/usr/bin/mosquitto_sub') && existsSync('/usr/bin/mosquitto_pub');

describe('mosquitto_sub / mosquitto_pub', () => {
  it('are installed (Debian package mosquitto-clients)', () => {
    expect(installed, 'install mosquitto-clients: ./scripts/setup-test-host.sh').toBe(true);
  });

  let service: MqttService;
  let core: FakeCore;

  beforeEach(async () => {
    core = new FakeCore(['a', 'b']);
    service = await startMqtt({
      config: embeddedConfig(),
      core,
      gatewayName: 'GW',
      version: '1',
      logger: nullLogger,
    });
  });
  afterEach(() => service.close());

  const conn = (user: { username: string; password: string }) => [
    ...['-h', '127.0.0.1', '-p', String(service.tcpPort), '-V', 'mqttv311'],
    ...['-u', user.username, '-P', user.password],
  ];

  it('mosquitto_sub -C 1 reads the retained online status', async () => {
    const out = await run('mosquitto_sub', [
      ...conn(USERS.dashboard),
      '-C',
      '1',
      '-W',
      '5',
      '-t',
      'samband/v1/gateway/status',
    ]);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ state: 'online', name: 'GW' });
  });

  it('mosquitto_sub as an agent is refused another participant’s subtree', async () => {
    const out = await run('mosquitto_sub', [
      ...conn(USERS.agentA),
      '-C',
      '1',
      '-W',
      '3',
      '-t',
      'samband/v1/participants/b/#',
    ]);
    // SUBACK 0x80; mosquitto_sub reports it on stderr, then disconnects (with exit code 0).
    expect(out.stderr).toContain('All subscription requests were denied');
    expect(out.stdout).toBe('');
  });

  it('mosquitto_pub publishes an agent’s heartbeat; publishing another’s is refused', async () => {
    const denied = await run('mosquitto_pub', [
      ...conn(USERS.agentA),
      ...['-q', '1', '-t', 'samband/v1/participants/b/heartbeat', '-m', '{}'],
    ]);
    // QoS 1: the broker closes the connection instead of sending PUBACK [MQTT-3.3.5-2].
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/connection was lost/i);

    const ok = await run('mosquitto_pub', [
      ...conn(USERS.agentA),
      ...['-q', '1', '-t', 'samband/v1/participants/a/heartbeat', '-m', '{"powerSource":"generator"}'],
    ]);
    expect(ok).toMatchObject({ exitCode: 0, stderr: '' });
    await expect
      .poll(() => core.heartbeats)
      .toEqual([{ participantId: 'a', heartbeat: { powerSource: 'generator' } }]);
  });

  it('mosquitto_pub with a wrong password gets CONNACK 4', async () => {
    const out = await run('mosquitto_pub', [
      ...conn({ ...USERS.agentA, password: 'wrong' }),
      '-t',
      'x',
      '-m',
      '{}',
    ]);
    expect(out.exitCode).not.toBe(0);
    expect(out.stderr).toMatch(/bad user name or password/i);
  });
});
