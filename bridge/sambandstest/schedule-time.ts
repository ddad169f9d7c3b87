/**
 * When a weekly schedule (weekday + HH:MM in an IANA time zone) next falls due, computed with
 * Intl only. Local times that do not exist (the spring-forward gap) run at the same distance
 * after the gap, as Temporal's "compatible" disambiguation does (02:30 → 03:30); local times
 * that occur twice (fall-back) run at the first of them.
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyTime {
  weekday: Weekday;
  /** 'HH:MM', 24 h. */
  time: string;
  /** IANA time zone, e.g. Europe/Stockholm. */
  timezone: string;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at instant `ms`, expressed as if it were UTC. */
export function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const get = (k: string) => parts[k] ?? 0;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** UTC offset of `timeZone` at instant `ms`, in ms (Stockholm in summer: +7,200,000). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a local time expressed as UTC). */
export function instantOf(wall: number, timeZone: string): number {
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after].filter((t) => t + offsetAt(t, timeZone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap: keep the offset from before it, which lands as far past the gap as `wall` was into it.
  return before;
}

/** The first instant strictly after `fromMs` at which the schedule is due. */
export function nextOccurrence(schedule: WeeklyTime, fromMs: number): number {
  const match = /^(\d{2}):(\d{2})$/.exec(schedule.time);
  if (!match) throw new RangeError(`time must be HH:MM, got "${schedule.time}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const target = WEEKDAYS.indexOf(schedule.weekday);
  const today = wallClock(fromMs, schedule.timezone);
  const midnight = today - (today % DAY_MS);
  // Eight days cover "later today" and "same weekday next week".
  for (let d = 0; d <= 8; d++) {
    const day = midnight + d * DAY_MS;
    if (new Date(day).getUTCDay() !== target) continue;
    const at = instantOf(day + hours * 3_600_000 + minutes * 60_000, schedule.timezone);
    if (at > fromMs) return at;
  }
  throw new RangeError(`no occurrence of ${schedule.weekday} ${schedule.time} found`);
}
