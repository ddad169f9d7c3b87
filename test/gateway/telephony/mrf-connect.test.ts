/**
 * The real fsmrf MediaServer (lib/mediaserver.js) on a fake event-socket connection: while
 * FreeSWITCH is still loading sofia its `sofia status` reply has no drachtio_mrf profile, and the
 * library throws inside the reply callback — from the socket's data handler, outside any promise.
 * connectMediaServer must turn that into a failed connect the link supervisor retries.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { MediaServerLike } from '../../../gateway/telephony/drachtio-types.js';
import { connectMediaServer, type MrfParts } from '../../../gateway/telephony/mrf-connect.js';

const require = createRequire(import.meta.url);
const MediaServer = require('drachtio-fsmrf/lib/mediaserver.js') as MrfParts['MediaServer'];

const LOADED = [
  '                     Name\t   Type\t                                      Data\tState',
  '=================================================================================================',
  '            drachtio_mrf\tprofile\t         sip:mod_sofia@127.0.0.1:5080\tRUNNING (0)',
].join('\n');
const STARTING = LOADED.split('\n').slice(0, 2).join('\n');

/**
 * drachtio-modesl's Connection as MediaServer uses it: replies arrive from the socket's data
 * handler (a macrotask), so a throw in a reply callback is an uncaught exception.
 */
class FakeEslConnection extends EventEmitter {
  static sofiaStatus = LOADED;
  static refuse = false;
  readonly socket = { remoteAddress: '127.0.0.1' };
  disconnected = false;
  constructor(_host: string, _port: number, _password: string, onReady: () => void) {
    super();
    setImmediate(() => {
      if (FakeEslConnection.refuse) this.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:8021'));
      else onReady();
    });
  }
  subscribe(): void {}
  api(command: string, args?: unknown, cb?: (evt: { getBody(): string }) => void): void {
    const reply = typeof args === 'function' ? (args as typeof cb) : cb;
    const body = command === 'sofia status' ? FakeEslConnection.sofiaStatus : '+OK';
    setImmediate(() => reply?.({ getBody: () => body }));
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

const parts = (): MrfParts => ({
  Connection: FakeEslConnection,
  MediaServer,
  mrf: { srf: {}, localAddresses: [] },
});
const options = { address: '127.0.0.1', port: 8021, secret: 's3cret', listenAddress: '127.0.0.1' };

describe('connectMediaServer (fsmrf Mrf#connect with guarded event-socket replies)', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  const opened: MediaServerLike[] = [];
  beforeEach(() => {
    uncaught.length = 0;
    FakeEslConnection.sofiaStatus = LOADED;
    FakeEslConnection.refuse = false;
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    for (const ms of opened.splice(0)) ms.disconnect();
    process.off('uncaughtException', onUncaught);
  });

  it('resolves the real MediaServer once its sofia profile is known', async () => {
    const ms = await connectMediaServer(parts(), options, nullLogger);
    opened.push(ms);
    expect(ms.sip.ipv4.udp.address).toBe('127.0.0.1:5080');
  });

  it('FreeSWITCH still loading sofia: the throw in the reply becomes a failed connect, nothing escapes', async () => {
    FakeEslConnection.sofiaStatus = STARTING;
    await expect(connectMediaServer(parts(), options, nullLogger)).rejects.toThrow(
      /No drachtio_mrf sip profile found/,
    );
    // fsmrf's own 1 s "not ready" timer then emits 'error' on the media server: it must be heard.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(uncaught).toEqual([]);
  });

  it('a refused event socket rejects the connect', async () => {
    FakeEslConnection.refuse = true;
    await expect(connectMediaServer(parts(), options, nullLogger)).rejects.toThrow(/ECONNREFUSED/);
  });
});
