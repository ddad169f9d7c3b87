/**
 * drachtio-fsmrf 4.1.x `Mrf#connect` (lib/mrf.js), done here so that the event-socket connection
 * is ours before fsmrf's MediaServer uses it: MediaServer's constructor asks `sofia status` and
 * *throws inside the reply callback* when the `drachtio_mrf` profile is missing — which it is
 * while a restarted FreeSWITCH is still loading sofia. That throw happens in drachtio-modesl's
 * socket data handler, outside any promise, and ended the process. Here every reply callback
 * runs guarded: the throw becomes a failed connect, which the link supervisor retries.
 * Otherwise the same steps as the library: connect, hand the connection to a MediaServer, resolve
 * on 'ready', reject on the first 'error' (and keep a listener, so a later one is never unheard).
 */
import type { Logger } from '../../bridge/ports.js';
import type { MediaServerLike, MrfConnectOptions } from './drachtio-types.js';
import { describe } from './link-supervisor.js';

type Callback = (...args: unknown[]) => unknown;

/** The slice of drachtio-modesl's Connection this module touches. */
export interface EslConnectionHandle {
  api(command: string, args?: unknown, cb?: Callback): unknown;
  on(event: string, listener: Callback): unknown;
  removeListener(event: string, listener: Callback): unknown;
  disconnect(): void;
}

/** fsmrf's MediaServer is an EventEmitter. */
type FsmrfMediaServer = MediaServerLike & {
  once(event: string, listener: Callback): unknown;
  emit(event: string, ...args: unknown[]): boolean;
};

/** The real constructors (lib/esl/Connection.js, lib/mediaserver.js), injected for tests. */
export interface MrfParts {
  /** `new Connection(host, port, password, onReady)`. */
  Connection: new (
    host: string,
    port: number,
    password: string,
    onReady: () => void,
  ) => EslConnectionHandle;
  MediaServer: new (
    conn: EslConnectionHandle,
    mrf: unknown,
    listenAddress: string,
    listenPort: number,
    advertisedAddress: string | undefined,
    advertisedPort: number | undefined,
    profile: string,
  ) => FsmrfMediaServer;
  /** The fsmrf Mrf (MediaServer reads `mrf.srf`). */
  mrf: unknown;
}

export function connectMediaServer(
  parts: MrfParts,
  opts: MrfConnectOptions,
  logger: Logger,
): Promise<MediaServerLike> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err: unknown, ms?: MediaServerLike) => {
      if (settled) return;
      settled = true;
      if (ms) resolve(ms);
      else reject(err instanceof Error ? err : new Error(String(err)));
    };
    const refused = (err: unknown) => settle(err);
    const conn: EslConnectionHandle = new parts.Connection(opts.address, opts.port, opts.secret, () => {
      conn.removeListener('error', refused);
      let ms: FsmrfMediaServer | null = null;
      const failed = (err: unknown) => {
        logger.warn({ err: describe(err) }, 'fsmrf MediaServer failed: contained');
        if (ms) ms.emit('error', err);
        else settle(err);
      };
      guardReplies(conn, failed);
      ms = new parts.MediaServer(
        conn,
        parts.mrf,
        opts.listenAddress,
        opts.listenPort ?? 0,
        opts.advertisedAddress,
        undefined,
        opts.profile ?? 'drachtio_mrf',
      );
      const server = ms;
      server.on('error', (err: unknown) => {
        if (settled) return;
        settle(err);
        try {
          server.disconnect();
        } catch {
          // the half-built media server has no socket to close
        }
      });
      server.once('ready', () => settle(null, server));
    });
    conn.on('error', refused);
    conn.on('esl::event::raw::text/rude-rejection', () => settle(new Error('acl-error')));
  });
}

/** Every reply callback given to `conn.api` runs guarded; what it throws goes to `failed`. */
function guardReplies(conn: EslConnectionHandle, failed: (err: unknown) => void): void {
  const api = conn.api.bind(conn);
  conn.api = (command: string, args?: unknown, cb?: Callback) => {
    const [realArgs, reply] = typeof args === 'function' ? ['', args as Callback] : [args, cb];
    if (!reply) return api(command, realArgs);
    return api(command, realArgs, (...values: unknown[]) => {
      try {
        return reply(...values);
      } catch (err) {
        failed(new Error(`fsmrf threw in its reply to "api ${command}": ${describe(err)}`, { cause: err }));
      }
    });
  };
}
