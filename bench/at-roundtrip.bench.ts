/**
 * AT round trips per second over a socat pty (real serialport bindings on both ends) at 38400
 * and 115200 baud, next to the wire limit for the same bytes, and the PEI parser's lines/second.
 *
 *   npx vitest bench --run bench/at-roundtrip.bench.ts
 *
 * One round trip is `AT\r\n` (4 bytes) out and `\r\nOK\r\n` (6 bytes) back: 10 bytes × 10 bits
 * (8N1) per trip, so the wire allows baud / 100 trips per second. A pty does not pace bytes at
 * the configured baud rate, so the measured figure shows the software overhead, not the UART.
 */
import { afterAll, bench, describe } from 'vitest';
import { AtChannel } from '../adapters/radio/at-channel.js';
import { Pei } from '../adapters/radio/commands.js';
import { LineFramer } from '../adapters/radio/line-framer.js';
import { parsePeiLine } from '../adapters/radio/pei-messages.js';
import { openSerialStream } from '../adapters/radio/serial-stream.js';
import { systemClock } from '../bridge/clock.js';
import { nullLogger } from '../bridge/null-logger.js';
import { TetraNetwork } from '../sim/tetra/network.js';
import { servePty } from '../sim/tetra/pty-server.js';
import { VirtualTerminal } from '../sim/tetra/virtual-terminal.js';
import { createPtyPair, type PtyPair } from '../test/adapters/radio/support/socat.js';

const TRIPS = 100;
const BYTES_PER_TRIP = 4 + 6;

async function ptyChannel(baudRate: number) {
  const pty: PtyPair = await createPtyPair();
  const network = new TetraNetwork({ clock: systemClock });
  const radio = new VirtualTerminal({ issi: '1', network });
  radio.echo = false;
  const server = await servePty(pty.b, radio, baudRate);
  const stream = await openSerialStream(pty.a, { baudRate });
  const channel = new AtChannel(stream, { clock: systemClock, logger: nullLogger });
  const close = async () => {
    channel.dispose();
    await stream.close();
    await server.close();
    network.close();
    await pty.dispose();
  };
  return { channel, close };
}

// Set up at module level: vitest bench does not run describe-level hooks before bench().
const rigs = await Promise.all(
  [38_400, 115_200].map(async (baudRate) => ({ baudRate, ...(await ptyChannel(baudRate)) })),
);
afterAll(async () => {
  for (const r of rigs) await r.close();
});

for (const { baudRate, channel } of rigs) {
  describe(`AT round trips over a pty at ${baudRate} baud (wire limit ${baudRate / (BYTES_PER_TRIP * 10)}/s)`, () => {
    bench(`${TRIPS} sequential AT round trips (× ${TRIPS} = trips/s)`, async () => {
      for (let i = 0; i < TRIPS; i++) await channel.send(Pei.at());
    });
  });
}

describe('PEI parser', () => {
  const lines = [
    '+CTXG: 1,3,0,0,3,09011638300023404',
    '+CSQ: 20,99',
    '+CTSDSR: 12,23404,0,23401,0,112',
    '82040801476A61746A616A676A61',
    '+CMGS: 0,4,7',
    'OK',
  ];
  const LINES = 10_000;
  const wire = new TextEncoder().encode(
    Array.from({ length: LINES }, (_, i) => `\r\n${lines[i % lines.length]}\r\n`).join(''),
  );
  bench(`frame + parse ${LINES} lines (× ${LINES} = lines/s)`, () => {
    const framer = new LineFramer();
    for (let at = 0; at < wire.length; at += 64) {
      for (const t of framer.push(wire.subarray(at, at + 64))) if (t.kind === 'line') parsePeiLine(t.text);
    }
  });
});
