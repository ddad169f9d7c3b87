/**
 * What a connected call tells the core while it lasts — the part CallLeg (a call this process
 * placed or answered) and RecoveredLeg (one taken over after a restart) share: talking edges
 * (participants only: a radio leg never reports speech, DESIGN §5), DTMF, RTP quality read every
 * `qualityIntervalMs`, the cause of a hang-up by FreeSWITCH, and exactly one end — or a release
 * that emits nothing (the gateway stops and keeps its calls).
 */
import type { Clock, Logger, TelephonyEvents, TimerHandle } from '../../bridge/ports.js';
import { describe } from './link-supervisor.js';
import { MediaStatsReplyError, readMediaStats } from './quality.js';

export type Emit = <K extends keyof TelephonyEvents & string>(event: K, payload: TelephonyEvents[K]) => void;

type CallEvent =
  | 'call.connected'
  | 'call.ended'
  | 'call.media-timeout'
  | 'call.dtmf'
  | 'call.quality'
  | 'call.talking';

export interface CallReportOptions {
  conferenceId: string;
  /** null for a dial-in guest or a radio leg: nothing is reported for it. */
  participantId: string | null;
  emit: Emit;
  clock: Clock;
  logger: Logger;
  mediaTimeoutMs: number;
  qualityIntervalMs: number;
  reportsTalking: boolean;
  /** The reply to `mediaStatsCommand(uuid)` (quality.ts): one API round trip a sample. */
  readChannel(): Promise<string>;
  /** The reply said the channel is gone: its hang-up was missed. */
  channelGone(): void;
}

export class CallReport {
  readonly #o: CallReportOptions;
  readonly #detach: (() => void)[] = [];
  #state: 'live' | 'over' = 'live';
  #talking = false;
  #timer: TimerHandle | null = null;
  #oddReplySeen = false;

  constructor(options: CallReportOptions) {
    this.#o = options;
  }

  get live(): boolean {
    return this.#state === 'live';
  }

  /** Undone when the call ends or is released (event listeners on the call's sources). */
  onFinish(undo: () => void): void {
    this.#detach.push(undo);
  }

  connected(number: string | null): void {
    this.#emit('call.connected', { number });
    this.#sampleNow();
  }

  /** Reads RTP statistics from now on (a call taken over is not announced as connected). */
  watch(): void {
    this.#sampleNow();
  }

  /** The counters as the call joins: the baseline its quality is judged from (not the set-up). */
  #sampleNow(): void {
    void this.#readQuality().finally(() => this.#scheduleQuality());
  }

  talking(talking: boolean): void {
    if (!this.live || !this.#o.reportsTalking || talking === this.#talking) return;
    this.#talking = talking;
    this.#emit('call.talking', { talking });
  }

  dtmf(digit: string): void {
    if (this.live) this.#emit('call.dtmf', { digit });
  }

  /** FreeSWITCH hung the channel up: the end's cause; a media time-out is reported first. */
  hangupCause(reason: string): string {
    if (reason !== 'MEDIA_TIMEOUT') return `media-server-hangup: ${reason}`;
    if (this.live) this.#emit('call.media-timeout', { silentForMs: this.#o.mediaTimeoutMs });
    return 'media-timeout';
  }

  /** Emits the end once (talking stops first); false when the call was already over. */
  end(cause: string): boolean {
    if (!this.#finish()) return false;
    this.#o.logger.info({ cause }, 'call ended');
    if (this.#talking) this.#emit('call.talking', { talking: false });
    this.#talking = false;
    this.#emit('call.ended', { cause });
    return true;
  }

  /** Stops reporting without a word; false when the call was already over. */
  release(): boolean {
    return this.#finish();
  }

  #finish(): boolean {
    if (!this.live) return false;
    this.#state = 'over';
    for (const undo of this.#detach.splice(0)) undo();
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    return true;
  }

  #scheduleQuality(): void {
    if (!this.live || this.#timer) return;
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      void this.#readQuality().finally(() => this.#scheduleQuality());
    }, this.#o.qualityIntervalMs);
  }

  async #readQuality(): Promise<void> {
    try {
      const stats = readMediaStats(await this.#o.readChannel());
      if (stats.gone) {
        if (this.live) this.#o.channelGone();
        return;
      }
      if (stats.counters && this.live) this.#emit('call.quality', { counters: stats.counters });
    } catch (err) {
      // A reply FreeSWITCH should never give (its JSON API missing, say) is said once a call: the
      // call's quality is then never judged. A slow or lost reply is routine under load.
      const odd = err instanceof MediaStatsReplyError && !this.#oddReplySeen;
      if (odd) this.#oddReplySeen = true;
      this.#o.logger[odd ? 'warn' : 'debug']({ err: describe(err) }, 'RTP statistics unavailable');
    }
  }

  #emit<K extends CallEvent>(
    event: K,
    rest: Omit<TelephonyEvents[K], 'conferenceId' | 'participantId'>,
  ): void {
    const { conferenceId, participantId } = this.#o;
    if (participantId === null) return;
    this.#o.emit(event, { conferenceId, participantId, ...rest } as TelephonyEvents[K]);
  }
}
