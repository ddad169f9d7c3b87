/**
 * Issue 3 from the outside: `samband sim` serves the simulated RAKEL terminal on a socat pty,
 * and a separately started gateway opens that pty with the real serialport bindings exactly as
 * it would open /dev/ttyUSB0. Both are real CLI processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';
import { type Watch, watch } from '../support/mqtt-watch.js';

const PREFIX = 'samband/v1';
const HOST = 'demo-host-token-change-me';

interface RadioStatus {
  connected: boolean;
  registered: boolean;
  port: string;
}

describe('samband sim on a pty, gateway on the pty', () => {
  let sim: ChildProcess;
  let simOut = '';
  let gateway: RunningCli;
  let state: Watch;
  let device: string;

  beforeAll(async () => {
    const configFile = demoConfigOnFreePorts((doc) => {
      doc.setIn(['radios', 0, 'port'], 'PLACEHOLDER');
      // The SMS modem on a pty served by `samband sim` too; its phones answer only when told.
      doc.setIn(['callUp', 'sms', 'port'], 'MODEM_PLACEHOLDER');
      doc.setIn(['simulation', 'sms', 'autoReply'], false);
    });
    device = join(dirname(configFile), 'rakel-1');
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      configFile,
      readFileSync(configFile, 'utf8')
        .replace('MODEM_PLACEHOLDER', join(dirname(configFile), 'modem'))
        .replace('PLACEHOLDER', device),
    );
    sim = spawn(process.execPath, [CLI, 'sim', '--config', configFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    sim.stdout?.on('data', (chunk: Buffer) => {
      simOut += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`samband sim did not start:\n${err}`)), 15_000);
      sim.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        if (err.includes('samband sim ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      sim.once('exit', (code) => reject(new Error(`samband sim exited ${code}:\n${err}`)));
    });
    gateway = await startCli(configFile);
    state = await watch(gateway.mqttUrl, `${PREFIX}/#`);
  }, 40_000);

  afterAll(async () => {
    await state?.close();
    await gateway?.stop('SIGTERM');
    sim?.kill('SIGTERM');
  });

  const console = (line: string) => sim.stdin?.write(`${line}\n`);
  const radioTopic = `${PREFIX}/radios/rakel-1/status`;

  it('the gateway opens the pty and the terminal registers', async () => {
    const status = await state.waitFor<RadioStatus>(radioTopic, (s) => s.connected && s.registered, 15_000);
    expect(status.port).toBe(device);
  });

  it('a failover SDS travels over the pty and its delivery report comes back', async () => {
    await state.waitFor<{ active: string }>(
      `${PREFIX}/participants/polisen/path`,
      (p) => p.active === 'phone',
      20_000,
    );
    const events: { type: string; participantId?: string; detail?: string }[] = [];
    state.client.on('message', (topic, payload) => {
      if (topic.endsWith('/conferences/veckokonferens/events')) events.push(JSON.parse(payload.toString()));
    });
    await fetch(`${gateway.httpBase}/api/sim/participants/polisen/phone`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HOST}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'down' }),
    });
    await expect
      .poll(() => events.find((e) => e.type === 'failover-announced' && e.participantId === 'polisen'), {
        timeout: 10_000,
      })
      .toMatchObject({ detail: 'delivered' });
    const radioLink = await state.waitFor<{ state: string }>(
      `${PREFIX}/participants/polisen/links/radio`,
      (l) => l.state === 'up',
    );
    expect(radioLink.state).toBe('up');
  });

  it('a participant switched off in the sim console is reported not delivered', async () => {
    console('off region');
    await expect.poll(() => simOut, { timeout: 5_000 }).toContain('region switched off');
    await fetch(`${gateway.httpBase}/api/sim/participants/region/phone`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HOST}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'down' }),
    });
    // The link may still carry its start-up state ("adapter-down: not started", retained) when
    // the watch begins: wait for the failure the switched-off terminal causes.
    const link = await state.waitFor<{ state: string; reason: string }>(
      `${PREFIX}/participants/region/links/radio`,
      (l) => /sds-failed/.test(l.reason),
      15_000,
    );
    expect(link.state).toBe('down');
  });

  it('pulling the cable marks the radio disconnected; plugging it back recovers', async () => {
    console('unplug rakel-1');
    await state.waitFor<RadioStatus>(radioTopic, (s) => !s.connected, 15_000);
    const down = await state.waitFor<{ state: string; reason: string }>(
      `${PREFIX}/participants/lansstyrelsen/links/radio`,
      (l) => l.state === 'down',
    );
    expect(down.reason).toMatch(/adapter-down/);
    console('plug rakel-1');
    await state.waitFor<RadioStatus>(radioTopic, (s) => s.connected && s.registered, 40_000);
  }, 60_000);

  it('the call-up goes through the modem on its pty; a reply typed in the sim console reaches the conference', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${gateway.httpBase}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${HOST}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/api/conferences/veckokonferens/end', {})).status).toBeLessThan(300);
    expect(
      (await post('/api/conferences/alvgrupp-demoalven/convene', { subject: 'Höga flöden' })).status,
    ).toBeLessThan(300);
    type CallUpState = {
      callUp: {
        counts: { sms: { delivered: number; sending: number } };
        answers: { participantId: string; answer: string | null; notes: string[] }[];
      } | null;
    };
    const topic = `${PREFIX}/conferences/alvgrupp-demoalven/state`;
    await state.waitFor<CallUpState>(topic, (c) => (c.callUp?.counts.sms.delivered ?? 0) > 0, 20_000);
    console('sms demostad 2 Vägen avstängd');
    await expect.poll(() => simOut, { timeout: 5_000 }).toContain('SMS from demostad sent');
    const replied = await state.waitFor<CallUpState>(
      topic,
      (c) => (c.callUp?.answers ?? []).some((a) => a.participantId === 'demostad'),
      15_000,
    );
    expect(replied.callUp?.answers.find((a) => a.participantId === 'demostad')).toMatchObject({
      answer: 'cannot',
      notes: ['Vägen avstängd'],
    });
  }, 60_000);
});
