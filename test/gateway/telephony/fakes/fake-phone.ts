/**
 * The far ends: phones the gateway calls and callers who dial in. A phone answers (or not) as
 * scripted, "presses" digits when FreeSWITCH collects them, and sends RTP while reachable.
 * SDP bodies name their owner (`fake-phone:<id>`, `fake-ep:<uuid>`) so fakes can find peers.
 */
import { EventEmitter } from 'node:events';

export type PhoneBehaviour =
  | { kind: 'answer'; afterMs: number }
  | { kind: 'busy' }
  | { kind: 'reject' }
  | { kind: 'unavailable' }
  /** Rings until CANCEL (→ 487 Request Terminated). */
  | { kind: 'no-answer' };

let nextPhone = 1;

export class FakePhone extends EventEmitter {
  readonly id = `p${nextPhone++}`;
  readonly sdp: string;
  behaviour: PhoneBehaviour = { kind: 'answer', afterMs: 1000 };
  /** Digit strings to key in, one per collect prompt... */
  digits: string[] = [];
  /** ...then this at every further prompt (a call-out answerer presses 1), or silence. */
  autoDigits: string | undefined = '1';
  /** Sends RTP: when false a connected call goes silent (media time-out on FreeSWITCH). */
  sendsMedia = true;
  /** Answered and not hung up. */
  inCall = false;
  /** BYEs the phone received (the network hung up on it). */
  byesReceived = 0;
  /** The last call ended: no RTP until the next call starts, whatever `sendsMedia` says. */
  #callOver = false;
  /** Hang up after the n-th prompt started (mid-PIN drop), if set. */
  hangUpDuringPrompt: number | null = null;
  promptsHeard = 0;

  constructor(readonly uri: string) {
    super();
    this.sdp = `v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=fake-phone:${this.id}\r\nm=audio 4000 RTP/AVP 8 101\r\n`;
  }

  /** The next digits keyed in response to a prompt, or undefined (silence). */
  nextDigits(): string | undefined {
    this.promptsHeard += 1;
    return this.digits.shift() ?? this.autoDigits;
  }

  /**
   * RTP reaches the far end's media (FreeSWITCH) now. A phone that hung up sends none, so a
   * FreeSWITCH channel it leaves behind (no gateway told) times out on silence.
   */
  get mediaFlowing(): boolean {
    return this.sendsMedia && !this.#callOver;
  }

  setMedia(flowing: boolean): void {
    this.sendsMedia = flowing;
    this.emit('media', this.mediaFlowing);
  }

  /** drachtio-server connected a call with this phone (it answered, or its INVITE was). */
  callStarted(): void {
    this.inCall = true;
    this.#callOver = false;
    this.emit('media', this.mediaFlowing);
  }

  /** A BYE reached the phone: its call is over. */
  byeReceived(): void {
    this.byesReceived += 1;
    this.#endCall();
  }

  /** Key a DTMF digit (RFC 2833) while in the conference. */
  pressInCall(digit: string): void {
    this.emit('dtmf', digit);
  }

  /** The phone hangs up (BYE from its side) and stops sending RTP. */
  hangUp(): void {
    this.emit('hangup');
    this.#endCall();
  }

  #endCall(): void {
    this.inCall = false;
    this.#callOver = true;
    this.emit('media', false);
  }
}

export function phoneIdFromSdp(sdp: string | undefined): string | null {
  return /fake-phone:(p[0-9]+)/.exec(sdp ?? '')?.[1] ?? null;
}
