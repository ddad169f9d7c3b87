/**
 * The AT channel's sync probe after a command time-out. The terminal may still answer the
 * timed-out command, and that late `OK`/`ERROR` must not complete the next one; the two cannot
 * be told apart by content. So before the next command the channel sends a plain `AT` and
 * swallows every final result until one has arrived and the line has then been free of final
 * results for `quietMs`; `done(true)` then, or `done(false)` if nothing came within
 * `timeoutMs`. A late result arriving before the probe's answer or within `quietMs` after it is
 * swallowed; one later still can no longer be told apart (the residual risk, kept small by the
 * terminal answering `AT` in milliseconds). Chosen over "drain until quiet" alone because the
 * probe also proves the terminal is listening before the command is sent. Owns its timers.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';

export interface AtSyncOptions {
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  quietMs: number;
}

export class AtSync {
  readonly #o: AtSyncOptions;
  readonly #done: (synced: boolean) => void;
  #timer: TimerHandle | null;
  #swallowed = 0;

  constructor(options: AtSyncOptions, done: (synced: boolean) => void) {
    this.#o = options;
    this.#done = done;
    this.#timer = options.clock.setTimeout(() => this.#end(false), options.timeoutMs);
  }

  /** A final result (`OK`, `ERROR`, `+CME ERROR: n`) arrived: the probe's or a late one. */
  onFinal(line: string): void {
    this.#swallowed++;
    this.#o.logger.debug(
      { line, swallowed: this.#swallowed },
      'final result swallowed while resynchronising',
    );
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = this.#o.clock.setTimeout(() => this.#end(true), this.#o.quietMs);
  }

  cancel(): void {
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #end(synced: boolean): void {
    this.#timer = null;
    if (synced) this.#o.logger.info({ swallowed: this.#swallowed }, 'AT channel resynchronised');
    else this.#o.logger.warn({ timeoutMs: this.#o.timeoutMs }, 'sync probe not answered');
    this.#done(synced);
  }
}
