/** PTT is never left keyed: on close, on transmit time-out (terminal.sim.test.ts), and on link loss. */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimRig, GATEWAY_ISSI, type SimRig, settle, startRig, TALKGROUP } from './support/sim-rig.js';

let rig: SimRig;
afterEach(async () => {
  await rig.close();
  expect(rig.clock.pendingTimers()).toBe(0);
});

async function transmitting(): Promise<number> {
  const cci = await settle(rig, rig.terminal.setupGroupCall());
  await settle(rig, rig.terminal.pttPress());
  expect(rig.network.talker(TALKGROUP)).toBe(GATEWAY_ISSI);
  return cci;
}

describe('PTT when the link drops while the gateway transmits', () => {
  it('reports the floor released at once and forgets the call', async () => {
    rig = createSimRig({ reconnectInitialMs: 1000 });
    const floor = rig.record('floor');
    const calls = rig.record('call');
    await startRig(rig);
    await transmitting();
    rig.unplug();
    await rig.clock.advanceAsync(10);
    expect(rig.terminal.transmitting).toBe(false);
    expect(floor.at(-1)).toMatchObject({
      self: false,
      talkerIssi: null,
      reason: expect.stringContaining('cable pulled'),
    });
    expect(calls.at(-1)).toMatchObject({ state: 'released' });
  });

  it('un-keys the terminal after the reconnect (AT+CUTXC, ATH) and does not believe it still transmits', async () => {
    rig = createSimRig({ reconnectInitialMs: 1000 });
    await startRig(rig);
    const cci = await transmitting();
    rig.unplug();
    await rig.clock.advanceAsync(10);
    const before = rig.written().length;
    await rig.clock.advanceAsync(1500); // reopen, start-up, then the stale release
    const after = rig.written().slice(before);
    expect(rig.opens()).toBe(2);
    expect(after).toMatch(
      new RegExp(`AT\\+CTGS=1,${TALKGROUP}\\r\\n(.|\\r|\\n)*AT\\+CUTXC=${cci}\\r\\n(.|\\r|\\n)*ATH\\r\\n`),
    );
    expect(rig.network.talker(TALKGROUP)).toBeNull();
    expect(rig.terminal.transmitting).toBe(false);
    expect(rig.terminal.status()).toMatchObject({ connected: true });
    // a new transmission starts cleanly
    await settle(rig, rig.terminal.setupGroupCall());
    await settle(rig, rig.terminal.pttPress());
    expect(rig.terminal.transmitting).toBe(true);
  });

  it('sends nothing extra after a reconnect when it was not transmitting', async () => {
    rig = createSimRig({ reconnectInitialMs: 1000 });
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall());
    rig.unplug();
    await rig.clock.advanceAsync(10);
    const before = rig.written().length;
    await rig.clock.advanceAsync(1500);
    expect(rig.written().slice(before)).not.toMatch(/AT\+CUTXC|ATH/);
  });

  it('releases the floor event on close even when the link is already gone', async () => {
    rig = createSimRig({ reconnectInitialMs: 60_000 });
    const floor = rig.record('floor');
    await startRig(rig);
    await transmitting();
    rig.unplug();
    await rig.clock.advanceAsync(10);
    await rig.close();
    expect(floor.filter((f) => f.self).length).toBe(1);
    expect(floor.at(-1)).toMatchObject({ self: false });
    expect(rig.terminal.transmitting).toBe(false);
  });
});
