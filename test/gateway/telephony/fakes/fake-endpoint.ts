/**
 * A FreeSWITCH channel as drachtio-fsmrf's lib/endpoint.js presents it. Faithful to the traps:
 * `join` resolves only when add-member arrives (never, if the room is full); `destroy` waits for
 * FreeSWITCH's BYE (forever, if FreeSWITCH is frozen) and emits nothing; 'destroy' {reason} is
 * emitted only when FreeSWITCH hangs up by itself (MEDIA_TIMEOUT after `media_timeout` ms of
 * silence — or `media_timeout_audio`, which a 3PCC endpoint starts with at 0 — kick, shutdown); play_and_get_digits returns empty digits after its time-out.
 */
import { EventEmitter } from 'node:events';
import type {
  CustomEventHandler,
  EndpointLike,
  EslEvent,
  JoinOptions,
  PlayCollectOptions,
  PlayCollectResult,
} from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import { FakeDialog } from './fake-dialog.js';
import type { FakePhone } from './fake-phone.js';

/** What the endpoint needs from its media server. */
export interface EndpointHost {
  readonly clock: FakeClock;
  readonly responsive: boolean;
  phoneBySdp(sdp: string | undefined): FakePhone | null;
  joinRoom(name: string, ep: FakeEndpoint, opts: JoinOptions): { memberId: number; confUuid: string } | null;
  conferenceApi(args: string): string;
  membership(ep: FakeEndpoint): { room: { muted: ReadonlySet<number> }; memberId: number } | null;
  leaveRoom(ep: FakeEndpoint): void;
  channelClosed(ep: FakeEndpoint): void;
}

let nextUuid = 1;

const THREE_PCC_ZEROED = [
  'media_timeout_audio',
  'media_hold_timeout_audio',
  'rtp_timeout_sec',
  'rtp_hold_timeout_sec',
];

export class FakeEndpoint extends EventEmitter implements EndpointLike {
  readonly uuid = `00000000-fake-${String(nextUuid++).padStart(4, '0')}`;
  readonly local: { sdp: string };
  readonly dialog: FakeDialog;
  readonly vars = new Map<string, string>();
  readonly prompts: string[] = [];
  readonly headers: Record<string, string>;
  connected = true;
  room: string | null = null;
  flags: JoinOptions['flags'] = {};
  peer: FakePhone | null = null;
  /** Handlers by CUSTOM subclass (lib/endpoint.js addCustomEventListener). */
  readonly customListeners = new Map<string, Set<CustomEventHandler>>();
  #silence: ReturnType<FakeClock['setTimeout']> | null = null;
  #offPeer: (() => void) | null = null;
  readonly #host: EndpointHost;

  constructor(host: EndpointHost, remoteSdp: string | undefined, headers: Record<string, string>) {
    super();
    this.#host = host;
    this.headers = headers;
    this.local = { sdp: `v=0\r\ns=fake-ep:${this.uuid}\r\nm=audio 20000 RTP/AVP 8 101\r\n` };
    this.dialog = new FakeDialog('uac', remoteSdp ?? '', this.local.sdp);
    if (remoteSdp === undefined) {
      // 3PCC (call-outs, radio legs): drachtio-srf ACKs FreeSWITCH's own offer marked
      // a=recvonly, and FreeSWITCH (switch_core_media_negotiate_sdp) zeroes these on it.
      for (const name of THREE_PCC_ZEROED) this.vars.set(name, '0');
    }
    this.#attach(host.phoneBySdp(remoteSdp));
  }

  set(vars: Record<string, string | number>): Promise<unknown> {
    return this.#command(() => {
      for (const [k, v] of Object.entries(vars)) this.vars.set(k, String(v));
      this.#watchMedia();
      return '+OK';
    });
  }

  play(file: string): Promise<unknown> {
    this.prompts.push(file);
    return this.#command(() => ({ playbackSeconds: '1' }), 1000);
  }

  async playCollect(opts: PlayCollectOptions): Promise<PlayCollectResult> {
    const tries = opts.tries ?? 1;
    const pattern = new RegExp(`^(?:${opts.regexp ?? '\\d+'})$`);
    let invalid: string | undefined;
    for (let i = 0; i < tries && this.connected; i++) {
      this.prompts.push(opts.file);
      const peer = this.peer;
      const digits = peer?.nextDigits();
      if (peer && peer.hangUpDuringPrompt === peer.promptsHeard) {
        this.#host.clock.setTimeout(() => peer.hangUp(), 500);
      }
      await this.#command(() => undefined, digits === undefined ? (opts.timeout ?? 120_000) : 1500);
      if (!this.connected) break;
      if (digits !== undefined && pattern.test(digits)) return { digits, terminatorUsed: '#' };
      invalid = digits;
    }
    // FreeSWITCH completes the application on hang-up too; the digit variable stays unset.
    return { invalidDigits: invalid };
  }

  join(name: string, opts: JoinOptions = {}): Promise<{ memberId: number; confUuid: string }> {
    return new Promise((resolve) => {
      if (!this.connected || !this.#host.responsive) return;
      this.#host.clock.setTimeout(() => {
        if (!this.connected) return;
        const member = this.#host.joinRoom(name, this, opts);
        if (!member) return; // conference full: no add-member, the promise never settles
        this.room = name;
        this.flags = opts.flags ?? {};
        resolve(member);
      }, 40);
    });
  }

  modify(sdp: string): Promise<unknown> {
    return this.#command(() => {
      this.#attach(this.#host.phoneBySdp(sdp));
      return sdp;
    }, 20);
  }

  api(command: string, args?: string): Promise<EslEvent> {
    return this.#command(() => eslBody(this.#apiBody(command, args ?? '')));
  }

  addCustomEventListener(event: string, handler: CustomEventHandler): void {
    const set = this.customListeners.get(event) ?? new Set();
    set.add(handler);
    this.customListeners.set(event, set);
  }

  removeCustomEventListener(event: string, handler?: CustomEventHandler): void {
    if (handler) this.customListeners.get(event)?.delete(handler);
    else this.customListeners.delete(event);
  }

  /**
   * The far end's voice crosses the conference's energy threshold (or falls below it): FreeSWITCH
   * fires start-talking/stop-talking for this member — start-talking only while it may speak.
   */
  talk(talking: boolean): void {
    const member = this.connected ? this.#host.membership(this) : null;
    if (!member || (talking && member.room.muted.has(member.memberId))) return;
    const headers: Record<string, string> = {
      'Event-Subclass': 'conference::maintenance',
      Action: talking ? 'start-talking' : 'stop-talking',
      'Member-ID': String(member.memberId),
      'Unique-ID': this.uuid,
    };
    const evt: EslEvent = { getBody: () => '', getHeader: (name) => headers[name] };
    for (const handler of this.customListeners.get('conference::maintenance') ?? []) handler('', evt);
  }

  destroy(): Promise<unknown> {
    if (!this.connected) return Promise.resolve();
    this.connected = false;
    this.#release();
    // Resolves on FreeSWITCH's BYE for the endpoint's dialog — which a frozen FreeSWITCH never sends.
    if (!this.#host.responsive) return new Promise(() => {});
    this.#host.channelClosed(this);
    return Promise.resolve();
  }

  /** FreeSWITCH hangs the channel up on its own (kick, MEDIA_TIMEOUT, shutdown). */
  serverHangup(cause: string): void {
    if (!this.connected) return;
    this.connected = false;
    this.#release();
    this.#host.channelClosed(this);
    this.emit('destroy', { reason: cause });
  }

  #apiBody(command: string, args: string): string {
    if (command === 'uuid_set_media_stats') return '+OK';
    if (command === 'conference') return this.#host.conferenceApi(args);
    if (command !== 'uuid_dump' || args !== this.uuid) return '-ERR no such command';
    return [
      `Channel-Unique-ID: ${this.uuid}`,
      'variable_rtp_audio_in_mos: 4.38',
      'variable_rtp_audio_in_packet_count: 2500',
      'variable_rtp_audio_in_skip_packet_count: 0',
      'variable_rtp_audio_in_flaw_total: 25',
      'variable_rtp_audio_in_jitter_max_variance: 12.5',
    ].join('\n');
  }

  #command<T>(result: () => T, delayMs = 5): Promise<T> {
    if (!this.connected) return Promise.reject(new Error('endpoint no longer active'));
    if (!this.#host.responsive) return new Promise(() => {});
    return new Promise((resolve) => {
      this.#host.clock.setTimeout(() => resolve(result()), delayMs);
    });
  }

  #attach(peer: FakePhone | null): void {
    if (!peer || peer === this.peer) return;
    this.#offPeer?.();
    this.peer = peer;
    const onMedia = () => this.#watchMedia();
    const onDtmf = (digit: string) => {
      if (this.connected && this.room) this.emit('dtmf', { dtmf: digit, duration: '800' });
    };
    peer.on('media', onMedia);
    peer.on('dtmf', onDtmf);
    this.#offPeer = () => {
      peer.off('media', onMedia);
      peer.off('dtmf', onDtmf);
    };
    this.#watchMedia();
  }

  /**
   * media_timeout (ms): FreeSWITCH hangs up with MEDIA_TIMEOUT after that much silence;
   * media_timeout_audio, when set, wins over it (check_media_timeout_params reads it last).
   */
  #watchMedia(): void {
    const timeoutMs = Number(this.vars.get('media_timeout_audio') ?? this.vars.get('media_timeout') ?? 0);
    const silent = this.peer !== null && !this.peer.sendsMedia;
    if (this.#silence && !silent) {
      this.#host.clock.clearTimeout(this.#silence);
      this.#silence = null;
    }
    if (silent && timeoutMs > 0 && !this.#silence && this.connected) {
      this.#silence = this.#host.clock.setTimeout(() => this.serverHangup('MEDIA_TIMEOUT'), timeoutMs);
    }
  }

  #release(): void {
    if (this.#silence) this.#host.clock.clearTimeout(this.#silence);
    this.#silence = null;
    this.#offPeer?.();
    this.#offPeer = null;
    this.#host.leaveRoom(this);
  }
}

export function eslBody(body: string): EslEvent {
  return { getBody: () => body, getHeader: () => undefined };
}
