/**
 * FreeSWITCH through drachtio-fsmrf: FakeMrf#connect resolves a FakeMediaServer (lib/mrf.js,
 * lib/mediaserver.js). The media server's `api` resolves with the body and never rejects (a dead
 * socket simply never answers); createConference rejects with the *string* 'conference exists';
 * a lost inbound event socket emits 'end'.
 */
import { EventEmitter } from 'node:events';
import type {
  ConferenceLike,
  CreateEndpointOptions,
  JoinOptions,
  MediaServerLike,
  MrfConnectOptions,
  MrfLike,
} from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import { type EndpointHost, FakeEndpoint } from './fake-endpoint.js';
import type { FakePhone } from './fake-phone.js';
import { FakeRoom } from './fake-room.js';

export interface FreeswitchState {
  /** 'frozen' = TCP stays up but nothing answers (the silent drop). */
  state: 'up' | 'down' | 'frozen';
  secret: string;
}

export class FakeMediaServer extends EventEmitter implements MediaServerLike, EndpointHost {
  readonly sip = { ipv4: { udp: { address: '127.0.0.1:5080' as string | undefined } } };
  readonly rooms = new Map<string, FakeRoom>();
  readonly channels = new Set<FakeEndpoint>();
  readonly endpointsCreated: FakeEndpoint[] = [];
  connected = true;

  constructor(
    readonly clock: FakeClock,
    readonly fs: FreeswitchState,
    readonly connectOptions: MrfConnectOptions,
    readonly phones: { bySdp(sdp: string | undefined): FakePhone | null },
  ) {
    super();
  }

  get responsive(): boolean {
    return this.fs.state === 'up';
  }

  api(command: string): Promise<string> {
    if (!this.connected || !this.responsive) return new Promise(() => {});
    if (command === 'status')
      return Promise.resolve('UP 0 years, 0 days, 1 hour\nFreeSWITCH (Version 1.10.12) is ready\n');
    if (command.startsWith('conference ')) return Promise.resolve(this.conferenceApi(command.slice(11)));
    return Promise.resolve('-ERR no reply');
  }

  createEndpoint(opts: CreateEndpointOptions = {}): Promise<FakeEndpoint> {
    if (!this.connected) return Promise.reject(new Error('too early: mediaserver is not connected'));
    // A frozen FreeSWITCH never answers fsmrf's INVITE.
    if (!this.responsive) return new Promise(() => {});
    return new Promise((resolve) => {
      this.clock.setTimeout(() => {
        const ep = new FakeEndpoint(this, opts.remoteSdp, opts.headers ?? {});
        this.channels.add(ep);
        this.endpointsCreated.push(ep);
        resolve(ep);
      }, 30);
    });
  }

  async createConference(name: string, opts: { maxMembers?: number } = {}): Promise<ConferenceLike> {
    if (this.rooms.has(name)) throw 'conference exists';
    const control = await this.createEndpoint();
    const { confUuid } = await control.join(name, { flags: { endconf: true, mute: true } });
    const room = this.rooms.get(name);
    if (room && opts.maxMembers) room.maxMembers = opts.maxMembers;
    return { name, uuid: confUuid, destroy: () => control.destroy() };
  }

  disconnect(): void {
    this.connected = false;
  }

  // ------------------------------------------------------------ EndpointHost
  phoneBySdp(sdp: string | undefined): FakePhone | null {
    return this.phones.bySdp(sdp);
  }

  joinRoom(
    name: string,
    ep: FakeEndpoint,
    _opts: JoinOptions,
  ): { memberId: number; confUuid: string } | null {
    let room = this.rooms.get(name);
    if (!room) {
      room = new FakeRoom(name);
      this.rooms.set(name, room);
    }
    return room.join(ep);
  }

  /** mod_conference's `conference <name> <command...>` (api over ESL, from any connection). */
  conferenceApi(args: string): string {
    const [name, ...words] = args.trim().split(/\s+/);
    const room = this.rooms.get(name ?? '');
    if (!room) return `Conference ${name ?? ''} not found\n`;
    return room.api(words);
  }

  /** The room an endpoint is a member of, and its member id. */
  membership(ep: FakeEndpoint): { room: FakeRoom; memberId: number } | null {
    for (const room of this.rooms.values()) {
      const memberId = room.memberId(ep);
      if (memberId !== undefined) return { room, memberId };
    }
    return null;
  }

  leaveRoom(ep: FakeEndpoint): void {
    for (const [name, room] of this.rooms) {
      if (!room.members.delete(ep)) continue;
      // The control member carries endconf: the room ends with it.
      if (room.members.size === 0 || ep.flags?.endconf) this.rooms.delete(name);
    }
  }

  channelClosed(ep: FakeEndpoint): void {
    this.channels.delete(ep);
  }

  /** Members of a room other than the hidden control member. */
  members(name: string): FakeEndpoint[] {
    return [...(this.rooms.get(name)?.members.keys() ?? [])].filter((ep) => !ep.flags?.endconf);
  }
}

export class FakeMrf implements MrfLike {
  readonly servers: FakeMediaServer[] = [];
  constructor(
    readonly clock: FakeClock,
    readonly fs: FreeswitchState,
    readonly phones: { bySdp(sdp: string | undefined): FakePhone | null },
  ) {}

  connect(opts: MrfConnectOptions): Promise<MediaServerLike> {
    if (this.fs.state === 'down')
      return Promise.reject(new Error(`connect ECONNREFUSED ${opts.address}:${opts.port}`));
    if (this.fs.state === 'frozen') return new Promise(() => {});
    if (opts.secret !== this.fs.secret) return Promise.reject(new Error('acl-error'));
    return new Promise((resolve) => {
      this.clock.setTimeout(() => {
        const ms = new FakeMediaServer(this.clock, this.fs, opts, this.phones);
        this.servers.push(ms);
        resolve(ms);
      }, 20);
    });
  }
}
