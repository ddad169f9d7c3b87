import { afterEach, describe, expect, it } from 'vitest';
import { AtChannel } from '../../../adapters/radio/at-channel.js';
import { createMemoryPair, type MemoryPair } from '../../../adapters/radio/byte-stream.js';
import { Pei } from '../../../adapters/radio/commands.js';
import { CmeError } from '../../../adapters/radio/errors.js';
import type { PeiMessage } from '../../../adapters/radio/pei-messages.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

let pair: MemoryPair;
let clock: FakeClock;
let channel: AtChannel;
let urcs: PeiMessage[];
let wire: string;

function setup(options: { maxLineBytes?: number } = {}) {
  clock = new FakeClock();
  pair = createMemoryPair();
  channel = new AtChannel(pair.a, { clock, logger: nullLogger, ...options });
  urcs = [];
  wire = '';
  channel.events.on('urc', (m) => urcs.push(m));
  pair.b.events.on('data', (b) => {
    wire += Buffer.from(b).toString('latin1');
  });
}

/** The terminal side writes these chunks, one by one. */
async function terminalSays(...chunks: string[]) {
  for (const c of chunks) {
    pair.b.write(c);
    await flushPromises();
  }
}

afterEach(() => {
  channel.dispose();
  expect(clock.pendingTimers()).toBe(0);
});

describe('AtChannel', () => {
  it('resolves a command with its information response on OK', async () => {
    setup();
    const r = channel.send(Pei.signalQuality());
    await terminalSays('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await expect(r).resolves.toMatchObject({ lines: ['+CSQ: 20,99'], messages: [{ type: 'CSQ', dbm: -73 }] });
    expect(wire).toBe('AT+CSQ?\r\n');
  });

  it('copes with echo, bare CR, bare LF, LF CR and split lines', async () => {
    setup();
    const r = channel.send(Pei.signalQuality());
    await terminalSays('AT+CS', 'Q?\r', '\n+C', 'SQ: 1', '5,99\n\r', 'O', 'K\r');
    await expect(r).resolves.toMatchObject({ lines: ['+CSQ: 15,99'] });
  });

  it('handles joined lines: response, URC and final in one chunk', async () => {
    setup();
    const r = channel.send(Pei.registration());
    await terminalSays('\r\n+CREG: 1,1001,1638\r\n+CTXG: 1,3,0,0,3,09011638300023404\r\nOK\r\n');
    await expect(r).resolves.toMatchObject({ lines: ['+CREG: 1,1001,1638'] });
    expect(urcs).toEqual([{ type: 'CTXG', cci: 1, grant: 'granted-to-other', talkerIssi: '23404' }]);
  });

  it('dispatches a URC that arrives in the middle of a response', async () => {
    setup();
    const r = channel.send(Pei.signalQuality());
    await terminalSays('\r\n+CTCR: 1,13\r\n', '\r\n+CSQ: 9,99\r\n', '\r\n+CDTXC: 1,0\r\n', 'OK\r\n');
    await expect(r).resolves.toMatchObject({ lines: ['+CSQ: 9,99'] });
    expect(urcs.map((u) => u.type)).toEqual(['CTCR', 'CDTXC']);
  });

  it('joins +CTSDSR with its payload line, even split and interleaved with a response', async () => {
    setup();
    const r = channel.send(Pei.at());
    await terminalSays(
      '\r\n+CTSDSR: 12,23404,0,23401,0,112\r\n',
      '82040801476A61',
      '746A616A676A61\r\n',
      'OK\r\n',
    );
    await r;
    expect(urcs).toMatchObject([
      { type: 'SDS', fromIssi: '23404', payload: { kind: 'text', text: 'Gjatjajgja' } },
    ]);
  });

  it('sends AT+CMGS with the PDU and Ctrl-Z; the delivery report is a URC, the local result a response', async () => {
    setup();
    const r = channel.send(Pei.sendSds('23404', '82040701486A', 48));
    await flushPromises();
    expect(wire).toBe('AT+CMGS=23404,48\r\n82040701486A\x1a');
    await terminalSays(
      '\r\n> ',
      'AT+CMGS=23404,48\r\n82040701486A\x1a',
      '\r\n+CMGS: 0\r\n\r\nOK\r\n',
      '\r\n+CMGS: 0,4,7\r\n',
    );
    await expect(r).resolves.toMatchObject({ lines: ['+CMGS: 0'] });
    expect(urcs).toEqual([{ type: 'CMGS', instance: 0, status: 4, ref: 7 }]);
  });

  it('maps ERROR and +CME ERROR to coded errors', async () => {
    setup();
    const a = channel.send(Pei.readMode()).catch((e: unknown) => e);
    const b = channel.send(Pei.dial('1001')).catch((e: unknown) => e);
    await terminalSays('ERROR\r\n');
    expect(await a).toMatchObject({ code: 'RADIO_ERR_COMMAND_ERROR' });
    await terminalSays('+CME ERROR: 30\r\n');
    const error = await b;
    expect(error).toBeInstanceOf(CmeError);
    expect(error).toMatchObject({ code: 'RADIO_ERR_CME_NO_NETWORK_SERVICE', cme: { n: 30 } });
  });

  it('keeps one command outstanding and times each out through the clock', async () => {
    setup();
    const a = channel.send(Pei.at());
    const b = channel.send(Pei.signalQuality());
    await flushPromises();
    expect(wire).toBe('AT\r\n');
    clock.advance(1999);
    await flushPromises();
    expect(wire).toBe('AT\r\n');
    clock.advance(1);
    await expect(a).rejects.toMatchObject({ code: 'RADIO_ERR_TIMEOUT' });
    expect(wire).toBe('AT\r\nAT\r\n'); // the sync probe goes first (see the resync tests)
    await terminalSays('OK\r\n');
    clock.advance(100);
    await flushPromises();
    expect(wire).toBe('AT\r\nAT\r\nAT+CSQ?\r\n');
    await terminalSays('+CSQ: 3,99\r\nOK\r\n');
    await expect(b).resolves.toMatchObject({ lines: ['+CSQ: 3,99'] });
  });

  it('fails queued and outstanding commands with LINK_DOWN when the stream closes', async () => {
    setup();
    const a = channel.send(Pei.at());
    const b = channel.send(Pei.at());
    pair.unplug('cable pulled');
    await expect(a).rejects.toMatchObject({
      code: 'RADIO_ERR_LINK_DOWN',
      message: expect.stringContaining('cable pulled'),
    });
    await expect(b).rejects.toMatchObject({ code: 'RADIO_ERR_LINK_DOWN' });
    await expect(channel.send(Pei.at())).rejects.toMatchObject({ code: 'RADIO_ERR_LINK_DOWN' });
  });

  it('bounds the queue', async () => {
    setup();
    const all = Array.from({ length: 40 }, () =>
      channel.send(Pei.at()).catch((e: { code: string }) => e.code),
    );
    const results = await Promise.all(all.slice(33));
    expect(results.every((c) => c === 'RADIO_ERR_QUEUE_FULL')).toBe(true);
    channel.dispose();
    await Promise.all(all);
  });

  it('drops garbage and over-long lines and still recognises what follows', async () => {
    setup({ maxLineBytes: 64 });
    const garbage: number[] = [];
    channel.events.on('garbage', (g) => garbage.push(g.bytes));
    const r = channel.send(Pei.signalQuality());
    await terminalSays('\x00\xff\x07', 'x'.repeat(500), '\r\n', 'zz#+CSQ: 4,99\r\n', 'OK\r\n');
    await expect(r).resolves.toMatchObject({ lines: ['+CSQ: 4,99'] });
    expect(channel.buffered).toBe(0);
    expect(garbage.length).toBeGreaterThanOrEqual(3);
  });
});

describe('AtChannel resynchronisation after a time-out', () => {
  /** A times out; B is queued behind it. */
  async function timeOutFirst() {
    setup();
    const a = channel.send(Pei.readMode()).catch((e: unknown) => e);
    const b = channel.send(Pei.signalQuality());
    await flushPromises();
    clock.advance(2000);
    expect(await a).toMatchObject({ code: 'RADIO_ERR_TIMEOUT' });
    return { b }; // wrapped: an async function would otherwise wait for b
  }

  it('does not let a late OK of the timed-out command complete the next one', async () => {
    const { b } = await timeOutFirst();
    expect(wire).toBe('AT+CTOM?\r\nAT\r\n');
    await terminalSays('\r\n+CTOM: 0\r\n\r\nOK\r\n'); // the late answer to AT+CTOM?
    await terminalSays('\r\nOK\r\n'); // the probe's own answer
    clock.advance(99);
    await flushPromises();
    expect(wire).toBe('AT+CTOM?\r\nAT\r\n'); // still waiting for the quiet period
    clock.advance(1);
    await flushPromises();
    expect(wire).toBe('AT+CTOM?\r\nAT\r\nAT+CSQ?\r\n');
    await terminalSays('\r\n+CSQ: 12,99\r\n\r\nOK\r\n');
    await expect(b).resolves.toMatchObject({ lines: ['+CSQ: 12,99'] });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('also swallows a late ERROR arriving just after the probe was answered', async () => {
    const { b } = await timeOutFirst();
    await terminalSays('OK\r\n');
    clock.advance(50);
    await terminalSays('+CME ERROR: 35\r\n');
    clock.advance(99);
    await flushPromises();
    expect(wire).not.toContain('AT+CSQ?');
    clock.advance(1);
    await flushPromises();
    await terminalSays('+CSQ: 7,99\r\nOK\r\n');
    await expect(b).resolves.toMatchObject({ lines: ['+CSQ: 7,99'] });
  });

  it('fails the waiting command when the probe is not answered, and probes again for the next', async () => {
    setup();
    const a = channel.send(Pei.readMode()).catch((e: unknown) => e);
    const b = channel.send(Pei.signalQuality()).catch((e: unknown) => e);
    const c = channel.send(Pei.registration());
    await flushPromises();
    clock.advance(2000);
    expect(await a).toMatchObject({ code: 'RADIO_ERR_TIMEOUT' });
    clock.advance(2000);
    expect(await b).toMatchObject({
      code: 'RADIO_ERR_TIMEOUT',
      message: expect.stringContaining('AT+CSQ?: the terminal did not answer the sync probe'),
    });
    expect(wire).toBe('AT+CTOM?\r\nAT\r\nAT\r\n');
    await terminalSays('OK\r\n');
    clock.advance(100);
    await flushPromises();
    await terminalSays('+CREG: 1,1001,1638\r\nOK\r\n');
    await expect(c).resolves.toMatchObject({ lines: ['+CREG: 1,1001,1638'] });
  });

  it('sends commands straight away while nothing has timed out', async () => {
    setup();
    const a = channel.send(Pei.at());
    await terminalSays('OK\r\n');
    await a;
    const b = channel.send(Pei.signalQuality());
    await flushPromises();
    expect(wire).toBe('AT\r\nAT+CSQ?\r\n');
    await terminalSays('+CSQ: 1,99\r\nOK\r\n');
    await b;
  });
});
