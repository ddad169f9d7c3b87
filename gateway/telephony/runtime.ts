/**
 * The real drachtio-srf and drachtio-fsmrf behind the DrachtioDriver seam. The CommonJS modules
 * are loaded once, here, and seen only through the interfaces in drachtio-types.ts.
 */
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import type { DrachtioDriver, MrfConnectOptions, MrfLike, SrfLike } from './drachtio-types.js';

type SrfConstructor = new () => SrfLike;
type MrfConstructor = new (srf: SrfLike) => MrfLike;

export function realDrachtioDriver(probeTimeoutMs = 3000): DrachtioDriver {
  const require = createRequire(import.meta.url);
  const Srf = require('drachtio-srf') as SrfConstructor;
  const Mrf = require('drachtio-fsmrf') as MrfConstructor;
  return {
    createSrf: () => new Srf(),
    createMrf: (srf) => {
      const mrf = new Mrf(srf);
      return {
        // drachtio-modesl keeps retrying a refused inbound connection forever with its own
        // timers, and a late success builds an orphan MediaServer; so only ask it to connect
        // once the event socket accepts TCP.
        connect: async (opts: MrfConnectOptions) => {
          await tcpReachable(opts.address, opts.port, probeTimeoutMs);
          return mrf.connect(opts);
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
