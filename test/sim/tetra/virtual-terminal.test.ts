import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair, type MemoryPair } from '../../../adapters/radio/byte-stream.js';
import { TetraNetwork } from '../../../sim/tetra/network.js';
import { VirtualTerminal } from '../../../sim/tetra/virtual-terminal.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

let clock: FakeClock;
let network: TetraNetwork;
let pair: MemoryPair;
let out: string;

function terminal(
  issi: string,
  options: { talkgroup?: string; cmgsPrompt?: boolean; sdsBusyInCall?: boolean } = {},
) {
  return new VirtualTerminal({ issi, network, ...options });
}

/** Serves `t` on an in-memory pair and returns a function that sends a command and flushes. */
function serve(t: VirtualTerminal) {
  pair = createMemoryPair();
  t.attach(pair.b);
  out = '';
  pair.a.events.on('data', (b) => {
    out += Buffer.from(b).toString('latin1');
  });
  return async (text: string) => {
    pair.a.write(text);
    await flushPromises();
  };
}

afterEach(() => {
  network.close();
  expect(clock.pendingTimers()).toBe(0);
});

describe('VirtualTerminal (PEI interpreter)', () => {
  it('echoes until ATE0 and answers in the formats of PEI.md', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock });
    const say = serve(terminal('23401'));
    await say('AT+CSQ?\r\n');
    expect(out).toBe('AT+CSQ?\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await say('ATE0\r\n');
    out = '';
    await say('AT+CNUMF?\r\nAT+CTOM?\r\nAT+CREG?\r\nAT+BOGUS\r\n');
    expect(out).toBe(
      '\r\n+CNUMF: 6,09011638300023401\r\n\r\nOK\r\n\r\n+CTOM: 0\r\n\r\nOK\r\n' +
        '\r\n+CREG: 1,1001,1638\r\n\r\nOK\r\n\r\n+CME ERROR: 4\r\n',
    );
  });

  it('routes an SDS with a delivery report, or a failure report when the target is off', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock, latencyMs: 50 });
    const target = terminal('23404');
    const say = serve(terminal('23401', { cmgsPrompt: true }));
    await say('ATE0\r\n');
    out = '';
    await say('AT+CMGS=23404,48\r\n82040701486A\x1a');
    expect(out).toBe('\r\n> \r\n+CMGS: 0\r\n\r\nOK\r\n');
    clock.advance(100);
    await flushPromises();
    expect(out).toContain('\r\n+CMGS: 0,4,7\r\n');
    expect(target.received).toEqual([{ from: '23401', bits: 48, hex: '82040701486A' }]);
    target.setPower(false);
    await say('AT+CMGS=23404,48\r\n82040801486A\x1a');
    clock.advance(100);
    await flushPromises();
    expect(out).toContain('\r\n+CMGS: 1,5,8\r\n');
  });

  it('refuses to send without coverage and reports no network', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock });
    const t = terminal('23401');
    const say = serve(t);
    await say('ATE0\r\n');
    t.setCoverage(false);
    out = '';
    await say('AT+CSQ?\r\nAT+CREG?\r\nAT+CMGS=23404,16\r\n8001\x1a');
    expect(out).toBe(
      '\r\n+CSQ: 99,99\r\n\r\nOK\r\n\r\n+CREG: 0,1001,1638\r\n\r\nOK\r\n\r\n+CME ERROR: 30\r\n',
    );
  });

  it('runs a group call with one talker at a time and ends it after the hang time', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock, latencyMs: 10, hangTimeMs: 1000 });
    const a = terminal('23401', { talkgroup: '1001' });
    const b = terminal('23404', { talkgroup: '1001' });
    const say = serve(a);
    await say('ATE0\r\nATD1001\r\n');
    clock.advance(10);
    await flushPromises();
    expect(out).toContain('\r\n+CTCC: 1,1,1,0,0,1,1\r\n');
    expect(b.pressPtt()).toBe(true);
    clock.advance(10);
    await flushPromises();
    expect(out).toContain('\r\n+CTXG: 1,3,0,0,3,09011638300023404\r\n');
    expect(network.talker('1001')).toBe('23404');
    await say('AT+CTXD=1,1\r\n');
    clock.advance(10);
    await flushPromises();
    expect(out).toContain('\r\n+CTXG: 1,1,0,0,3,09011638300023404\r\n'); // not granted: floor busy
    b.releasePtt();
    clock.advance(10);
    await flushPromises();
    expect(out).toContain('\r\n+CDTXC: 1,0\r\n');
    clock.advance(1000);
    await flushPromises();
    expect(out).toContain('\r\n+CTCR: 1,13\r\n');
  });

  it('is silent while powered off', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock });
    const t = terminal('23401');
    const say = serve(t);
    t.setPower(false);
    await say('AT\r\n');
    expect(out).toBe('');
    t.setPower(true);
    await say('AT\r\n');
    expect(out).toBe('AT\r\r\nOK\r\n');
  });

  it('answers AT+CMGS with +CME ERROR: 43 while in a call, if so configured', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock, latencyMs: 10, hangTimeMs: 1000 });
    terminal('23404');
    const say = serve(terminal('23401', { sdsBusyInCall: true }));
    await say('ATE0\r\nATD1001\r\n');
    clock.advance(10);
    await flushPromises();
    out = '';
    await say('AT+CMGS=23404,48\r\n82040701486A\x1a');
    expect(out).toBe('\r\n+CME ERROR: 43\r\n');
    clock.advance(1000); // hang time: the call ends
    await flushPromises();
    out = '';
    await say('AT+CMGS=23404,48\r\n82040701486A\x1a');
    expect(out).toBe('\r\n+CMGS: 0\r\n\r\nOK\r\n');
    clock.advance(100);
  });

  it('signals an emergency call with priority 15 in +CTICN and a status with AI service 13', async () => {
    clock = new FakeClock();
    network = new TetraNetwork({ clock, latencyMs: 10, hangTimeMs: 1000 });
    const peer = terminal('23404', { talkgroup: '1001' });
    const say = serve(terminal('23401', { talkgroup: '1001' }));
    await say('ATE0\r\n');
    expect(peer.emergencyCall()).toBe(true);
    peer.sendStatus('23401', 0);
    clock.advance(10);
    await flushPromises();
    expect(out).toContain('\r\n+CTICN: 1,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300001001,15\r\n');
    expect(out).toContain('\r\n+CTSDSR: 13,23404,0,23401,0,16\r\n\r\n0000\r\n');
    clock.advance(1000);
  });
});
