/**
 * One simulated call-out as an explicit state machine: dialling (numbers in order) → connected
 * → ended. Everything is driven synchronously from clock callbacks (no awaits inside), so a
 * FakeClock.advance() leaves the call in a definite state and a hang-up can never race an answer.
 *
 * Invariant: every 'call.connected' is followed by exactly one 'call.ended'. A call-out that
 * never connected (busy, no answer, cancelled) reports through its result only — there is no
 * call for the core to consider ended.
 */
import type { CallOutResult, Clock, Logger, TelephonyEvents, TimerHandle } from '../bridge/ports.js';
import type { SimPhoneState } from '../bridge/sim-control-port.js';
import type { SimPhoneLine } from './phone-network.js';
import { type SimQuality, SimRtpStream } from './quality.js';

/** A busy signal arrives quickly; an unreachable network takes a moment to give up. */
export const BUSY_AFTER_MS = 300;
export const UNREACHABLE_AFTER_MS = 200;

export interface SimCallTiming {
  answerDelayMinMs: number;
  answerDelayMaxMs: number;
  qualityIntervalMs: number;
  callTimeoutMs: number;
  mediaTimeoutMs: number;
}

export interface SimCallContext {
  conferenceId: string;
  line: SimPhoneLine;
  clock: Clock;
  timing: SimCallTiming;
  logger: Logger;
  emit<K extends keyof TelephonyEvents & string>(event: K, payload: TelephonyEvents[K]): void;
  /** Called for every number actually dialled. */
  dialled(number: string): void;
  /** Called once when the call leaves the registry (result settled and, if connected, ended). */
  finished(): void;
}

type Phase = 'dialling' | 'connected' | 'ended';

export class SimCall {
  readonly result: Promise<CallOutResult>;
  #phase: Phase = 'dialling';
  #index = -1;
  #number: string | null = null;
  #timer: TimerHandle | null = null;
  /** While media is stopped: the time it stopped (for silentForMs). */
  #silentSince: number | null = null;
  /** This call's RTP counters, the start of the open stretch and its quality (from the first report). */
  #rtp: { stream: SimRtpStream; since: number; quality: SimQuality } | null = null;
  #resolve: (result: CallOutResult) => void = () => {};
  readonly #ctx: SimCallContext;
  readonly #numbers: readonly string[];

  constructor(ctx: SimCallContext, numbers: readonly string[]) {
    this.#ctx = ctx;
    this.#numbers = numbers;
    this.result = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.#dialNext();
  }

  get phase(): Phase {
    return this.#phase;
  }

  get participantId(): string {
    return this.#ctx.line.participantId;
  }

  /** The far end's phone changed state (fault injection). */
  phoneChanged(state: SimPhoneState): void {
    if (this.#phase !== 'connected') return; // a ringing call reads the state when it would answer
    if (state === 'down') {
      if (this.#silentSince !== null) return;
      // No RTP → no quality reports; FreeSWITCH would time the media out.
      this.#silentSince = this.#ctx.clock.now();
      this.#schedule(this.#ctx.timing.mediaTimeoutMs, () => this.#mediaTimedOut());
    } else if (state === 'up' || state === 'degraded') {
      this.#silentSince = null; // media resumed before the time-out
      this.#reportQuality(state === 'degraded' ? 'poor' : 'good');
    }
    // busy / no-answer describe how the phone answers the *next* call; this one is unaffected.
  }

  digit(digit: string): void {
    // DTMF travels in RTP (RFC 4733): nothing arrives while media is stopped.
    if (this.#phase !== 'connected' || this.#silentSince !== null) return;
    this.#ctx.emit('call.dtmf', { ...this.#ids(), digit });
  }

  /** Voice activity as FreeSWITCH's conference reports it (start-talking / stop-talking). */
  /** A muted member is not heard, so FreeSWITCH reports no talking for it. */
  muted = false;

  talking(talking: boolean): void {
    if (this.#phase !== 'connected' || this.#silentSince !== null || (this.muted && talking)) return;
    this.#ctx.emit('call.talking', { ...this.#ids(), talking });
  }

  hangup(cause: 'hangup' | 'shutdown'): void {
    if (this.#phase === 'dialling') {
      this.#settle({
        outcome: 'failed',
        number: this.#number,
        cause: cause === 'hangup' ? 'cancelled' : cause,
      });
    } else if (this.#phase === 'connected') {
      this.#end(cause);
    }
  }

  #dialNext(): void {
    this.#index += 1;
    const number = this.#numbers[this.#index];
    if (number === undefined) return; // callers never pass an empty list; see SimTelephony
    this.#number = number;
    this.#ctx.dialled(number);
    const state = this.#ctx.line.state();
    this.#ctx.logger.debug({ number, state, attempt: this.#index + 1 }, 'sim dialling');
    const { answerDelayMinMs, answerDelayMaxMs, callTimeoutMs } = this.#ctx.timing;
    switch (state) {
      case 'up':
      case 'degraded': {
        const delay = this.#ctx.line.random.int(answerDelayMinMs, answerDelayMaxMs);
        this.#schedule(delay, () => this.#answerDue());
        break;
      }
      case 'busy':
        this.#schedule(BUSY_AFTER_MS, () => this.#attemptFailed({ outcome: 'busy' }));
        break;
      case 'no-answer':
        this.#schedule(callTimeoutMs, () => this.#attemptFailed({ outcome: 'no-answer' }));
        break;
      case 'down':
        this.#schedule(UNREACHABLE_AFTER_MS, () => this.#unreachable());
        break;
    }
  }

  #answerDue(): void {
    // The phone went down while ringing: the answer never reaches us.
    if (this.#ctx.line.state() === 'down') {
      this.#unreachable();
      return;
    }
    this.#phase = 'connected';
    this.#ctx.emit('call.connected', { ...this.#ids(), number: this.#number });
    // A call.connected listener may already have hung up; the call was answered all the same.
    if (this.#phase === 'connected')
      this.#reportQuality(this.#ctx.line.state() === 'degraded' ? 'poor' : 'good');
    this.#resolve({ outcome: 'answered', number: this.#number });
  }

  #unreachable(): void {
    this.#attemptFailed({ outcome: 'failed', cause: 'network-unreachable' });
  }

  #attemptFailed(result: Omit<CallOutResult, 'number'>): void {
    // Only an answer stops the hunt; otherwise the next configured number is tried.
    if (this.#index + 1 < this.#numbers.length) this.#dialNext();
    else this.#settle({ ...result, number: this.#number });
  }

  /**
   * Reports the RTP counters as the call joins, then every qualityIntervalMs while media flows.
   * Each report closes a stretch that carried the quality the line had during it; a change of
   * quality closes the stretch at once, so the next one is all of the new quality.
   */
  #reportQuality(next: SimQuality): void {
    const now = this.#ctx.clock.now();
    this.#rtp ??= { stream: new SimRtpStream(this.#ctx.line.random), since: now, quality: next };
    const rtp = this.#rtp;
    const counters = rtp.stream.advance(now - rtp.since, rtp.quality);
    rtp.since = now;
    rtp.quality = next;
    this.#ctx.emit('call.quality', { ...this.#ids(), counters });
    this.#schedule(this.#ctx.timing.qualityIntervalMs, () =>
      this.#reportQuality(this.#ctx.line.state() === 'degraded' ? 'poor' : 'good'),
    );
  }

  #mediaTimedOut(): void {
    const silentForMs = this.#ctx.clock.now() - (this.#silentSince ?? this.#ctx.clock.now());
    this.#ctx.emit('call.media-timeout', { ...this.#ids(), silentForMs });
    this.#end('media-timeout');
  }

  #settle(result: CallOutResult): void {
    if (this.#phase === 'ended') return;
    this.#clearTimer();
    this.#phase = 'ended';
    this.#resolve(result);
    this.#ctx.finished();
  }

  #end(cause: string): void {
    // A listener may have hung up from inside an event we emitted; end only once.
    if (this.#phase === 'ended') return;
    this.#clearTimer();
    this.#phase = 'ended';
    this.#ctx.finished();
    this.#ctx.emit('call.ended', { ...this.#ids(), cause });
  }

  /** A call owns at most one timer at a time: ring, quality tick, or media time-out. */
  #schedule(ms: number, fn: () => void): void {
    this.#clearTimer();
    if (this.#phase === 'ended') return; // a listener ended the call while we were emitting
    this.#timer = this.#ctx.clock.setTimeout(() => {
      this.#timer = null;
      fn();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#ctx.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #ids(): { conferenceId: string; participantId: string } {
    return { conferenceId: this.#ctx.conferenceId, participantId: this.#ctx.line.participantId };
  }
}
