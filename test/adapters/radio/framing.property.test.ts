import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtChannel } from '../../../adapters/radio/at-channel.js';
import type { ByteStream, ByteStreamEvents } from '../../../adapters/radio/byte-stream.js';
import { LineFramer } from '../../../adapters/radio/line-framer.js';
import type { PeiMessage } from '../../../adapters/radio/pei-messages.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { TypedEmitter } from '../../../bridge/typed-emitter.js';
import { FakeClock } from '../../support/fake-clock.js';

/** A stream the test drives synchronously, chunk by chunk. */
class DrivenStream implements ByteStream {
  readonly emitter = new TypedEmitter<ByteStreamEvents>();
  readonly events = this.emitter;
  readonly isOpen = true;
  write(): void {}
  async close(): Promise<void> {}
}

/** Splits bytes at the given cut points. */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

const WELL_FORMED: ReadonlyArray<{ text: string; type: PeiMessage['type'] }> = [
  { text: '+CTICN: 1,0,0,5,09011638300023404,1,1,0,1,1,5,09011638300000001,0', type: 'CTICN' },
  { text: '+CTXG: 1,3,0,0,3,09011638300023404', type: 'CTXG' },
  { text: '+CDTXC: 1,0', type: 'CDTXC' },
  { text: '+CTCR: 1,13', type: 'CTCR' },
  { text: '+CMGS: 0,4,7', type: 'CMGS' },
  { text: '+CTSDSR: 12,23404,0,23401,0,112\r\n82040801476A61746A616A676A61', type: 'SDS' },
  { text: '+CTOM: 0', type: 'CTOM' },
  { text: '+CTXI: 1', type: 'RECOGNISED' },
];

const encoder = new TextEncoder();
const MAX = 64;

describe('framing properties', () => {
  it('any bytes in any chunking: no exception, buffered bytes stay bounded', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (bytes, cuts) => {
          const framer = new LineFramer({ maxLineBytes: MAX });
          for (const c of chunk(bytes, cuts)) {
            const tokens = framer.push(c);
            expect(framer.buffered).toBeLessThanOrEqual(MAX);
            for (const t of tokens) if (t.kind === 'line') expect(t.text.length).toBeLessThanOrEqual(MAX);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the AT channel survives any input while commands are outstanding', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, cuts) => {
          const clock = new FakeClock();
          const stream = new DrivenStream();
          const channel = new AtChannel(stream, { clock, logger: nullLogger, maxLineBytes: MAX });
          void channel.send({ text: 'AT+CSQ?', expect: '+CSQ' }).catch(() => null);
          for (const c of chunk(bytes, cuts)) stream.emitter.emit('data', c);
          expect(channel.buffered).toBeLessThanOrEqual(MAX);
          clock.advance(5000);
          channel.dispose();
          expect(clock.pendingTimers()).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('well-formed result codes interleaved with garbage lines are all recognised, in order', () => {
    const garbage = fc.uint8Array({ maxLength: 200 }).map((g) => g.filter((b) => b !== 0x2b)); // no '+'
    const item = fc.oneof(
      fc.constantFrom(...WELL_FORMED).map((w) => ({ good: w })),
      garbage.map((g) => ({ bad: g })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 40 }), (items, cuts) => {
        const parts: Uint8Array[] = [];
        const expected: string[] = [];
        for (const it of items) {
          if ('good' in it) {
            parts.push(encoder.encode(`\r\n${it.good.text}\r\n`));
            expected.push(it.good.type);
          } else parts.push(it.bad, encoder.encode('\r\n'));
        }
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of parts) {
          all.set(p, at);
          at += p.length;
        }
        const stream = new DrivenStream();
        const channel = new AtChannel(stream, {
          clock: new FakeClock(),
          logger: nullLogger,
          maxLineBytes: 128,
        });
        const seen: string[] = [];
        channel.events.on('urc', (m) => seen.push(m.type));
        for (const c of chunk(all, cuts)) stream.emitter.emit('data', c);
        channel.dispose();
        expect(seen).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
