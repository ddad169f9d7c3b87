/** Emergency signalling: an emergency-priority call (+CTICN priority 15) or an emergency status. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../bridge/ports.js';
import { createSimRig, GATEWAY_ISSI, PEER_ISSI, type SimRig, settle, startRig } from './support/sim-rig.js';

let rig: SimRig;
afterEach(async () => {
  await rig.close();
  expect(rig.clock.pendingTimers()).toBe(0);
});

/** A logger that keeps error-level entries (every child shares the list). */
function errorLog(): { logger: Logger; errors: Array<{ obj: object; msg: string | undefined }> } {
  const errors: Array<{ obj: object; msg: string | undefined }> = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (obj, msg) => errors.push({ obj, msg }),
    child: () => logger,
  };
  return { logger, errors };
}

describe('emergency signalling', () => {
  it('emits emergency (caller ISSI, call instance) and logs an error for an emergency-priority call', async () => {
    const { logger, errors } = errorLog();
    rig = createSimRig({ logger }, { talkgroup: '1001' });
    const emergencies = rig.record('emergency');
    const calls = rig.record('call');
    await startRig(rig);
    expect(rig.peer.emergencyCall()).toBe(true);
    await rig.clock.advanceAsync(100);
    expect(rig.written()).not.toContain('ATD'); // the gateway only listens
    expect(calls).toMatchObject([{ state: 'incoming', cci: 1 }]);
    expect(emergencies).toEqual([
      { via: 'call', issi: PEER_ISSI, cci: 1, priority: 15, at: expect.any(Number) },
    ]);
    expect(errors).toContainEqual({
      obj: { via: 'call', issi: PEER_ISSI, cci: 1, priority: 15 },
      msg: expect.stringContaining('EMERGENCY'),
    });
  });

  it('raises nothing for an ordinary call', async () => {
    rig = createSimRig({}, { talkgroup: '1001' });
    const emergencies = rig.record('emergency');
    const calls = rig.record('call');
    await startRig(rig);
    rig.peer.dial('1001');
    await rig.clock.advanceAsync(100);
    expect(calls).toMatchObject([{ state: 'incoming' }]);
    expect(emergencies).toEqual([]);
  });

  it('honours a site-specific emergency priority threshold', async () => {
    rig = createSimRig({ profileOverrides: { emergencyCallPriority: 12 } }, { talkgroup: '1001' });
    const emergencies = rig.record('emergency');
    await startRig(rig);
    rig.peer.dial('1001', 13);
    await rig.clock.advanceAsync(100);
    expect(emergencies).toMatchObject([{ via: 'call', priority: 13 }]);
  });

  it('recognises the emergency status (pre-coded status 0) and still reports the status itself', async () => {
    const { logger, errors } = errorLog();
    rig = createSimRig({ logger });
    const emergencies = rig.record('emergency');
    const statuses = rig.record('sds.status');
    await startRig(rig);
    rig.peer.sendStatus(GATEWAY_ISSI, 0x8003);
    rig.peer.sendStatus(GATEWAY_ISSI, 0);
    await rig.clock.advanceAsync(100);
    expect(statuses).toEqual([
      { from: PEER_ISSI, value: 0x8003 },
      { from: PEER_ISSI, value: 0 },
    ]);
    expect(emergencies).toEqual([{ via: 'status', issi: PEER_ISSI, status: 0, at: expect.any(Number) }]);
    expect(errors.filter((e) => e.msg?.includes('EMERGENCY'))).toHaveLength(1);
  });

  it('uses the network-specific emergency status values of the profile', async () => {
    rig = createSimRig({ profileOverrides: { emergencyStatusValues: [0xfe00] } });
    const emergencies = rig.record('emergency');
    await startRig(rig);
    rig.peer.sendStatus(GATEWAY_ISSI, 0);
    rig.peer.sendStatus(GATEWAY_ISSI, 0xfe00);
    await rig.clock.advanceAsync(100);
    expect(emergencies).toMatchObject([{ via: 'status', status: 0xfe00 }]);
  });

  it('raises the emergency even while the gateway is in another call', async () => {
    rig = createSimRig({}, { talkgroup: '1001' });
    const emergencies = rig.record('emergency');
    await startRig(rig);
    await settle(rig, rig.terminal.setupGroupCall('2002'));
    rig.peer.emergencyCall();
    await rig.clock.advanceAsync(100);
    expect(emergencies).toMatchObject([{ via: 'call', issi: PEER_ISSI, priority: 15 }]);
  });
});
