import { beforeEach, describe, expect, it } from 'vitest';
import { FloorControl, type FloorSnapshot } from '../../bridge/floor-control.js';
import { nullLogger } from '../../bridge/null-logger.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedRadio } from '../support/scripted-ports.js';

describe('FloorControl', () => {
  let clock: FakeClock;
  let radio: ScriptedRadio;
  let floor: FloorControl;
  let changes: FloorSnapshot[];

  beforeEach(() => {
    clock = new FakeClock();
    radio = new ScriptedRadio();
    changes = [];
    floor = new FloorControl({
      terminal: radio,
      clock,
      logger: nullLogger,
      timings: { hangTimeMs: 1_500, maxTransmitMs: 30_000 },
      participantFor: (issi) => (issi === '2420102' ? 'polisen' : undefined),
      onChange: (f) => changes.push(f),
    });
    floor.setEnabled(true);
  });

  async function speak(talking: boolean): Promise<void> {
    floor.setConferenceSpeech(talking);
    await flushPromises();
  }

  it('keys the radio on conference speech once the floor is granted', async () => {
    await speak(true);
    expect(radio.ptt).toEqual(['setup', 'press']);
    expect(floor.state).toBe('transmitting');
    expect(changes.at(-1)).toMatchObject({ holder: 'gateway', reason: 'granted' });
  });

  it('holds the floor through pauses shorter than the hang time, then releases', async () => {
    await speak(true);
    await speak(false);
    clock.advance(1_000);
    await speak(true);
    await speak(false);
    clock.advance(1_499);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press']);
    clock.advance(1);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press', 'release']);
    expect(floor.state).toBe('idle');
    expect(changes.at(-1)).toMatchObject({ holder: 'none', reason: 'hang time over' });
  });

  it('never keys while a subscriber talks, shows who it is, and keys once the floor is free', async () => {
    radio.subscriberTalks('2420102');
    expect(changes.at(-1)).toMatchObject({
      holder: 'subscriber',
      talkerIssi: '2420102',
      talkerParticipantId: 'polisen',
    });
    await speak(true);
    expect(radio.ptt).toEqual([]);
    radio.subscriberTalks(null);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press']);
  });

  it('a subscriber taking the floor pre-empts the gateway without a re-key loop', async () => {
    await speak(true);
    radio.subscriberTalks('2420199');
    expect(floor.state).toBe('receiving');
    expect(changes.at(-1)).toMatchObject({ holder: 'subscriber', talkerParticipantId: null });
    clock.advance(60_000);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press']);
  });

  it('stops a stuck transmission after maxTransmitMs and waits for speech to stop before keying again', async () => {
    await speak(true);
    clock.advance(30_000);
    await flushPromises();
    expect(radio.ptt).toEqual(['setup', 'press', 'release']);
    expect(changes.at(-1)).toMatchObject({ reason: 'transmit time-out' });
    clock.advance(10_000);
    await speak(true);
    expect(radio.ptt).toHaveLength(3);
    await speak(false);
    await speak(true);
    expect(radio.ptt).toEqual(['setup', 'press', 'release', 'setup', 'press']);
  });

  it('a denied floor leaves it idle and tries again on the next speech', async () => {
    radio.denyNextPress = true;
    await speak(true);
    expect(floor.state).toBe('idle');
    await speak(false);
    await speak(true);
    expect(floor.state).toBe('transmitting');
  });

  it('does not key when nobody is on the radio path, and releases when the last one leaves it', async () => {
    floor.setEnabled(false);
    await speak(true);
    expect(radio.ptt).toEqual([]);
    floor.setEnabled(true);
    await flushPromises();
    expect(floor.state).toBe('transmitting');
    floor.setEnabled(false);
    await flushPromises();
    expect(radio.ptt.at(-1)).toBe('release');
  });

  it('close releases a keyed radio and leaves no timer', async () => {
    await speak(true);
    await speak(false);
    await floor.close();
    expect(radio.ptt.at(-1)).toBe('release');
    expect(clock.pendingTimers()).toBe(0);
  });
});
