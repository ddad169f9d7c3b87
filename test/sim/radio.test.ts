/** SimRadioTerminal and SimRadioNetwork beyond the port contract. */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../bridge/errors.js';
import { nullLogger } from '../../bridge/null-logger.js';
import type { SdsOutcome } from '../../bridge/ports.js';
import { SimRadioNetwork, SimRadioTerminal } from '../../sim/radio.js';
import { MAX_INBOX } from '../../sim/radio-network.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { simulation } from './fixtures.js';

const ISSI = '2000001';

function setup(seed = 1) {
  const clock = new FakeClock();
  const network = new SimRadioNetwork([ISSI]);
  const terminal = new SimRadioTerminal({
    radio: { id: 'gw1', port: 'sim:gw1', talkgroup: '9000' },
    network,
    simulation: simulation({ seed, radio: { sdsLatencyMs: 400 } }),
    clock,
    logger: nullLogger,
  });
  return { clock, network, terminal };
}

function track(promise: Promise<SdsOutcome>) {
  const state: { outcome: SdsOutcome | undefined } = { outcome: undefined };
  void promise.then((o) => {
    state.outcome = o;
  });
  return state;
}

describe('SimRadioTerminal', () => {
  it('reports a simulated TMO status on its talkgroup with RSSI around -75 dBm', () => {
    const { terminal } = setup();
    const status = terminal.status();
    expect(status).toMatchObject({
      radioId: 'gw1',
      port: 'sim:gw1',
      mode: 'TMO',
      talkgroup: '9000',
      registered: true,
    });
    expect(status.reason).toBe('simulated');
    expect(status.rssiDbm).toBeGreaterThanOrEqual(-78);
    expect(status.rssiDbm).toBeLessThanOrEqual(-72);
    expect(setup().terminal.status().rssiDbm).toBe(status.rssiDbm);
  });

  it('delivers after exactly sdsLatencyMs and records the text in the inbox', async () => {
    const { clock, network, terminal } = setup();
    const sent = track(terminal.sendSds(ISSI, 'Samverkanskonferens 10:00'));
    clock.advance(399);
    await flushPromises();
    expect(sent.outcome).toBeUndefined();
    expect(network.inbox(ISSI)).toEqual([]);
    clock.advance(1);
    await flushPromises();
    expect(sent.outcome).toEqual({ delivered: true, roundTripMs: 400 });
    expect(network.inbox(ISSI)).toEqual(['Samverkanskonferens 10:00']);
  });

  it('emits heard with the delivery time', async () => {
    const { clock, terminal } = setup();
    const heard: { issi: string; at: number }[] = [];
    terminal.events.on('heard', (e) => heard.push(e));
    const sent = terminal.sendSds(ISSI, 'x');
    clock.advance(400);
    await sent;
    expect(heard).toEqual([{ issi: ISSI, at: clock.now(), how: 'sds' }]);
  });

  it('reads reachability when the report is due: switched off in flight → terminal-off, nothing received', async () => {
    const { clock, network, terminal } = setup();
    const sent = terminal.sendSds(ISSI, 'x');
    clock.advance(200);
    network.setReachable(ISSI, false);
    clock.advance(200);
    expect(await sent).toMatchObject({ delivered: false, fault: 'terminal-off' });
    expect(network.inbox(ISSI)).toEqual([]);
  });

  it('close settles in-flight SDS as adapter-down, clears timers and reports disconnected', async () => {
    const { clock, terminal } = setup();
    const sent = track(terminal.sendSds(ISSI, 'x'));
    const statuses: boolean[] = [];
    terminal.events.on('status', (s) => statuses.push(s.connected));
    await terminal.close();
    await flushPromises();
    expect(sent.outcome).toMatchObject({ delivered: false, fault: 'adapter-down' });
    expect(clock.pendingTimers()).toBe(0);
    expect(statuses).toEqual([true, false]);
    expect(terminal.status()).toMatchObject({ connected: false, registered: false, rssiDbm: null });
  });
});

describe('SimRadioNetwork', () => {
  it('bounds each inbox to the most recent MAX_INBOX texts', () => {
    const network = new SimRadioNetwork([ISSI]);
    for (let i = 0; i < MAX_INBOX + 5; i++) network.deliver(ISSI, `m${i}`);
    const inbox = network.inbox(ISSI);
    expect(inbox).toHaveLength(MAX_INBOX);
    expect(inbox[0]).toBe('m5');
  });

  it('knows nothing of unregistered ISSIs', () => {
    const network = new SimRadioNetwork();
    expect(network.isReachable('1')).toBe(false);
    expect(network.inbox('1')).toEqual([]);
    expect(() => network.setReachable('1', true)).toThrow(NotFoundError);
  });
});
