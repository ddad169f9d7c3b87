/**
 * Arms one timer per schedule on the injected clock and starts a run when it falls due. The
 * timer is re-armed after every occurrence; an occurrence that finds a run still in progress
 * is skipped (logged), never queued, so a run is not started twice.
 */
import { isoTime } from '../clock.js';
import type { LinkPath } from '../model.js';
import type { Clock, Logger, TimerHandle } from '../ports.js';
import { nextOccurrence, type WeeklyTime } from './schedule-time.js';
import type { SambandstestApi } from './service.js';

export interface SambandstestSchedule extends WeeklyTime {
  id: string;
  paths: LinkPath[];
  participants: 'all' | string[];
}

export interface SchedulerOptions {
  schedules: readonly SambandstestSchedule[];
  service: Pick<SambandstestApi, 'startRun' | 'current'>;
  clock: Clock;
  logger: Logger;
}

/**
 * Long waits are split into steps of at most this long, so a clock that jumps (NTP, a suspended
 * host) or a timer that fires early cannot make a run start at the wrong time.
 */
const MAX_STEP_MS = 3_600_000;

export class SambandstestScheduler {
  readonly #o: SchedulerOptions;
  readonly #timers = new Map<string, TimerHandle>();
  readonly #due = new Map<string, number>();
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    for (const schedule of this.#o.schedules) this.#arm(schedule, this.#o.clock.now());
  }

  /** When each schedule next falls due (ISO-8601 UTC), for logs and the dashboard. */
  nextRuns(): { scheduleId: string; at: string }[] {
    return [...this.#due].map(([scheduleId, at]) => ({ scheduleId, at: isoTime(at) }));
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) this.#o.clock.clearTimeout(timer);
    this.#timers.clear();
    this.#due.clear();
  }

  #arm(schedule: SambandstestSchedule, after: number): void {
    if (this.#stopped) return;
    const at = nextOccurrence(schedule, after);
    this.#due.set(schedule.id, at);
    this.#o.logger.info({ scheduleId: schedule.id, at: isoTime(at) }, 'sambandstest scheduled');
    this.#wait(schedule, at);
  }

  #wait(schedule: SambandstestSchedule, at: number): void {
    const remaining = at - this.#o.clock.now();
    const timer = this.#o.clock.setTimeout(
      () => {
        this.#timers.delete(schedule.id);
        if (this.#o.clock.now() < at) this.#wait(schedule, at);
        else this.#fire(schedule, at);
      },
      Math.max(0, Math.min(remaining, MAX_STEP_MS)),
    );
    this.#timers.set(schedule.id, timer);
  }

  #fire(schedule: SambandstestSchedule, at: number): void {
    const { service, logger } = this.#o;
    const running = service.current();
    if (running) {
      logger.warn(
        { scheduleId: schedule.id, runId: running.id },
        'sambandstest due while a run is in progress; skipped',
      );
    } else {
      service
        .startRun({
          trigger: 'schedule',
          scheduleId: schedule.id,
          paths: schedule.paths,
          ...(schedule.participants === 'all' ? {} : { participants: schedule.participants }),
        })
        .catch((err: unknown) =>
          logger.error({ err, scheduleId: schedule.id }, 'scheduled sambandstest failed to start'),
        );
    }
    // From now if the host slept through occurrences: those are not made up for in a burst.
    this.#arm(schedule, Math.max(at, this.#o.clock.now()));
  }
}
