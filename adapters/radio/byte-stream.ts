/**
 * The byte transport under the AT channel: a serial port, a pty, or an in-memory pair.
 * `close` is emitted exactly once, whoever closed it, with the reason.
 */
import { type Subscribable, TypedEmitter } from '../../bridge/typed-emitter.js';

export interface ByteStreamEvents {
  data: Uint8Array;
  close: { reason: string; error?: unknown };
}

export interface ByteStream {
  readonly events: Subscribable<ByteStreamEvents>;
  readonly isOpen: boolean;
  write(bytes: Uint8Array | string): void;
  close(): Promise<void>;
}

/** Opens (or reopens) the transport; rejects with a RadioError. */
export type ByteStreamOpener = () => Promise<ByteStream>;

const encoder = new TextEncoder();
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** One end of an in-memory duplex pair. Data is delivered on a microtask, in order. */
class MemoryEnd implements ByteStream {
  readonly emitter = new TypedEmitter<ByteStreamEvents>();
  readonly events: Subscribable<ByteStreamEvents> = this.emitter;
  peer: MemoryEnd | null = null;
  #open = true;

  get isOpen(): boolean {
    return this.#open;
  }

  write(data: Uint8Array | string): void {
    if (!this.#open) return;
    const bytes = toBytes(data).slice();
    const peer = this.peer;
    queueMicrotask(() => {
      if (peer?.isOpen) peer.emitter.emit('data', bytes);
    });
  }

  async close(): Promise<void> {
    this.sever('closed locally');
  }

  sever(reason: string): void {
    if (!this.#open) return;
    this.#open = false;
    this.emitter.emit('close', { reason });
    this.peer?.sever(`peer ${reason}`);
  }
}

export interface MemoryPair {
  readonly a: ByteStream;
  readonly b: ByteStream;
  /** Simulates the cable being pulled: both ends close with `reason`. */
  unplug(reason?: string): void;
}

export function createMemoryPair(): MemoryPair {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return { a, b, unplug: (reason = 'unplugged') => a.sever(reason) };
}
