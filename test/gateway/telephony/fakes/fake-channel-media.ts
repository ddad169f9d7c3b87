/**
 * The RTP side of a FreeSWITCH channel: the phone whose media it gets (found by SDP), the
 * media time-out FreeSWITCH runs on the world's clock, and RFC 2833 digits from that phone.
 * It keeps running after the gateway process dies: FreeSWITCH, not the gateway, owns it.
 */
import type { FakeClock } from '../../../support/fake-clock.js';
import type { FakePhone } from './fake-phone.js';

export interface ChannelMediaHooks {
  /** Channel variables (media_timeout, media_timeout_audio). */
  vars: ReadonlyMap<string, string>;
  /** The channel is still up. */
  up(): boolean;
  /** Silence lasted the media time-out: FreeSWITCH hangs up with MEDIA_TIMEOUT. */
  timedOut(): void;
  digit(digit: string): void;
}

export class ChannelMedia {
  peer: FakePhone | null = null;
  #silence: ReturnType<FakeClock['setTimeout']> | null = null;
  #offPeer: (() => void) | null = null;

  constructor(
    readonly clock: FakeClock,
    readonly hooks: ChannelMediaHooks,
  ) {}

  /** The channel's remote SDP now names `peer` (INVITE or re-INVITE). */
  attach(peer: FakePhone | null): void {
    if (!peer || peer === this.peer) return;
    this.#offPeer?.();
    this.peer = peer;
    const onMedia = () => this.watch();
    const onDtmf = (digit: string) => this.hooks.digit(digit);
    peer.on('media', onMedia);
    peer.on('dtmf', onDtmf);
    this.#offPeer = () => {
      peer.off('media', onMedia);
      peer.off('dtmf', onDtmf);
    };
    this.watch();
  }

  /**
   * media_timeout (ms): FreeSWITCH hangs up with MEDIA_TIMEOUT after that much silence;
   * media_timeout_audio, when set, wins over it (check_media_timeout_params reads it last).
   * Re-run whenever the variables or the phone's media change.
   */
  watch(): void {
    const vars = this.hooks.vars;
    const timeoutMs = Number(vars.get('media_timeout_audio') ?? vars.get('media_timeout') ?? 0);
    const silent = this.peer !== null && !this.peer.mediaFlowing;
    if (this.#silence && !silent) {
      this.clock.clearTimeout(this.#silence);
      this.#silence = null;
    }
    if (silent && timeoutMs > 0 && !this.#silence && this.hooks.up()) {
      this.#silence = this.clock.setTimeout(() => this.hooks.timedOut(), timeoutMs);
    }
  }

  /** The channel is gone: no more timer, no more listening to the phone. */
  release(): void {
    if (this.#silence) this.clock.clearTimeout(this.#silence);
    this.#silence = null;
    this.#offPeer?.();
    this.#offPeer = null;
  }
}
