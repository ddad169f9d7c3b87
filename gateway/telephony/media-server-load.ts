/**
 * What FreeSWITCH says it is carrying, from `api status` (mod_commands status_function):
 *
 *   UP 0 years, 0 days, 0 hours, 12 minutes, 3 seconds, 112 milliseconds, 81 microseconds
 *   FreeSWITCH (Version 1.10.12 ...) is ready
 *   6 session(s) since startup
 *   2 session(s) - peak 3, last 5min 3
 *   0 session(s) per Sec out of max 100, peak 1, last 5min 1
 *   600 session(s) max
 *   min idle cpu 0.00/97.33
 *   Current Stack Size/Max 240K/8192K
 *
 * and a poller that keeps the latest reading while the event socket is up.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import type { MediaServerLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { withTimeout } from './timing.js';

export interface MediaServerLoad {
  sessionsInUse: number;
  maxSessions: number;
  sessionsPerSecond: number;
  maxSessionsPerSecond: number;
  /** FreeSWITCH's own idle-CPU figure (%), the second number of `min idle cpu`. */
  idleCpuPct: number;
  /** When it was read (clock ms). */
  at: number;
}

/** The figures of a `status` reply; null when it is not one. */
export function parseStatus(body: string, at: number): MediaServerLoad | null {
  const inUse = /^(\d+) session\(s\) - peak/m.exec(body);
  const rate = /^(\d+) session\(s\) per Sec out of max (\d+)/m.exec(body);
  const max = /^(\d+) session\(s\) max/m.exec(body);
  const cpu = /^min idle cpu [\d.]+\/([\d.]+)/m.exec(body);
  if (!inUse || !rate || !max || !cpu) return null;
  return {
    sessionsInUse: Number(inUse[1]),
    sessionsPerSecond: Number(rate[1]),
    maxSessionsPerSecond: Number(rate[2]),
    maxSessions: Number(max[1]),
    idleCpuPct: Number(cpu[1]),
    at,
  };
}

/** Reads `status` every `intervalMs` from the media server it is given; null while there is none. */
export class MediaServerLoadPoller {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #onReading: () => void;
  #ms: MediaServerLike | null = null;
  #timer: TimerHandle | null = null;
  #latest: MediaServerLoad | null = null;
  #unreadable = false;
  /** Bumped on every change of media server: a read of an older one schedules nothing. */
  #generation = 0;

  constructor(options: {
    clock: Clock;
    logger: Logger;
    intervalMs: number;
    timeoutMs: number;
    /** A new reading arrived (queued call-outs may now fit). */
    onReading: () => void;
  }) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = options.timeoutMs;
    this.#onReading = options.onReading;
  }

  /** The latest reading from the connected media server. */
  get latest(): MediaServerLoad | null {
    return this.#ms ? this.#latest : null;
  }

  mediaServerChanged(ms: MediaServerLike | null): void {
    this.#ms = ms;
    this.#latest = null;
    this.#stop();
    if (ms) void this.#read(ms, this.#generation);
  }

  close(): void {
    this.#ms = null;
    this.#stop();
  }

  async #read(ms: MediaServerLike, generation: number): Promise<void> {
    try {
      const body = await withTimeout(this.#clock, ms.api('status'), this.#timeoutMs, 'status');
      if (generation !== this.#generation) return;
      const load = parseStatus(body, this.#clock.now());
      if (load) {
        this.#latest = load;
        this.#unreadable = false;
        this.#onReading();
      } else if (!this.#unreadable) {
        this.#unreadable = true;
        this.#logger.warn(
          { reply: body.slice(0, 120) },
          'FreeSWITCH status not understood: its load is not known',
        );
      }
    } catch (err) {
      if (generation === this.#generation)
        this.#logger.debug({ err: describe(err) }, 'FreeSWITCH status not read');
    }
    if (generation === this.#generation) {
      this.#timer = this.#clock.setTimeout(() => void this.#read(ms, generation), this.#intervalMs);
    }
  }

  #stop(): void {
    this.#generation += 1;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
