import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardConnection, PacketGuardError, PacketSizeMeter } from '../../../adapters/mqtt/packet-guard.js';

/** The remaining-length encoding of MQTT 3.1.1 §2.2.3. */
function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  do {
    const digit = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? digit | 0x80 : digit);
  } while (rest > 0);
  return bytes;
}

/** A QoS 0 PUBLISH to topic "t". */
function publish(payloadBytes: number): Buffer {
  const variable = Buffer.concat([Buffer.from([0, 1, 0x74]), Buffer.alloc(payloadBytes, 1)]);
  return Buffer.concat([Buffer.from([0x30, ...remainingLength(variable.length)]), variable]);
}
const pingreq = () => Buffer.from([0xc0, 0x00]);

describe('PacketSizeMeter', () => {
  it('accepts packets up to the limit, whole or split at any byte', () => {
    const packet = publish(300); // 2-byte remaining length
    const stream = Buffer.concat([pingreq(), packet, pingreq(), packet]);
    const whole = new PacketSizeMeter(packet.length);
    expect(whole.feed(stream)).toEqual({ ok: true });
    const bytewise = new PacketSizeMeter(packet.length);
    for (const byte of stream) expect(bytewise.feed(Uint8Array.of(byte))).toEqual({ ok: true });
  });

  it('refuses a packet one byte over the limit as soon as its header is complete', () => {
    const packet = publish(300);
    const meter = new PacketSizeMeter(packet.length - 1);
    expect(meter.feed(pingreq())).toEqual({ ok: true });
    // The fixed header alone (type byte and two length bytes) is enough to decide.
    expect(meter.feed(packet.subarray(0, 3))).toEqual({
      ok: false,
      reason: 'too-large',
      packetBytes: packet.length,
    });
  });

  it('refuses the largest remaining length MQTT allows (256 MB) without waiting for its body', () => {
    const meter = new PacketSizeMeter(65_536);
    expect(meter.feed(Uint8Array.of(0x10, 0xff, 0xff, 0xff, 0x7f))).toEqual({
      ok: false,
      reason: 'too-large',
      packetBytes: 1 + 4 + 268_435_455,
    });
  });

  it('calls a fifth remaining-length byte malformed (MQTT 3.1.1 §2.2.3)', () => {
    const meter = new PacketSizeMeter(65_536);
    expect(meter.feed(Uint8Array.of(0x30, 0x80, 0x80, 0x80, 0x80))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('guardConnection', () => {
  function pair(maxPacketBytes: number) {
    const transport = new PassThrough();
    const violations: PacketGuardError[] = [];
    const guarded = guardConnection(transport, {
      maxPacketBytes,
      onViolation: (error) => violations.push(error),
    });
    return { transport, guarded, violations };
  }

  it('passes packets through both ways', async () => {
    const { transport, guarded } = pair(1024);
    const received: Buffer[] = [];
    guarded.on('data', (chunk: Buffer) => received.push(chunk));
    // PassThrough echoes what the broker writes back to the "client" side.
    guarded.write(pingreq());
    await new Promise((resolve) => setImmediate(resolve));
    expect(Buffer.concat(received)).toEqual(pingreq());
    expect(transport.destroyed).toBe(false);
  });

  it('destroys itself and its transport on an oversize packet, before passing any of it on', async () => {
    const { transport, guarded, violations } = pair(1024);
    const received: Buffer[] = [];
    guarded.on('data', (chunk: Buffer) => received.push(chunk));
    const failed = new Promise<unknown>((resolve) => guarded.once('error', resolve));
    transport.write(publish(2000));
    const error = await failed;
    expect(error).toBeInstanceOf(PacketGuardError);
    expect(error).toMatchObject({ code: 'SAMBAND_ERR_MQTT_PACKET_TOO_LARGE' });
    expect(violations).toHaveLength(1);
    expect(received).toEqual([]);
    expect(transport.destroyed).toBe(true);
  });

  it('hands chunks written while corked to the transport as one write', () => {
    const transport = new RecordingTransport();
    const guarded = guardConnection(transport, { maxPacketBytes: 1024, onViolation() {} });
    guarded.cork();
    guarded.write(Buffer.from([0x30, 0x03]));
    guarded.write(Buffer.from([0x00, 0x01]));
    guarded.write(Buffer.from([0x74]));
    guarded.uncork();
    expect(transport.writes).toEqual([Buffer.from([0x30, 0x03, 0x00, 0x01, 0x74])]);
  });

  it('sends corked chunks over a TCP socket in order and intact', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const client = connect(port, '127.0.0.1');
    const [accepted] = (await once(server, 'connection')) as [Socket];
    const guarded = guardConnection(accepted, { maxPacketBytes: 1024, onViolation() {} });
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    const chunks = [Buffer.from([0x30, 0x03]), Buffer.from([0x00, 0x01]), Buffer.from([0x74]), pingreq()];
    guarded.cork();
    for (const chunk of chunks) guarded.write(chunk);
    guarded.uncork();
    await new Promise<void>((resolve) => guarded.end(resolve));
    await once(client, 'end');
    expect(Buffer.concat(received)).toEqual(Buffer.concat(chunks));
    client.destroy();
    server.close();
  });

  it('holds further writes until a full transport drains', async () => {
    const transport = new RecordingTransport();
    transport.full = true;
    const guarded = guardConnection(transport, { maxPacketBytes: 1024, onViolation() {} });
    guarded.write(pingreq());
    guarded.write(pingreq());
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.writes).toHaveLength(1);
    transport.full = false;
    transport.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.writes).toHaveLength(2);
  });

  it('is destroyed when its transport is', async () => {
    const { transport, guarded } = pair(1024);
    const closed = new Promise<void>((resolve) => guarded.once('close', () => resolve()));
    transport.destroy();
    await closed;
    expect(guarded).toBeInstanceOf(Duplex);
    expect(guarded.destroyed).toBe(true);
  });
});

/** A transport that records each write it is handed and says it is full when told to. */
class RecordingTransport extends Duplex {
  readonly writes: Buffer[] = [];
  full = false;

  override _read(): void {}

  override write(chunk: Buffer): boolean {
    this.writes.push(Buffer.from(chunk));
    return !this.full;
  }
}
