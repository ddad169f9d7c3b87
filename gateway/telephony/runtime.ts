/**
 * The real drachtio-srf and drachtio-fsmrf behind the DrachtioDriver seam. The CommonJS modules
 * are loaded once, here, and seen only through the interfaces in drachtio-types.ts.
 */
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import type { Logger } from '../../bridge/ports.js';
import type { DrachtioDriver, MrfConnectOptions, SrfLike } from './drachtio-types.js';
import { connectMediaServer, type MrfParts } from './mrf-connect.js';

type SrfConstructor = new () => SrfLike;
type MrfConstructor = new (srf: SrfLike) => unknown;

export function realDrachtioDriver(probeTimeoutMs = 3000): DrachtioDriver {
  const require = createRequire(import.meta.url);
  const Srf = require('drachtio-srf') as SrfConstructor;
  const Mrf = require('drachtio-fsmrf') as MrfConstructor;
  // fsmrf's own copies, so the MediaServer gets the Connection class it was written against.
  const fromFsmrf = createRequire(require.resolve('drachtio-fsmrf'));
  const { Connection } = fromFsmrf('drachtio-modesl') as Pick<MrfParts, 'Connection'>;
  const MediaServer = fromFsmrf('./mediaserver.js') as MrfParts['MediaServer'];
  return {
    createSrf: () => new Srf(),
    createMrf: (srf: SrfLike, logger: Logger) => {
      const parts: MrfParts = { Connection, MediaServer, mrf: new Mrf(srf) };
      return {
        // drachtio-modesl keeps retrying a refused inbound connection forever with its own
        // timers, and a late success builds an orphan MediaServer; so only ask it to connect
        // once the event socket accepts TCP.
        connect: async (opts: MrfConnectOptions) => {
          await tcpReachable(opts.address, opts.port, probeTimeoutMs);
          return connectMediaServer(parts, opts, logger);
        },
      };
    },
  };
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () =>
      done(new Error(`${host}:${port} did not accept within ${timeoutMs} ms`)),
    );
    socket.once('error', (err) => done(err));
    socket.connect(port, host, () => done());
  });
}
