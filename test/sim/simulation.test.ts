/** createSimulation and SimControl: wiring from config, fault injection, shutdown. */
import { afterEach, describe, expect, it } from 'vitest';
import { CoreErrorCodes, NotFoundError, ValidationError } from '../../bridge/errors.js';
import { nullLogger } from '../../bridge/null-logger.js';
import type { TelephonyEvents } from '../../bridge/ports.js';
import { SimErrorCodes } from '../../sim/errors.js';
import { createSimulation, type SimPhoneState, type Simulation } from '../../sim/index.js';
import { EventLog } from '../contracts/harness.js';
import { FakeClock } from '../support/fake-clock.js';
import { closeInFakeTime, startPeiOnWorld } from '../support/pei-on-world.js';
import { ALPHA, demoConfig } from './fixtures.js';

let sim: Simulation;
let clock: FakeClock;

function start(): Simulation {
  clock = new FakeClock();
  sim = createSimulation({ config: demoConfig(), clock, logger: nullLogger });
  return sim;
}

afterEach(async () => {
  await sim.close();
});

describe('createSimulation', () => {
  it('builds a simulated gateway terminal only for sim: radios', () => {
    start();
    expect(() => sim.tetra.gatewayTerminal('gw1')).not.toThrow();
    expect(() => sim.tetra.gatewayTerminal('hw')).toThrow(NotFoundError);
  });

  it('a phone set down through control drops the connected call after the media time-out', async () => {
    start();
    const log = new EventLog<TelephonyEvents>(sim.telephony.events, ['call.connected', 'call.ended']);
    const call = sim.telephony.callOut({ conferenceId: 'c', participantId: 'kommun', numbers: ALPHA.phone });
    clock.advance(2500);
    expect((await call).outcome).toBe('answered');
    sim.control.setPhone('kommun', 'down');
    expect(sim.control.state('kommun')).toEqual({ phone: 'down', radio: 'up' });
    clock.advance(10_000);
    expect(log.of('call.ended')).toEqual([
      { conferenceId: 'c', participantId: 'kommun', cause: 'media-timeout' },
    ]);
  });

  it('pressDigit reaches the connected call as call.dtmf', async () => {
    start();
    const digits: string[] = [];
    sim.telephony.events.on('call.dtmf', (e) => digits.push(e.digit));
    const call = sim.telephony.callOut({ conferenceId: 'c', participantId: 'kommun', numbers: ALPHA.phone });
    clock.advance(2500);
    await call;
    sim.control.pressDigit('kommun', '1');
    expect(digits).toEqual(['1']);
  });

  it('setRadio down makes SDS fail terminal-off through the PEI adapter; up again delivers into the inbox', async () => {
    start();
    const radio = await startPeiOnWorld(sim.tetra, clock, { id: 'gw1', issi: '1000001', talkgroup: '9000' });
    try {
      sim.control.setRadio('kommun', 'down');
      expect(sim.control.state('kommun').radio).toBe('down');
      const lost = radio.sendSds('2000001', 'lost');
      await clock.advanceAsync(2_000, 50);
      expect(await lost).toMatchObject({ delivered: false, fault: 'terminal-off' });
      sim.control.setRadio('kommun', 'up');
      const sent = radio.sendSds('2000001', 'Gå över till talgrupp 9000');
      await clock.advanceAsync(2_000, 50);
      expect(await sent).toMatchObject({ delivered: true });
      expect(sim.sdsInbox('2000001')).toEqual(['Gå över till talgrupp 9000']);
    } finally {
      await closeInFakeTime(radio, clock);
    }
  });

  it('reports a participant without radio as radio null', () => {
    start();
    expect(sim.control.state('polis')).toEqual({ phone: 'up', radio: null });
  });

  it('rejects unknown participants, a missing radio, bad states and bad digits with coded errors', () => {
    start();
    const codeOf = (fn: () => void): unknown => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const fn of [
      () => sim.control.setPhone('nobody', 'down'),
      () => sim.control.setRadio('nobody', 'down'),
      () => sim.control.pressDigit('nobody', '1'),
      () => sim.control.state('nobody'),
      () => sim.control.setRadio('polis', 'down'),
    ]) {
      const error = codeOf(fn);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: CoreErrorCodes.UNKNOWN_PARTICIPANT });
    }
    const badState = codeOf(() => sim.control.setPhone('kommun', 'sideways' as SimPhoneState));
    expect(badState).toBeInstanceOf(ValidationError);
    expect(badState).toMatchObject({ code: SimErrorCodes.INVALID_STATE });
    expect(codeOf(() => sim.control.pressDigit('kommun', '12'))).toMatchObject({
      code: SimErrorCodes.INVALID_DTMF,
    });
    expect(sim.control.state('kommun').phone).toBe('up');
  });

  it('close shuts every adapter down and leaves no timer behind', async () => {
    start();
    void sim.telephony.callOut({ conferenceId: 'c', participantId: 'kommun', numbers: ALPHA.phone });
    sim.tetra.network.sendSds('1000001', '2000001', 8, '00', () => {});
    await sim.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(
      await sim.telephony.callOut({ conferenceId: 'c', participantId: 'kommun', numbers: [] }),
    ).toMatchObject({
      cause: 'adapter-down',
    });
  });
});
