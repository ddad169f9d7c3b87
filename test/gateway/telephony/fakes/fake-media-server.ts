/**
 * FreeSWITCH through drachtio-fsmrf: FakeMrf#connect resolves a FakeMediaServer (lib/mrf.js,
 * lib/mediaserver.js) — one inbound ESL connection, a view on the backend's one FakeFreeswitch.
 * The media server's `api` resolves with the body and never rejects (a dead socket simply never
 * answers); createConference rejects with the *string* 'conference exists' (also for a room that
 * outlived an earlier gateway process); a lost inbound event socket emits 'end'. When the
 * gateway process dies the connection closes silently: no 'end', no events, no replies.
 */
import { EventEmitter } from 'node:events';
import type {
  ConferenceLike,
  CreateEndpointOptions,
  MediaServerLike,
  MrfConnectOptions,
  MrfLike,
  SrfLike,
} from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import type { FakeEndpoint } from './fake-endpoint.js';
import { FakeEslConnection } from './fake-esl.js';
import type { FakeFreeswitch } from './fake-freeswitch.js';
import { type FakeProcess, never } from './fake-process.js';
import type { FakeRoom } from './fake-room.js';
import { FakeSipError, FREESWITCH_URI } from './fake-srf.js';

/** lib/mediaserver.js: how long fsmrf waits for FreeSWITCH's outbound socket. */
export const FSMRF_OUTBOUND_TIMEOUT_MS = 4000;

export class FakeMediaServer extends EventEmitter implements MediaServerLike {
  readonly sip = { ipv4: { udp: { address: '127.0.0.1:5080' as string | undefined } } };
  readonly conn: FakeEslConnection;
  /** Endpoints created through this connection. */
  readonly endpointsCreated: FakeEndpoint[] = [];
  /** The inbound socket is up (false after disconnect(), a drop, or the process's death). */
  connected = true;
  readonly #owner: FakeProcess;

  constructor(
    readonly fs: FakeFreeswitch,
    readonly connectOptions: MrfConnectOptions,
    owner: FakeProcess,
    /** The Srf the Mrf was built with (fsmrf sends its INVITEs to FreeSWITCH through it). */
    readonly srf: SrfLike,
  ) {
    super();
    this.#owner = owner;
    this.conn = new FakeEslConnection(() => this.connected);
    owner.atExit(() => {
      this.connected = false;
      this.removeAllListeners();
      this.conn.removeAllListeners();
    });
  }

  /** The world's clock (FreeSWITCH's), never the adapter's. */
  get clock(): FakeClock {
    return this.fs.clock;
  }

  /** FreeSWITCH's rooms, as every connection sees them. */
  get rooms(): Map<string, FakeRoom> {
    return this.fs.rooms;
  }

  /** FreeSWITCH's channels, as every connection sees them. */
  get channels(): Set<FakeEndpoint> {
    return this.fs.channels;
  }

  get responsive(): boolean {
    return this.fs.responsive;
  }

  get alive(): boolean {
    return this.#owner.alive;
  }

  api(command: string): Promise<string> {
    if (!this.alive || !this.connected || !this.responsive) return never();
    return Promise.resolve(this.fs.api(command));
  }

  createEndpoint(opts: CreateEndpointOptions = {}): Promise<FakeEndpoint> {
    if (!this.alive) return never();
    if (!this.connected) return Promise.reject(new Error('too early: mediaserver is not connected'));
    // A frozen FreeSWITCH never answers fsmrf's INVITE.
    if (!this.responsive) return never();
    // switch_core_session_request refuses past max-sessions: fsmrf's INVITE gets 503.
    if (this.fs.channels.size >= this.fs.maxSessions) return Promise.reject(new FakeSipError(503));
    if (this.fs.outboundSocket === 'late') return this.#lateOutboundSocket(opts);
    return new Promise((resolve) => {
      this.clock.setTimeout(() => {
        // An INVITE still in flight when the process died finds no outbound socket to connect to.
        if (!this.alive) return;
        const ep = this.fs.openChannel(this.#owner, opts.remoteSdp, opts.headers ?? {});
        this.endpointsCreated.push(ep);
        resolve(ep);
      }, 30);
    });
  }

  /**
   * lib/mediaserver.js createEndpoint when FreeSWITCH's outbound socket is late: the INVITE
   * through the gateway's own Srf is answered, then after 4 s `timeoutFn` calls
   * `dialog.destroy()` *without handling its promise* and fails the endpoint.
   */
  async #lateOutboundSocket(opts: CreateEndpointOptions): Promise<FakeEndpoint> {
    const dialog = await this.srf.createUAC(`${FREESWITCH_URI}${this.sip.ipv4.udp.address}`, {
      localSdp: opts.remoteSdp ?? '',
      headers: opts.headers ?? {},
    });
    return new Promise((_, reject) => {
      this.clock.setTimeout(() => {
        if (!this.alive) return;
        dialog.destroy();
        reject(new Error('Connection timeout'));
      }, FSMRF_OUTBOUND_TIMEOUT_MS);
    });
  }

  async createConference(name: string, opts: { maxMembers?: number } = {}): Promise<ConferenceLike> {
    if (!this.alive) return never();
    if (this.rooms.has(name)) throw 'conference exists';
    const control = await this.createEndpoint();
    const { confUuid } = await control.join(name, { flags: { endconf: true, mute: true } });
    const room = this.rooms.get(name);
    if (room && opts.maxMembers) room.maxMembers = opts.maxMembers;
    return { name, uuid: confUuid, destroy: () => control.destroy() };
  }

  disconnect(): void {
    if (!this.alive) return;
    this.connected = false;
  }

  /** Members of a room other than the hidden control member. */
  members(name: string): FakeEndpoint[] {
    return this.fs.members(name);
  }
}

export class FakeMrf implements MrfLike {
  readonly servers: FakeMediaServer[] = [];

  constructor(
    readonly fs: FakeFreeswitch,
    readonly owner: FakeProcess,
    readonly srf: SrfLike,
  ) {}

  connect(opts: MrfConnectOptions): Promise<FakeMediaServer> {
    if (!this.owner.alive) return never();
    if (this.fs.state === 'down')
      return Promise.reject(new Error(`connect ECONNREFUSED ${opts.address}:${opts.port}`));
    if (this.fs.state === 'frozen') return never();
    if (opts.secret !== this.fs.secret) return Promise.reject(new Error('acl-error'));
    return new Promise((resolve) => {
      this.fs.clock.setTimeout(() => {
        if (!this.owner.alive) return;
        const ms = new FakeMediaServer(this.fs, opts, this.owner, this.srf);
        this.servers.push(ms);
        this.fs.connections.push(ms);
        resolve(ms);
      }, 20);
    });
  }
}
