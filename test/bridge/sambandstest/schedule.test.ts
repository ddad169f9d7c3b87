import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../bridge/null-logger.js';
import type { SambandstestRun } from '../../../bridge/sambandstest/model.js';
import { instantOf, nextOccurrence, offsetAt } from '../../../bridge/sambandstest/schedule-time.js';
import { type SambandstestSchedule, SambandstestScheduler } from '../../../bridge/sambandstest/scheduler.js';
import type { StartRunRequest } from '../../../bridge/sambandstest/service.js';
import { aRun } from '../../contracts/sambandstest-store.contract.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

const STHLM = 'Europe/Stockholm';
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('next occurrence in an IANA time zone (Intl only)', () => {
  it('knows Stockholm is UTC+1 in winter and UTC+2 in summer', () => {
    expect(offsetAt(at('2026-03-28T12:00:00Z'), STHLM)).toBe(3_600_000);
    expect(offsetAt(at('2026-03-30T12:00:00Z'), STHLM)).toBe(7_200_000);
  });

  it('Monday 09:30 stays 09:30 local across the March change (last Sunday, 29 March 2026)', () => {
    const weekly = { weekday: 'monday', time: '09:30', timezone: STHLM } as const;
    const first = nextOccurrence(weekly, at('2026-03-20T12:00:00Z'));
    expect(iso(first)).toBe('2026-03-23T08:30:00.000Z'); // CET
    expect(iso(nextOccurrence(weekly, first))).toBe('2026-03-30T07:30:00.000Z'); // CEST
  });

  it('Monday 09:30 across the October change (last Sunday, 25 October 2026)', () => {
    const weekly = { weekday: 'monday', time: '09:30', timezone: STHLM } as const;
    const first = nextOccurrence(weekly, at('2026-10-14T12:00:00Z'));
    expect(iso(first)).toBe('2026-10-19T07:30:00.000Z'); // CEST
    expect(iso(nextOccurrence(weekly, first))).toBe('2026-10-26T08:30:00.000Z'); // CET
  });

  it('a time in the spring-forward gap runs as far past the gap (02:30 → 03:30 CEST)', () => {
    const gap = nextOccurrence(
      { weekday: 'sunday', time: '02:30', timezone: STHLM },
      at('2026-03-28T00:00:00Z'),
    );
    expect(iso(gap)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a time that occurs twice in the autumn runs at the first of them (02:30 CEST)', () => {
    const twice = nextOccurrence(
      { weekday: 'sunday', time: '02:30', timezone: STHLM },
      at('2026-10-24T00:00:00Z'),
    );
    expect(iso(twice)).toBe('2026-10-25T00:30:00.000Z');
    expect(instantOf(Date.UTC(2026, 9, 25, 2, 30), STHLM)).toBe(twice);
  });

  it('later today, or a week later when today’s time has passed; other zones too', () => {
    const weekly = { weekday: 'monday', time: '09:30', timezone: STHLM } as const;
    expect(iso(nextOccurrence(weekly, at('2026-03-02T08:29:59Z')))).toBe('2026-03-02T08:30:00.000Z');
    expect(iso(nextOccurrence(weekly, at('2026-03-02T08:30:00Z')))).toBe('2026-03-09T08:30:00.000Z');
    const helsinki = { weekday: 'friday', time: '23:45', timezone: 'Europe/Helsinki' } as const;
    expect(iso(nextOccurrence(helsinki, at('2026-07-01T00:00:00Z')))).toBe('2026-07-03T20:45:00.000Z');
  });
});

describe('scheduler in fake time', () => {
  const schedule: SambandstestSchedule = {
    id: 'veckotest',
    weekday: 'monday',
    time: '09:30',
    timezone: STHLM,
    paths: ['phone', 'radio'],
    participants: 'all',
  };

  function setup(start: string) {
    const clock = new FakeClock(at(start));
    const started: { at: string; request: StartRunRequest }[] = [];
    let running: SambandstestRun | null = null;
    const service = {
      current: () => running,
      startRun: async (request: StartRunRequest) => {
        started.push({ at: iso(clock.now()), request });
        return aRun(`run-${started.length}`);
      },
    };
    const scheduler = new SambandstestScheduler({
      schedules: [schedule],
      service,
      clock,
      logger: nullLogger,
    });
    return { clock, started, scheduler, setRunning: (r: SambandstestRun | null) => (running = r) };
  }

  it('starts runs at 09:30 local time every Monday across the March DST change, and re-arms', async () => {
    const { clock, started, scheduler } = setup('2026-03-20T12:00:00Z');
    scheduler.start();
    expect(scheduler.nextRuns()).toEqual([{ scheduleId: 'veckotest', at: '2026-03-23T08:30:00.000Z' }]);
    clock.advance(3 * 7 * 86_400_000);
    await flushPromises();
    expect(started.map((s) => s.at)).toEqual([
      '2026-03-23T08:30:00.000Z',
      '2026-03-30T07:30:00.000Z',
      '2026-04-06T07:30:00.000Z',
    ]);
    expect(started[0]?.request).toEqual({
      trigger: 'schedule',
      scheduleId: 'veckotest',
      paths: ['phone', 'radio'],
    });
    scheduler.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('across the October change', async () => {
    const { clock, started, scheduler } = setup('2026-10-14T12:00:00Z');
    scheduler.start();
    clock.advance(2 * 7 * 86_400_000);
    expect(started.map((s) => s.at)).toEqual(['2026-10-19T07:30:00.000Z', '2026-10-26T08:30:00.000Z']);
    scheduler.stop();
  });

  it('skips an occurrence while a run is still in progress, and keeps the next one', () => {
    const { clock, started, scheduler, setRunning } = setup('2026-03-20T12:00:00Z');
    scheduler.start();
    setRunning(aRun('long'));
    clock.advance(4 * 86_400_000);
    expect(started).toEqual([]);
    setRunning(null);
    clock.advance(7 * 86_400_000);
    expect(started.map((s) => s.at)).toEqual(['2026-03-30T07:30:00.000Z']);
    scheduler.stop();
  });

  it('passes a participant list through', () => {
    const clock = new FakeClock(at('2026-03-20T12:00:00Z'));
    const requests: StartRunRequest[] = [];
    const scheduler = new SambandstestScheduler({
      schedules: [{ ...schedule, participants: ['polisen'] }],
      service: {
        current: () => null,
        startRun: async (r) => {
          requests.push(r);
          return aRun('x');
        },
      },
      clock,
      logger: nullLogger,
    });
    scheduler.start();
    clock.advance(4 * 86_400_000);
    expect(requests[0]?.participants).toEqual(['polisen']);
    scheduler.stop();
  });
});
