/**
 * A FreeSWITCH channel and drachtio-fsmrf's lib/endpoint.js object for it, in one. Faithful to
 * the traps: `join` resolves only when add-member arrives (never, if the room is full); `destroy`
 * waits for FreeSWITCH's BYE (forever, if FreeSWITCH is frozen) and emits nothing; 'destroy'
 * {reason} is emitted only when FreeSWITCH hangs up by itself (MEDIA_TIMEOUT after
 * `media_timeout` ms of silence — or `media_timeout_audio`, which a 3PCC endpoint starts with at
 * 0 — uuid_kill, kick, shutdown); play_and_get_digits returns empty digits after its time-out.
 * The fsmrf side (listeners, replies over the outbound socket) dies with the gateway process
 * that created it; the channel lives on in its room until it hangs up.
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
import { ChannelMedia } from './fake-channel-media.js';
import { FakeDialog } from './fake-dialog.js';
import { eslBody, FakeEslEvent } from './fake-esl.js';
import type { FakePhone } from './fake-phone.js';
import { type FakeProcess, never } from './fake-process.js';

/** What a channel needs from its FreeSWITCH (FakeFreeswitch). */
export interface EndpointHost {
  /** The world's clock: FreeSWITCH's timers run on it whatever happens to the gateway. */
  readonly clock: FakeClock;
  readonly responsive: boolean;
  /** drachtio-server's dialog table: fsmrf's dialog with the channel is held there too. */
  readonly dialogTable: Map<string, FakeDialog>;
  phoneBySdp(sdp: string | undefined): FakePhone | null;
  joinRoom(name: string, ep: FakeEndpoint, opts: JoinOptions): { memberId: number; confUuid: string } | null;
  /** The member's voice crossed the energy threshold: the talking event, if mod_conference fires one. */
  memberTalking(ep: FakeEndpoint, talking: boolean): EslEvent | null;
  leaveRoom(ep: FakeEndpoint): void;
  /** The channel hung up with `cause`: FreeSWITCH forgets it and fires CHANNEL_HANGUP_COMPLETE. */
  channelClosed(ep: FakeEndpoint, cause: string): void;
  /** FreeSWITCH fired an event: to every inbound connection subscribed to it. */
  publish(evt: EslEvent): void;
  /** Any API command: an endpoint's api() runs the same commands over its own socket. */
  api(command: string): string;
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
  /**
   * Caller ID as json_list shows it. fsmrf's INVITE carries drachtio-server's default From (its
   * contact, no user part), for which sofia names the caller "unknown"; the number is an
   * approximation (FreeSWITCH's default caller ID number). Nothing in the adapter reads either.
   */
  readonly callerId = { name: 'unknown', number: '0000000000' };
  /** The channel is up (FreeSWITCH side). */
  connected = true;
  /** Why FreeSWITCH hung the channel up, once it did. */
  hangupCause: string | null = null;
  room: string | null = null;
  flags: JoinOptions['flags'] = {};
  /** Handlers by CUSTOM subclass (lib/endpoint.js addCustomEventListener). */
  readonly customListeners = new Map<string, Set<CustomEventHandler>>();
  readonly #media: ChannelMedia;
  readonly #host: EndpointHost;
  readonly #owner: FakeProcess;

  constructor(
    host: EndpointHost,
    owner: FakeProcess,
    remoteSdp: string | undefined,
    headers: Record<string, string>,
  ) {
    super();
    this.#host = host;
    this.#owner = owner;
    this.headers = headers;
    this.local = { sdp: `v=0\r\ns=fake-ep:${this.uuid}\r\nm=audio 20000 RTP/AVP 8 101\r\n` };
    this.dialog = new FakeDialog('uac', remoteSdp ?? '', this.local.sdp, {
      owner,
      table: host.dialogTable,
      farEnd: 'freeswitch',
      // An app's BYE on this dialog: FreeSWITCH hangs the channel up.
      onEnd: (how) => {
        if (how === 'bye-sent') this.serverHangup('NORMAL_CLEARING');
      },
    });
    if (remoteSdp === undefined) {
      // 3PCC (call-outs, radio legs): drachtio-srf ACKs FreeSWITCH's own offer marked
      // a=recvonly, and FreeSWITCH (switch_core_media_negotiate_sdp) zeroes these on it.
      for (const name of THREE_PCC_ZEROED) this.vars.set(name, '0');
    }
    // The outbound event socket closed with the process: nobody listens on this side any more.
    owner.atExit(() => {
      this.removeAllListeners();
      this.customListeners.clear();
    });
    this.#media = new ChannelMedia(host.clock, {
      vars: this.vars,
      up: () => this.connected,
      timedOut: () => this.serverHangup('MEDIA_TIMEOUT'),
      digit: (digit) => this.#dtmf(digit),
    });
    this.#media.attach(host.phoneBySdp(remoteSdp));
  }

  /** The phone whose media the channel gets. */
  get peer(): FakePhone | null {
    return this.#media.peer;
  }

  set(vars: Record<string, string | number>): Promise<unknown> {
    return this.#command(() => {
      for (const [k, v] of Object.entries(vars)) this.vars.set(k, String(v));
      this.#media.watch();
      return '+OK';
    });
  }

  play(file: string): Promise<unknown> {
    if (!this.#owner.alive) return never();
    this.prompts.push(file);
    return this.#command(() => ({ playbackSeconds: '1' }), 1000);
  }

  async playCollect(opts: PlayCollectOptions): Promise<PlayCollectResult> {
    if (!this.#owner.alive) return never();
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
    if (!this.#owner.alive) return never();
    return new Promise((resolve) => {
      if (!this.connected || !this.#host.responsive) return;
      this.#host.clock.setTimeout(() => {
        if (!this.connected) return;
        // FreeSWITCH runs the conference app even if the process that asked has died since.
        const member = this.#host.joinRoom(name, this, opts);
        if (!member) return; // conference full: no add-member, the promise never settles
        this.room = name;
        this.flags = opts.flags ?? {};
        if (this.#owner.alive) resolve(member);
      }, 40);
    });
  }

  modify(sdp: string): Promise<unknown> {
    return this.#command(() => {
      this.#media.attach(this.#host.phoneBySdp(sdp));
      return sdp;
    }, 20);
  }

  api(command: string, args?: string): Promise<EslEvent> {
    return this.#command(() => eslBody(this.#host.api(args ? `${command} ${args}` : command)));
  }

  addCustomEventListener(event: string, handler: CustomEventHandler): void {
    if (!this.#owner.alive) return;
    const set = this.customListeners.get(event) ?? new Set();
    set.add(handler);
    this.customListeners.set(event, set);
  }

  removeCustomEventListener(event: string, handler?: CustomEventHandler): void {
    if (handler) this.customListeners.get(event)?.delete(handler);
    else this.customListeners.delete(event);
  }

  /**
   * The far end's voice crosses the conference's energy threshold (or falls below it):
   * start-talking/stop-talking for this member (see FakeFreeswitch#memberTalking) reach this
   * endpoint's own listeners as well as the subscribed inbound connections.
   */
  talk(talking: boolean): void {
    const evt = this.connected ? this.#host.memberTalking(this, talking) : null;
    if (!evt) return;
    for (const handler of this.customListeners.get('conference::maintenance') ?? []) handler('', evt);
  }

  destroy(): Promise<unknown> {
    if (!this.#owner.alive) return never();
    if (!this.connected) return Promise.resolve();
    if (!this.#host.responsive) {
      // Resolves on FreeSWITCH's BYE for the endpoint's dialog — which a frozen FreeSWITCH never sends.
      this.connected = false;
      this.#release();
      return never();
    }
    // fsmrf executes `hangup`: NORMAL_CLEARING, then FreeSWITCH's BYE resolves the promise.
    this.#hangup('NORMAL_CLEARING');
    return Promise.resolve();
  }

  /** FreeSWITCH hangs the channel up on its own (uuid_kill, kick, MEDIA_TIMEOUT, shutdown). */
  serverHangup(cause: string): void {
    if (!this.connected) return;
    // fsmrf's race: the channel's socket ends before its CHANNEL_CALLSTATE is read, so
    // 'destroy' comes first and without a cause (lib/endpoint.js, esl::end).
    if (this.losesHangupCause && this.#owner.alive) this.emit('destroy');
    this.#hangup(cause);
    if (!this.losesHangupCause && this.#owner.alive) this.emit('destroy', { reason: cause });
  }

  /** Makes serverHangup lose the cause on the channel's own socket (see above). */
  losesHangupCause = false;

  #hangup(cause: string): void {
    this.connected = false;
    this.hangupCause = cause;
    this.#release();
    // FreeSWITCH's BYE on fsmrf's own dialog with the channel — not the caller's dialog.
    this.dialog.farEndHangup();
    this.#host.channelClosed(this, cause);
  }

  /** A command over the outbound socket: FreeSWITCH carries it out; only a live process hears back. */
  readonly #pending = new Set<{ timer: ReturnType<FakeClock['setTimeout']>; reject: (err: Error) => void }>();

  #command<T>(result: () => T, delayMs = 5): Promise<T> {
    if (!this.#owner.alive) return never();
    if (!this.connected) return Promise.reject(new Error('endpoint no longer active'));
    if (!this.#host.responsive) return never();
    return new Promise((resolve, reject) => {
      const pending = {
        timer: this.#host.clock.setTimeout(() => {
          this.#pending.delete(pending);
          const value = result();
          if (this.#owner.alive) resolve(value);
        }, delayMs),
        reject,
      };
      this.#pending.add(pending);
    });
  }

  /** An RFC 2833 digit from the phone while in the conference: the DTMF event. */
  #dtmf(digit: string): void {
    if (!this.connected || !this.room) return;
    if (this.#owner.alive) this.emit('dtmf', { dtmf: digit, duration: '800' });
    this.#host.publish(
      new FakeEslEvent({
        'Event-Name': 'DTMF',
        'Unique-ID': this.uuid,
        'DTMF-Digit': digit,
        'DTMF-Duration': '800',
      }),
    );
  }

  #release(): void {
    // Commands in flight die with the channel's socket: no reply ever comes.
    for (const { timer, reject } of this.#pending) {
      this.#host.clock.clearTimeout(timer);
      reject(new Error('endpoint no longer active'));
    }
    this.#pending.clear();
    this.#media.release();
    this.#host.leaveRoom(this);
  }
}
