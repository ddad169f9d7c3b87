/**
 * A size guard in front of aedes. aedes 1.2 has no packet-size limit: its parser buffers a
 * packet until the length its fixed header announces (up to 256 MB) has arrived, even before
 * CONNECT. The guard reads each fixed header as the bytes go by and closes the connection as
 * soon as a packet would exceed the limit, before its body is buffered anywhere.
 */
import { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { MqttError, MqttErrorCodes } from './errors.js';

/** The remaining length takes at most four bytes (MQTT 3.1.1 §2.2.3). */
const MAX_LENGTH_BYTES = 4;

export type MeterVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'too-large'; readonly packetBytes: number }
  | { readonly ok: false; readonly reason: 'malformed' };

const OK: MeterVerdict = { ok: true };

/**
 * Follows packet boundaries in a byte stream: the first byte of a packet (type and flags), then
 * 1-4 remaining-length bytes, then that many bytes it skips. Headers may be split across chunks.
 */
export class PacketSizeMeter {
  readonly #maxPacketBytes: number;
  #bodyLeft = 0;
  #inHeader = false;
  #length = 0;
  #lengthBytes = 0;

  constructor(maxPacketBytes: number) {
    this.#maxPacketBytes = maxPacketBytes;
  }

  /** Accounts one chunk; once it answers not ok, the connection must be closed. */
  feed(chunk: Uint8Array): MeterVerdict {
    let i = 0;
    while (i < chunk.length) {
      if (this.#bodyLeft > 0) {
        const skipped = Math.min(this.#bodyLeft, chunk.length - i);
        this.#bodyLeft -= skipped;
        i += skipped;
        continue;
      }
      const byte = chunk[i++] ?? 0;
      if (!this.#inHeader) {
        // The type-and-flags byte; aedes' parser judges it.
        this.#inHeader = true;
        this.#length = 0;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * 128 ** this.#lengthBytes;
      this.#lengthBytes++;
      if (byte & 0x80) {
        // [MQTT-2.2.3]: at most four length bytes; a fifth is a protocol violation.
        if (this.#lengthBytes === MAX_LENGTH_BYTES) return { ok: false, reason: 'malformed' };
        continue;
      }
      const packetBytes = 1 + this.#lengthBytes + this.#length;
      if (packetBytes > this.#maxPacketBytes) return { ok: false, reason: 'too-large', packetBytes };
      this.#inHeader = false;
      this.#bodyLeft = this.#length;
    }
    return OK;
  }
}

export class PacketGuardError extends MqttError {
  constructor(verdict: Exclude<MeterVerdict, { ok: true }>, maxPacketBytes: number) {
    if (verdict.reason === 'malformed') {
      super(MqttErrorCodes.MALFORMED_PACKET, 'remaining length longer than four bytes');
    } else {
      super(
        MqttErrorCodes.PACKET_TOO_LARGE,
        `packet of ${verdict.packetBytes} bytes exceeds mqtt.embedded.maxPacketBytes (${maxPacketBytes})`,
      );
    }
  }
}

/**
 * Wraps a transport (a TCP socket, a WebSocket stream) for aedes: what the client sends is
 * metered on its way in, what aedes writes goes straight out. On a violation the wrapper is
 * destroyed with a PacketGuardError, which aedes sees as a connection error, and so is the
 * transport. Destroying either one destroys the other.
 */
export function guardConnection(transport: Duplex, options: GuardOptions): Duplex {
  return new GuardedConnection(transport, options);
}

export interface GuardOptions {
  maxPacketBytes: number;
  /** Told before the connection is closed, e.g. to log who sent what. */
  onViolation(error: PacketGuardError): void;
  /** The peer's address, kept on the connection so authentication can slow a source down. */
  remoteAddress?: string;
}

class GuardedConnection extends Duplex {
  readonly #transport: Duplex;
  /** Read by the broker policy (aedes hands it `client.conn`, this stream). */
  readonly remoteAddress: string | undefined;
  #ended = false;

  constructor(transport: Duplex, options: GuardOptions) {
    // Half-open makes no sense for MQTT: aedes closes the client when its input ends.
    super({ allowHalfOpen: false });
    this.#transport = transport;
    this.remoteAddress = options.remoteAddress;
    const meter = new PacketSizeMeter(options.maxPacketBytes);
    transport.on('data', (chunk: Buffer) => {
      if (this.destroyed) return;
      const verdict = meter.feed(chunk);
      if (!verdict.ok) {
        const error = new PacketGuardError(verdict, options.maxPacketBytes);
        options.onViolation(error);
        this.destroy(error);
        return;
      }
      if (!this.push(chunk)) transport.pause();
    });
    transport.once('end', () => {
      this.#ended = true;
      this.push(null);
    });
    transport.once('error', (error: Error) => this.destroy(error));
    // A close after a clean end leaves buffered packets (a DISCONNECT) for aedes to read; a
    // close without one (a reset, a destroy elsewhere) ends this connection too.
    transport.once('close', () => {
      if (!this.#ended) this.destroy();
    });
  }

  override _read(): void {
    this.#transport.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#forward(chunk, callback);
  }

  /**
   * mqtt-packet writes a packet as several small chunks inside cork()/uncork(), and aedes writes
   * many packets per tick; they arrive here together and leave as one transport write (one
   * syscall, one WebSocket message) instead of one write per chunk. A TCP socket gathers them
   * itself (writev), so payloads are not copied; other transports get them joined.
   */
  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    const transport = this.#transport;
    if (!(transport instanceof Socket)) {
      this.#forward(Buffer.concat(chunks.map((c) => c.chunk)), callback);
      return;
    }
    transport.cork();
    let taken = true;
    for (const { chunk } of chunks) taken = transport.write(chunk);
    transport.uncork();
    this.#done(taken, callback);
  }

  #forward(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.#done(this.#transport.write(chunk), callback);
  }

  /**
   * Done as soon as the transport has taken the bytes, unless it asks to wait: waiting for its
   * write callback (the kernel's completion) would cost a loop turn per write, and its 'drain'
   * carries the backpressure through to aedes just the same.
   */
  #done(taken: boolean, callback: (error?: Error | null) => void): void {
    if (taken) callback();
    else this.#transport.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#transport.writableEnded || this.#transport.destroyed) callback();
    else this.#transport.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#transport.destroy();
    callback(error);
  }
}
