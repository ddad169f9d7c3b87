import { afterEach, describe, expect, it } from 'vitest';
import {
  createSimRig,
  GATEWAY_ISSI,
  PEER_ISSI,
  type SimRig,
  startRig,
  TALKGROUP,
} from './support/sim-rig.js';

let rig: SimRig;
afterEach(async () => {
  await rig.close();
  expect(rig.clock.pendingTimers()).toBe(0);
});

async function settle<T>(rig: SimRig, promise: Promise<T>, ms = 1000): Promise<T> {
  let done = false;
  const finished = () => {
    done = true;
  };
  promise.then(finished, finished);
  for (let t = 0; t < ms && !done; t += 50) await rig.clock.advanceAsync(50);
  return promise;
}

describe('PeiRadioTerminal against the PEI simulator (in-memory, fake time)', () => {
  it('runs the start-up sequence and reports status', async () => {
    rig = createSimRig();
    const statuses = rig.record('status');
    await startRig(rig);
    const wire = rig.written();
    for (const cmd of [
      'ATE0',
      'AT+CTOM=0',
      'AT+CTSP=1,3,130',
      'AT+CNUMF?',
      `AT+CTGS=1,${TALKGROUP}`,
      'AT+CSQ?',
      'AT+CREG?',
    ]) {
      expect(wire).toContain(`${cmd}\r\n`);
    }
    expect(wire.indexOf('ATE0')).toBeLessThan(wire.indexOf('AT+CTOM=0'));
    expect(rig.radio.echo).toBe(false);
    await rig.clock.advanceAsync(100);
    expect(rig.terminal.status()).toMatchObject({
      connected: true,
      mode: 'TMO',
      talkgroup: TALKGROUP,
      registered: true,
      rssiDbm: -73,
      reason: 'ready',
    });
    expect(statuses.at(-1)?.connected).toBe(true);
  });

  it('counts an SDS as delivered only on the network delivery report', async () => {
    rig = createSimRig();
    await startRig(rig);
    const outcome = rig.terminal.sendSds(PEER_ISSI, 'Samverkan 10:00');
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await rig.clock.advanceAsync(40); // local OK has arrived, the report has not
    expect(rig.written()).toMatch(/AT\+CMGS=23404,\d+\r\n8204/);
    expect(settled).toBe(false);
    const result = await settle(rig, outcome);
    // network latency is 50 ms each way; the command may queue behind a health poll
    expect(result.delivered && result.roundTripMs >= 100 && result.roundTripMs <= 150).toBe(true);
    expect(rig.peer.received[0]?.hex).toMatch(/^8204..01/);
  });

  it('reports a failed delivery (,5) when the target is switched off', async () => {
    rig = createSimRig();
    await startRig(rig);
    rig.peer.setPower(false);
    await expect(settle(rig, rig.terminal.sendSds(PEER_ISSI, 'hej'))).resolves.toMatchObject({
      delivered: false,
      fault: 'terminal-off',
    });
  });

  it('times out when no delivery report ever comes', async () => {
    rig = createSimRig({ sdsReportTimeoutMs: 5000 });
    await startRig(rig);
    const outcome = rig.terminal.sendSds(PEER_ISSI, 'hej');
    await rig.clock.advanceAsync(20);
    rig.radio.setCoverage(false); // the report cannot reach the gateway's radio
    await expect(settle(rig, outcome, 6000)).resolves.toMatchObject({ delivered: false, fault: 'timeout' });
  });

  it('maps +CME ERROR to a fault, and selects the SDS service on profiles that need it', async () => {
    rig = createSimRig({}, { requiresSdsServiceSelect: true });
    await startRig(rig);
    await expect(settle(rig, rig.terminal.sendSds(PEER_ISSI, 'x'))).resolves.toMatchObject({
      delivered: false,
      fault: 'rejected',
      reason: expect.stringContaining('+CME ERROR: 3'),
    });
    await rig.close();
    rig = createSimRig({ profile: 'sepura' }, { requiresSdsServiceSelect: true });
    await startRig(rig);
    await expect(settle(rig, rig.terminal.sendSds(PEER_ISSI, 'x'))).resolves.toMatchObject({
      delivered: true,
    });
    expect(rig.written()).toContain('AT+CTSDS=12,0,0,0,1\r\n');
  });

  it('emits sds.received and heard for an incoming SDS-TL text', async () => {
    rig = createSimRig();
    const received = rig.record('sds.received');
    const heard = rig.record('heard');
    await startRig(rig);
    rig.peer.sendSds(GATEWAY_ISSI, 112, '82040801476A61746A616A676A61');
    await rig.clock.advanceAsync(100);
    expect(received).toEqual([{ from: PEER_ISSI, text: 'Gjatjajgja' }]);
    expect(heard).toEqual([{ issi: PEER_ISSI, at: expect.any(Number), how: 'sds' }]);
  });

  it('follows an RSSI change on the next health poll', async () => {
    rig = createSimRig({ healthPollMs: 5000 });
    await startRig(rig);
    rig.radio.setSignal(10);
    await rig.clock.advanceAsync(5100);
    expect(rig.terminal.status().rssiDbm).toBe(-93);
    rig.radio.setCoverage(false);
    await rig.clock.advanceAsync(5100);
    expect(rig.terminal.status()).toMatchObject({ rssiDbm: null, registered: false });
  });

  it('sets up a group call, gets the floor on PTT and releases it', async () => {
    rig = createSimRig();
    const floor = rig.record('floor');
    await startRig(rig);
    const cci = await settle(rig, rig.terminal.setupGroupCall());
    expect(rig.written()).toContain(`ATD${TALKGROUP}\r\n`);
    await settle(rig, rig.terminal.pttPress());
    expect(rig.written()).toContain(`AT+CTXD=${cci},1\r\n`);
    expect(rig.terminal.transmitting).toBe(true);
    expect(rig.network.talker(TALKGROUP)).toBe(GATEWAY_ISSI);
    await settle(rig, rig.terminal.pttRelease());
    await rig.clock.advanceAsync(100);
    expect(rig.written()).toContain(`AT+CUTXC=${cci}\r\n`);
    expect(rig.network.talker(TALKGROUP)).toBeNull();
    expect(floor.map((f) => f.self)).toEqual([true, false]);
  });

  it('hears the other party talking (+CTXG talker) and the call ending (+CTCR)', async () => {
    rig = createSimRig();
    const heard = rig.record('heard');
    const calls = rig.record('call');
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall());
    expect(rig.peer.pressPtt()).toBe(true);
    await rig.clock.advanceAsync(100);
    expect(heard).toContainEqual({ issi: PEER_ISSI, at: expect.any(Number), how: 'voice' });
    rig.peer.releasePtt();
    await rig.clock.advanceAsync(10_100);
    expect(calls.at(-1)).toMatchObject({ state: 'released', reason: 'expiry of timer' });
  });

  it('refuses the floor while another party talks', async () => {
    rig = createSimRig();
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall());
    rig.peer.pressPtt();
    await rig.clock.advanceAsync(100);
    await expect(settle(rig, rig.terminal.pttPress())).rejects.toMatchObject({
      code: 'RADIO_ERR_FLOOR_DENIED',
    });
    expect(rig.terminal.transmitting).toBe(false);
  });

  it('releases the floor itself when the transmit time-out expires', async () => {
    rig = createSimRig({ txTimeoutMs: 5000 });
    const floor = rig.record('floor');
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall());
    await settle(rig, rig.terminal.pttPress());
    await rig.clock.advanceAsync(4900);
    expect(rig.network.talker(TALKGROUP)).toBe(GATEWAY_ISSI);
    await rig.clock.advanceAsync(300);
    expect(rig.terminal.transmitting).toBe(false);
    expect(rig.network.talker(TALKGROUP)).toBeNull();
    expect(floor.at(-1)).toMatchObject({ self: false, reason: 'transmit time-out' });
  });

  it('hangs up on close so the radio is never left keyed', async () => {
    rig = createSimRig();
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall());
    await settle(rig, rig.terminal.pttPress());
    await rig.close();
    expect(rig.written()).toMatch(/AT\+CUTXC=\d+\r\n(.|\r|\n)*ATH\r\n/);
    expect(rig.network.talker(TALKGROUP)).toBeNull();
  });
});

describe('PeiRadioTerminal link loss and recovery (fake time)', () => {
  it('reports the unplugged link, fails pending work with adapter-down, reopens and re-runs start-up', async () => {
    rig = createSimRig({ reconnectInitialMs: 1000 });
    const statuses = rig.record('status');
    await startRig(rig);
    const pending = rig.terminal.sendSds(PEER_ISSI, 'hej');
    await rig.clock.advanceAsync(20);
    rig.unplug();
    await expect(pending).resolves.toMatchObject({ delivered: false, fault: 'adapter-down' });
    expect(rig.terminal.status()).toMatchObject({
      connected: false,
      reason: expect.stringContaining('cable pulled'),
    });
    await rig.clock.advanceAsync(1200);
    expect(rig.opens()).toBe(2);
    expect(rig.terminal.status()).toMatchObject({ connected: true, reason: 'ready' });
    expect(statuses.filter((s) => s.connected).length).toBeGreaterThanOrEqual(2);
    await expect(settle(rig, rig.terminal.sendSds(PEER_ISSI, 'igen'))).resolves.toMatchObject({
      delivered: true,
    });
  });

  it('declares the link down when the keep-alive gets no answer, and backs off (capped) while it stays down', async () => {
    rig = createSimRig({
      keepAliveIdleMs: 10_000,
      keepAliveTimeoutMs: 2000,
      reconnectInitialMs: 500,
      reconnectMaxMs: 2000,
    });
    await startRig(rig);
    rig.radio.setPower(false);
    await rig.clock.advanceAsync(12_500);
    expect(rig.terminal.status()).toMatchObject({ connected: false });
    expect(rig.written()).toMatch(/\r\nAT\r\n$/m);
    const opensBefore = rig.opens();
    await rig.clock.advanceAsync(60_000);
    // each attempt: open, start-up times out after 2 s, back-off 0.5 → 1 → 2 → 2 … s (capped)
    const attempts = rig.opens() - opensBefore;
    expect(attempts).toBeGreaterThan(10);
    expect(attempts).toBeLessThan(20);
    rig.radio.setPower(true);
    await rig.clock.advanceAsync(5000);
    expect(rig.terminal.status().connected).toBe(true);
  });

  it('does not retry a locked port', async () => {
    const { RadioError, RadioErrorCodes } = await import('../../../adapters/radio/errors.js');
    rig = createSimRig({
      open: () =>
        Promise.reject(new RadioError(RadioErrorCodes.PORT_LOCKED, '/dev/ttyUSB0: Cannot lock port')),
    });
    await expect(rig.terminal.start()).rejects.toMatchObject({ code: 'RADIO_ERR_PORT_LOCKED' });
    expect(rig.terminal.status().reason).toContain('port locked');
    expect(rig.clock.pendingTimers()).toBe(0);
  });
});
