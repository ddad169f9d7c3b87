/**
 * A ByteStream over serialport 13 (a real device or a socat pty). Wraps the callback API once,
 * here. "Cannot lock port" (another process holds it) becomes RADIO_ERR_PORT_LOCKED, which the
 * terminal reports instead of retrying; any other open failure is retried with back-off.
 */
import type { SerialPort } from 'serialport';
import { TypedEmitter } from '../../bridge/typed-emitter.js';
import type { ByteStream, ByteStreamEvents, ByteStreamOpener } from './byte-stream.js';
import { toBytes } from './byte-stream.js';
import { RadioError, RadioErrorCodes } from './errors.js';

export interface SerialOptions {
  baudRate: number;
  /** RTS/CTS hardware flow control (some Motorola set-ups). */
  rtscts?: boolean;
}

class SerialStream implements ByteStream {
  readonly #emitter = new TypedEmitter<ByteStreamEvents>();
  readonly events = this.#emitter;
  readonly #port: SerialPort;
  #open = true;

  constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#emitter.emit('data', new Uint8Array(chunk)));
    port.on('error', (error: Error) => this.#ended(`serial error: ${error.message}`, error));
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      this.#ended(error?.disconnected ? 'port disconnected' : 'port closed', error ?? undefined);
    });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  write(data: Uint8Array | string): void {
    if (!this.#open) return;
    this.#port.write(Buffer.from(toBytes(data)), (error) => {
      if (error) this.#ended(`write failed: ${error.message}`, error);
    });
  }

  close(): Promise<void> {
    if (!this.#port.isOpen) {
      this.#ended('closed locally');
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#port.close(() => {
        this.#ended('closed locally');
        resolve();
      });
    });
  }

  #ended(reason: string, error?: unknown): void {
    if (!this.#open) return;
    this.#open = false;
    this.#port.removeAllListeners('data');
    this.#emitter.emit('close', error === undefined ? { reason } : { reason, error });
    this.#emitter.removeAllListeners();
    if (this.#port.isOpen) this.#port.close(() => undefined);
  }
}

export async function openSerialStream(path: string, options: SerialOptions): Promise<ByteStream> {
  // Loaded with the first real port: serialport and its native binding are ~10 MB of resident
  // memory that a gateway on simulated radios never uses (issue 13).
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({
    path,
    baudRate: options.baudRate,
    rtscts: options.rtscts ?? false,
    autoOpen: false,
  });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (!error) return resolve(new SerialStream(port));
      const code = /cannot lock port/i.test(error.message)
        ? RadioErrorCodes.PORT_LOCKED
        : RadioErrorCodes.PORT_OPEN_FAILED;
      reject(new RadioError(code, `${path}: ${error.message}`, { cause: error }));
    });
  });
}

export function serialOpener(path: string, options: SerialOptions): ByteStreamOpener {
  return () => openSerialStream(path, options);
}
