/**
 * One FreeSWITCH for the whole fake world: its rooms and channels outlive any gateway process
 * and any event socket. Every FakeMediaServer (one per mrf.connect, i.e. one inbound ESL
 * connection) is a view on it, so a restarted gateway sees the same rooms and channels. Events
 * it fires reach every connected inbound socket that subscribed to them; the channel's own
 * (outbound-socket) listeners are the endpoint's business.
 */
import type { EslEvent, JoinOptions } from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import type { FakeDialog } from './fake-dialog.js';
import { type EndpointHost, FakeEndpoint } from './fake-endpoint.js';
import { FakeEslEvent } from './fake-esl.js';
import { type ApiHost, freeswitchApi } from './fake-freeswitch-api.js';
import type { FakeMediaServer } from './fake-media-server.js';
import type { FakePhone } from './fake-phone.js';
import type { FakeProcess } from './fake-process.js';
import { FakeRoom, type RoomHost } from './fake-room.js';

export class FakeFreeswitch implements EndpointHost, RoomHost, ApiHost {
  /** 'frozen' = TCP stays up but nothing answers (the silent drop). */
  state: 'up' | 'down' | 'frozen' = 'up';
  readonly rooms = new Map<string, FakeRoom>();
  readonly channels = new Set<FakeEndpoint>();
  /** Every inbound event socket ever opened (one per FakeMediaServer), oldest first. */
  readonly connections: FakeMediaServer[] = [];
  /** Every event FreeSWITCH fired for inbound sockets, in order (delivered or not). */
  readonly events: EslEvent[] = [];
  /**
   * 'late': FreeSWITCH (overloaded) answers fsmrf's INVITE but its outbound socket does not come
   * within fsmrf's 4 s — fsmrf's timeoutFn then destroys the dialog and drops that promise.
   */
  outboundSocket: 'prompt' | 'late' = 'prompt';
  /** switch.conf.xml `max-sessions` and `sessions-per-second`, and the idle CPU `status` shows. */
  maxSessions = 600;
  sessionsPerSecondMax = 100;
  idleCpuPct = 90;
  #memberIds = 0;

  constructor(
    readonly clock: FakeClock,
    public secret: string,
    readonly dialogTable: Map<string, FakeDialog>,
    readonly phones: { bySdp(sdp: string | undefined): FakePhone | null },
  ) {}

  get responsive(): boolean {
    return this.state === 'up';
  }

  now(): number {
    return this.clock.now();
  }

  /** next_member_id: one pool for the whole FreeSWITCH, not per room. */
  nextMemberId(): number {
    this.#memberIds += 1;
    return this.#memberIds;
  }

  /** fsmrf's INVITE arrived: a new channel, whose fsmrf side belongs to `owner`. */
  openChannel(
    owner: FakeProcess,
    remoteSdp: string | undefined,
    headers: Record<string, string>,
  ): FakeEndpoint {
    const ep = new FakeEndpoint(this, owner, remoteSdp, headers);
    this.channels.add(ep);
    return ep;
  }

  channel(uuid: string): FakeEndpoint | undefined {
    for (const ep of this.channels) if (ep.uuid === uuid) return ep;
    return undefined;
  }

  load(): { sessions: number; maxSessions: number; sessionsPerSecondMax: number; idleCpuPct: number } {
    const { maxSessions, sessionsPerSecondMax, idleCpuPct } = this;
    return { sessions: this.channels.size, maxSessions, sessionsPerSecondMax, idleCpuPct };
  }

  /** An API command, as any connection (or endpoint) sends it. */
  api(command: string): string {
    return freeswitchApi(this, command);
  }

  /** mod_conference's `conference <name> <command...>` and `conference json_list`. */
  conferenceApi(args: string): string {
    const [name = '', ...words] = args.trim().split(/\s+/);
    const room = this.rooms.get(name);
    if (room) return words.length > 0 ? room.api(words) : "Conference command, not specified.\nTry 'help'\n";
    // Without a room of that name, `json_list` lists them all (conference_api_main_real).
    if (name === 'json_list') {
      const list = [...this.rooms.values()].map((r) => r.jsonList());
      return words[0] === 'compact' ? JSON.stringify(list) : JSON.stringify(list, null, '\t');
    }
    return `-ERR Conference ${name} not found\n`;
  }

  /** Members of a room other than the hidden control member. */
  members(name: string): FakeEndpoint[] {
    return [...(this.rooms.get(name)?.members.keys() ?? [])].filter((ep) => !ep.flags?.endconf);
  }

  /** Fires `evt` to every inbound connection that is up and subscribed to it. */
  publish(evt: EslEvent): void {
    this.events.push(evt);
    for (const ms of this.connections) ms.conn.deliver(evt);
  }

  // ------------------------------------------------------------ EndpointHost
  phoneBySdp(sdp: string | undefined): FakePhone | null {
    return this.phones.bySdp(sdp);
  }

  joinRoom(name: string, ep: FakeEndpoint, opts: JoinOptions): { memberId: number; confUuid: string } | null {
    let room = this.rooms.get(name);
    if (!room) {
      room = new FakeRoom(name, this);
      this.rooms.set(name, room);
    }
    return room.join(ep, opts.flags);
  }

  /** The room an endpoint is a member of, and its member id. */
  membership(ep: FakeEndpoint): { room: FakeRoom; memberId: number } | null {
    for (const room of this.rooms.values()) {
      const memberId = room.memberId(ep);
      if (memberId !== undefined) return { room, memberId };
    }
    return null;
  }

  /**
   * mod_conference fires start-talking only for a member that may speak, stop-talking for any
   * member; the CUSTOM conference::maintenance event goes to subscribed inbound connections.
   */
  memberTalking(ep: FakeEndpoint, talking: boolean): EslEvent | null {
    const member = this.membership(ep);
    if (!member || (talking && !member.room.canSpeak(member.memberId))) return null;
    const { room, memberId } = member;
    if (talking) room.talking.add(memberId);
    else room.talking.delete(memberId);
    const evt = new FakeEslEvent({
      'Event-Name': 'CUSTOM',
      'Event-Subclass': 'conference::maintenance',
      Action: talking ? 'start-talking' : 'stop-talking',
      'Conference-Name': room.name,
      'Conference-Unique-ID': room.uuid,
      'Member-ID': String(memberId),
      'Unique-ID': ep.uuid,
    });
    this.publish(evt);
    return evt;
  }

  leaveRoom(ep: FakeEndpoint): void {
    for (const [name, room] of this.rooms) {
      const memberId = room.memberId(ep);
      if (memberId === undefined) continue;
      room.members.delete(ep);
      room.talking.delete(memberId);
      // The control member carries endconf: the room ends with it.
      if (room.members.size === 0 || ep.flags?.endconf) this.rooms.delete(name);
    }
  }

  channelClosed(ep: FakeEndpoint, cause: string): void {
    this.channels.delete(ep);
    const headers: Record<string, string> = {
      'Event-Name': 'CHANNEL_HANGUP_COMPLETE',
      'Unique-ID': ep.uuid,
      'Hangup-Cause': cause,
    };
    for (const [k, v] of ep.vars) headers[`variable_${k}`] = v;
    this.publish(new FakeEslEvent(headers));
  }
}
