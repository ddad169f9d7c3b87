/**
 * Floor control between the full-duplex telephone conference and a half-duplex talkgroup
 * (DESIGN.md §3): conference speech keys the gateway's radio once the network grants the floor,
 * holds it through short pauses (hang time), and releases it after; a transmit time-out stops a
 * stuck PTT; while a subscriber talks on the talkgroup the radio is never keyed — its audio is
 * heard in the conference and must not come back to it.
 */
import { isoTime } from './clock.js';
import type { Clock, Logger, RadioTerminal, TimerHandle } from './ports.js';

export interface FloorTimings {
  /** Keep the floor this long after conference speech stops (avoids chopping between words). */
  hangTimeMs: number;
  /** Never transmit longer than this in one go; after it, wait for speech to stop before keying again. */
  maxTransmitMs: number;
}

export const FLOOR_DEFAULTS: FloorTimings = { hangTimeMs: 1_500, maxTransmitMs: 30_000 };

export type FloorHolder = 'gateway' | 'subscriber' | 'none';

export interface FloorSnapshot {
  radioId: string;
  holder: FloorHolder;
  /** The talking subscriber, when holder is `subscriber`. */
  talkerIssi: string | null;
  /** The participant that ISSI belongs to, if any: shown as speaking. */
  talkerParticipantId: string | null;
  at: string;
  reason: string;
}

type State = 'idle' | 'demanding' | 'transmitting' | 'receiving';

export class FloorControl {
  readonly #terminal: RadioTerminal;
  readonly #clock: Clock;
  readonly #timings: FloorTimings;
  readonly #log: Logger;
  readonly #participantFor: (issi: string) => string | undefined;
  readonly #onChange: (floor: FloorSnapshot) => void;
  readonly #off: () => void;
  #state: State = 'idle';
  #speech = false;
  #enabled = false;
  /** Set by a transmit time-out; cleared when conference speech stops. */
  #lockedOut = false;
  #hangTimer: TimerHandle | null = null;
  #txTimer: TimerHandle | null = null;

  constructor(options: {
    terminal: RadioTerminal;
    clock: Clock;
    logger: Logger;
    timings: FloorTimings;
    participantFor: (issi: string) => string | undefined;
    onChange: (floor: FloorSnapshot) => void;
  }) {
    this.#terminal = options.terminal;
    this.#clock = options.clock;
    this.#timings = options.timings;
    this.#log = options.logger.child({ radioId: options.terminal.id, component: 'floor' });
    this.#participantFor = options.participantFor;
    this.#onChange = options.onChange;
    this.#off = options.terminal.events.on('floor', (e) => this.#radioFloor(e.talkerIssi, e.self, e.reason));
  }

  get state(): State {
    return this.#state;
  }

  /** Keying is wanted only while someone is on the radio path; otherwise the talkgroup stays free. */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (!enabled && this.#state === 'transmitting') void this.#release('no participant on radio');
    else this.#maybeKey();
  }

  /** Conference speech (phone participants) started or stopped. */
  setConferenceSpeech(talking: boolean): void {
    this.#speech = talking;
    if (talking) {
      this.#cancelHang();
      this.#maybeKey();
      return;
    }
    this.#lockedOut = false;
    if (this.#state === 'transmitting' && !this.#hangTimer) {
      this.#hangTimer = this.#clock.setTimeout(() => {
        this.#hangTimer = null;
        void this.#release('hang time over');
      }, this.#timings.hangTimeMs);
    }
  }

  async close(): Promise<void> {
    this.#off();
    this.#cancelHang();
    this.#cancelTx();
    if (this.#state === 'transmitting' || this.#state === 'demanding')
      await this.#terminal.pttRelease().catch(() => {});
    this.#state = 'idle';
  }

  #maybeKey(): void {
    if (!this.#speech || !this.#enabled || this.#lockedOut || this.#state !== 'idle') return;
    this.#state = 'demanding';
    void this.#demand();
  }

  async #demand(): Promise<void> {
    try {
      await this.#terminal.setupGroupCall();
      await this.#terminal.pttPress();
    } catch (error) {
      this.#log.warn({ err: error }, 'floor not granted');
      if (this.#state === 'demanding') this.#state = 'idle';
      return;
    }
    if (this.#state !== 'demanding') return;
    if (!this.#speech || !this.#enabled) {
      // Speech ended while we waited for the grant: hold for the hang time like any pause.
      this.#enterTransmitting();
      this.setConferenceSpeech(this.#speech);
      return;
    }
    this.#enterTransmitting();
  }

  #enterTransmitting(): void {
    this.#state = 'transmitting';
    this.#cancelTx();
    this.#txTimer = this.#clock.setTimeout(() => {
      this.#txTimer = null;
      this.#lockedOut = true;
      this.#log.warn(
        { maxTransmitMs: this.#timings.maxTransmitMs },
        'transmit time-out: releasing the floor',
      );
      void this.#release('transmit time-out');
    }, this.#timings.maxTransmitMs);
    this.#report('gateway', null, 'granted');
  }

  async #release(reason: string): Promise<void> {
    this.#cancelHang();
    this.#cancelTx();
    if (this.#state !== 'transmitting') return;
    this.#state = 'idle';
    this.#report('none', null, reason);
    await this.#terminal.pttRelease().catch((err: unknown) => this.#log.error({ err }, 'PTT release failed'));
  }

  #radioFloor(talkerIssi: string | null, self: boolean, reason: string): void {
    if (self) return; // our own grant is handled where we asked for it
    if (talkerIssi) {
      // Someone else holds the talkgroup (or pre-empted us): listen, never key over them.
      this.#cancelHang();
      this.#cancelTx();
      this.#state = 'receiving';
      this.#report('subscriber', talkerIssi, reason);
      return;
    }
    if (this.#state === 'receiving' || this.#state === 'transmitting') {
      this.#state = 'idle';
      this.#cancelTx();
      this.#report('none', null, reason);
    }
    this.#maybeKey();
  }

  #report(holder: FloorHolder, talkerIssi: string | null, reason: string): void {
    this.#onChange({
      radioId: this.#terminal.id,
      holder,
      talkerIssi,
      talkerParticipantId: talkerIssi ? (this.#participantFor(talkerIssi) ?? null) : null,
      at: isoTime(this.#clock.now()),
      reason,
    });
  }

  #cancelHang(): void {
    if (this.#hangTimer) this.#clock.clearTimeout(this.#hangTimer);
    this.#hangTimer = null;
  }

  #cancelTx(): void {
    if (this.#txTimer) this.#clock.clearTimeout(this.#txTimer);
    this.#txTimer = null;
  }
}
