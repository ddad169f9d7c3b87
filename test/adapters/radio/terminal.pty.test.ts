/**
 * The real adapter over real socat pseudo-terminals and the real serialport bindings, against a
 * virtual terminal served on the other end. Real time (systemClock); no duration is asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serialOpener } from '../../../adapters/radio/serial-stream.js';
import { PeiRadioTerminal } from '../../../adapters/radio/terminal.js';
import { systemClock } from '../../../bridge/clock.js';
import type { RadioStatus } from '../../../bridge/model.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { TetraNetwork } from '../../../sim/tetra/network.js';
import { type PtyServer, servePty } from '../../../sim/tetra/pty-server.js';
import { VirtualTerminal } from '../../../sim/tetra/virtual-terminal.js';
import { createPtyPair, type PtyPair, waitFor } from './support/socat.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

async function rig(baudRate = 115200) {
  const pty: PtyPair = await createPtyPair();
  cleanups.push(() => pty.dispose());
  const network = new TetraNetwork({ clock: systemClock, latencyMs: 20 });
  cleanups.push(async () => network.close());
  const radio = new VirtualTerminal({ issi: '23401', network });
  const peer = new VirtualTerminal({ issi: '23404', network, talkgroup: '1001' });
  let server: PtyServer = await servePty(pty.b, radio, baudRate);
  cleanups.push(() => server.close());
  const terminal = new PeiRadioTerminal({
    id: 'r1',
    port: pty.a,
    issi: '23401',
    talkgroup: '1001',
    open: serialOpener(pty.a, { baudRate }),
    clock: systemClock,
    logger: nullLogger,
    reconnectInitialMs: 100,
    reconnectMaxMs: 400,
  });
  cleanups.push(() => terminal.close());
  const statuses: RadioStatus[] = [];
  terminal.events.on('status', (s) => statuses.push(s));
  return {
    pty,
    network,
    radio,
    peer,
    terminal,
    statuses,
    reserve: async () => {
      server = await servePty(pty.b, radio, baudRate);
    },
  };
}

describe('PeiRadioTerminal over a socat pty with the real serialport bindings', () => {
  it('starts up and gets an SDS delivery report', async () => {
    const r = await rig();
    await r.terminal.start();
    expect(r.terminal.status()).toMatchObject({ connected: true, mode: 'TMO', talkgroup: '1001' });
    await expect(r.terminal.sendSds('23404', 'Sambandsprov')).resolves.toMatchObject({ delivered: true });
    expect(r.peer.received).toHaveLength(1);
  });

  it('reports the unplugged port, fails pending commands, and recovers when it comes back', async () => {
    const r = await rig();
    await r.terminal.start();
    r.network.setLatency(60_000); // the delivery report of the SDS below will not come before the unplug
    const pending = r.terminal.sendSds('23404', 'hej');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await r.pty.kill();
    await expect(pending).resolves.toMatchObject({ delivered: false, fault: 'adapter-down' });
    await waitFor(() => !r.terminal.status().connected, 'disconnected status');
    expect(r.terminal.status().reason).toMatch(/link down|open failed/);
    r.network.setLatency(20);
    await r.pty.restart();
    await r.reserve();
    await waitFor(() => r.terminal.status().connected, 'reconnected status');
    expect(r.statuses.filter((s) => s.connected && s.reason === 'ready').length).toBeGreaterThanOrEqual(2);
    await expect(r.terminal.sendSds('23404', 'igen')).resolves.toMatchObject({ delivered: true });
  });

  it('drops garbage and over-long lines from the wire and keeps working', async () => {
    const r = await rig();
    const received: string[] = [];
    r.terminal.events.on('sds.received', (e) => received.push(e.text));
    await r.terminal.start();
    r.radio.inject(Buffer.from([0x00, 0xff, 0x13, 0x80, 0x0d]));
    r.radio.inject(`${'Z'.repeat(5000)}\r\n`);
    r.radio.inject('noise+CTSDSR: 12,23404,0,23401,0,40\r\n0201486A\r\n');
    await waitFor(() => received.length > 0, 'SDS after garbage');
    expect(received).toEqual(['Hj']);
    await expect(r.terminal.sendSds('23404', 'ok')).resolves.toMatchObject({ delivered: true });
  });

  it('reports "Cannot lock port" without retrying', async () => {
    const r = await rig();
    await r.terminal.start();
    const second = new PeiRadioTerminal({
      id: 'r2',
      port: r.pty.a,
      issi: '23401',
      talkgroup: '1001',
      open: serialOpener(r.pty.a, { baudRate: 115200 }),
      clock: systemClock,
      logger: nullLogger,
    });
    cleanups.push(() => second.close());
    await expect(second.start()).rejects.toMatchObject({ code: 'RADIO_ERR_PORT_LOCKED' });
    expect(second.status()).toMatchObject({
      connected: false,
      reason: expect.stringContaining('port locked'),
    });
  });
});
