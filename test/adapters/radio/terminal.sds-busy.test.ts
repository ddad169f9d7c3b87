/** SDS while the terminal is busy in a call: queued in FIFO order, retried, bounded by time. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SdsOutcome } from '../../../bridge/ports.js';
import { countWritten, createSimRig, PEER_ISSI, type SimRig, settle, startRig } from './support/sim-rig.js';

let rig: SimRig;
afterEach(async () => {
  await rig.close();
  expect(rig.clock.pendingTimers()).toBe(0);
});

/** The gateway's terminal joins the talkgroup call and the peer holds the floor, so it stays up. */
async function longCall(): Promise<void> {
  await settle(rig, rig.terminal.setupGroupCall());
  expect(rig.peer.pressPtt()).toBe(true);
  await rig.clock.advanceAsync(200);
}

/** The peer lets go; the network ends the call after its 10 s hang time. */
async function endCall(): Promise<void> {
  rig.peer.releasePtt();
  await rig.clock.advanceAsync(10_100);
}

function track(promise: Promise<SdsOutcome>): { outcome: SdsOutcome | null } {
  const box: { outcome: SdsOutcome | null } = { outcome: null };
  void promise.then((o) => {
    box.outcome = o;
  });
  return box;
}

describe('SDS while the terminal is busy in a call', () => {
  it('retries a busy +CME ERROR well beyond five attempts, and again as soon as the call ends', async () => {
    rig = createSimRig({}, { sdsBusyInCall: true });
    await startRig(rig);
    await longCall();
    const sent = track(rig.terminal.sendSds(PEER_ISSI, 'Samverkan 10:00'));
    await rig.clock.advanceAsync(90_000, 50);
    expect(sent.outcome).toBeNull();
    const attempts = countWritten(rig, 'AT+CMGS=');
    expect(attempts).toBeGreaterThan(5); // back-off 2, 4, 8, 15, 15, … s
    rig.peer.releasePtt();
    await rig.clock.advanceAsync(10_060, 20); // hang time, then +CTCR reaches the gateway
    expect(countWritten(rig, 'AT+CMGS=')).toBe(attempts + 1); // retried on the call's end, not on back-off
    await rig.clock.advanceAsync(300);
    expect(sent.outcome).toMatchObject({ delivered: true });
    expect(rig.peer.received).toHaveLength(1);
  });

  it('gives up after the configured time with fault busy and says how often and how long it tried', async () => {
    rig = createSimRig({ sdsCallWaitMs: 60_000 }, { sdsBusyInCall: true });
    await startRig(rig);
    await longCall();
    const outcome = await settle(rig, rig.terminal.sendSds(PEER_ISSI, 'hej'), 65_000, 500);
    expect(outcome).toMatchObject({ delivered: false, fault: 'busy' });
    const attempts = countWritten(rig, 'AT+CMGS=');
    expect(attempts).toBeGreaterThan(5);
    if (outcome.delivered) throw new Error('unexpected');
    expect(outcome.reason).toContain(`gave up after ${attempts} attempts / 60 s`);
    expect(outcome.reason).toContain('+CME ERROR: 43');
    expect(rig.peer.received).toHaveLength(0);
  });

  it('bounds the attempts when sdsBusyMaxAttempts says so', async () => {
    rig = createSimRig({ sdsBusyMaxAttempts: 3 }, { sdsBusyInCall: true });
    await startRig(rig);
    await longCall();
    const outcome = await settle(rig, rig.terminal.sendSds(PEER_ISSI, 'hej'), 30_000, 500);
    expect(outcome).toMatchObject({
      fault: 'busy',
      reason: expect.stringContaining('after 3 attempts / 6 s'),
    });
    expect(countWritten(rig, 'AT+CMGS=')).toBe(3);
  });

  it('does not even try during a call on a profile without SDS during calls, and gives up on time', async () => {
    rig = createSimRig({ profile: 'motorola', sdsCallWaitMs: 30_000 });
    await startRig(rig);
    await longCall();
    const outcome = await settle(rig, rig.terminal.sendSds(PEER_ISSI, 'hej'), 35_000, 500);
    expect(outcome).toMatchObject({
      delivered: false,
      fault: 'busy',
      reason: expect.stringMatching(/cannot send SDS during it\): gave up after 0 attempts \/ 30 s$/),
    });
    expect(countWritten(rig, 'AT+CMGS=')).toBe(0);
  });

  it('keeps FIFO order, caps the queue with a coded error, and delivers the queue once the call ends', async () => {
    rig = createSimRig({ profile: 'motorola', sdsQueueMax: 2 });
    await startRig(rig);
    await longCall();
    const first = track(rig.terminal.sendSds(PEER_ISSI, 'first'));
    const second = track(rig.terminal.sendSds(PEER_ISSI, 'second'));
    await expect(rig.terminal.sendSds(PEER_ISSI, 'third')).rejects.toMatchObject({
      code: 'RADIO_ERR_SDS_QUEUE_FULL',
    });
    await rig.clock.advanceAsync(60_000, 100);
    expect(countWritten(rig, 'AT+CMGS=')).toBe(0);
    await endCall();
    await rig.clock.advanceAsync(500);
    expect(first.outcome).toMatchObject({ delivered: true });
    expect(second.outcome).toMatchObject({ delivered: true });
    const texts = rig.peer.received.map((r) => Buffer.from(r.hex.slice(8), 'hex').toString('latin1'));
    expect(texts).toEqual(['first', 'second']);
    // the queue has room again
    await expect(settle(rig, rig.terminal.sendSds(PEER_ISSI, 'third'))).resolves.toMatchObject({
      delivered: true,
    });
  });

  it('counts a queued SDS delivered only on the delivery report, and failed when the target is off', async () => {
    rig = createSimRig({ profile: 'motorola' });
    await startRig(rig);
    await longCall();
    rig.peer.setPower(false);
    const sent = track(rig.terminal.sendSds(PEER_ISSI, 'hej'));
    rig.network.leaveCall('23404', 1); // the powered-off peer leaves; the call ends
    await rig.clock.advanceAsync(10_200);
    expect(rig.written()).toContain('AT+CMGS=');
    await rig.clock.advanceAsync(500);
    expect(sent.outcome).toMatchObject({ delivered: false, fault: 'terminal-off' });
  });

  it('fails every queued SDS with adapter-down when the link drops', async () => {
    rig = createSimRig({ profile: 'motorola', reconnectInitialMs: 1000 });
    await startRig(rig);
    await longCall();
    const a = rig.terminal.sendSds(PEER_ISSI, 'a');
    const b = rig.terminal.sendSds(PEER_ISSI, 'b');
    await rig.clock.advanceAsync(100);
    rig.unplug();
    await expect(a).resolves.toMatchObject({ delivered: false, fault: 'adapter-down' });
    await expect(b).resolves.toMatchObject({ delivered: false, fault: 'adapter-down' });
  });
});
