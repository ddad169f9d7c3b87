import { describe, expect, it } from 'vitest';
import { ownRetainedPayload } from '../../../adapters/mqtt/retained-payload.js';

/** A payload as aedes' parser hands it over: a view into a larger socket read. */
function viewIntoRead(text: string): Buffer {
  const read = Buffer.alloc(65_536);
  read.write(text, 1000);
  return read.subarray(1000, 1000 + Buffer.byteLength(text));
}

describe('ownRetainedPayload', () => {
  it('gives a retained payload memory of its own, same bytes, without the read around it', () => {
    const packet = { retain: true, payload: viewIntoRead('{"state":"up"}') };
    ownRetainedPayload(packet);
    expect(packet.payload.toString()).toBe('{"state":"up"}');
    expect(packet.payload.buffer.byteLength).toBe(packet.payload.byteLength);
  });

  it('leaves messages that are not retained as they are: they are gone once delivered', () => {
    const payload = viewIntoRead('event');
    const packet = { retain: false, payload };
    ownRetainedPayload(packet);
    expect(packet.payload).toBe(payload);
  });

  it('does not copy a payload that already owns its memory', () => {
    const payload = Buffer.allocUnsafeSlow(5);
    payload.write('state');
    const packet = { retain: true, payload };
    ownRetainedPayload(packet);
    expect(packet.payload).toBe(payload);
  });
});
