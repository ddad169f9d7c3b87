/**
 * Serves a virtual terminal on a pty (one end of a socat pair), through the real serialport
 * bindings, so the gateway's adapter can be exercised exactly as against a serial terminal.
 */
import { openSerialStream } from '../../adapters/radio/serial-stream.js';
import type { VirtualTerminal } from './virtual-terminal.js';

export interface PtyServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function servePty(
  path: string,
  terminal: VirtualTerminal,
  baudRate = 115200,
): Promise<PtyServer> {
  const stream = await openSerialStream(path, { baudRate });
  const detach = terminal.attach(stream);
  return {
    path,
    close: async () => {
      detach();
      await stream.close();
    },
  };
}
