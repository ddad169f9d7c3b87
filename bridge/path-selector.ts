/**
 * Path selection for one participant (DESIGN.md §3): which path carries its voice.
 *
 * - phone `down` → radio at once (or `none` if radio is known down);
 * - phone `degraded` for `degradedForMs` → radio;
 * - on radio, phone `up` and unbroken for `failbackStableMs` → phone (hysteresis: any dip
 *   restarts the count, so a flapping phone never drags the participant back and forth);
 * - a host override pins a path until released;
 * - outside a running conference the path is `none`.
 * Durations are measured from the link's own `since`, so a timer restarted after an override
 * release does not wait again for time already served.
 */
import { isoTime } from './clock.js';
import type { ActivePath, LinkSnapshot, LinkState, PathSnapshot, VoicePath } from './model.js';
import type { Clock, TimerHandle } from './ports.js';

export interface PathTimings {
  degradedForMs: number;
  failbackStableMs: number;
}

export interface LinkView {
  state: LinkState;
  /** Epoch ms when the link entered `state`. */
  sinceMs: number;
  /** Why; `trunks-down` (no carrier trunk usable) is carried into the failover's reason. */
  reason?: string;
}

export type PathChangeListener = (path: PathSnapshot, previous: ActivePath) => void;

export class PathSelector {
  readonly #participantId: string;
  readonly #clock: Clock;
  readonly #timings: PathTimings;
  readonly #onChange: PathChangeListener;
  #active: ActivePath = 'none';
  #sinceMs: number;
  #reason = 'not-in-conference';
  #override: VoicePath | null = null;
  #by: string | null = null;
  #conferenceId: string | null = null;
  #phone: LinkView;
  #radio: LinkView;
  #timer: { handle: TimerHandle; purpose: 'degraded' | 'failback' } | null = null;

  constructor(participantId: string, clock: Clock, timings: PathTimings, onChange: PathChangeListener) {
    this.#participantId = participantId;
    this.#clock = clock;
    this.#timings = timings;
    this.#onChange = onChange;
    this.#sinceMs = clock.now();
    this.#phone = { state: 'unknown', sinceMs: this.#sinceMs };
    this.#radio = { state: 'unknown', sinceMs: this.#sinceMs };
  }

  snapshot(): PathSnapshot {
    return {
      participantId: this.#participantId,
      active: this.#active,
      since: isoTime(this.#sinceMs),
      reason: this.#reason,
      override: this.#override,
      by: this.#by,
      conferenceId: this.#conferenceId,
    };
  }

  get conferenceId(): string | null {
    return this.#conferenceId;
  }

  /** The participant's conference started convening. */
  join(conferenceId: string): void {
    this.#conferenceId = conferenceId;
    this.#evaluate();
  }

  /** The conference ended (or the participant left it). Clears any override. */
  leave(reason: string): void {
    this.#conferenceId = null;
    this.#override = null;
    this.#cancelTimer();
    this.#switchTo('none', reason);
  }

  updateLinks(phone: LinkSnapshot | LinkView, radio: LinkSnapshot | LinkView): void {
    this.#phone = toView(phone);
    this.#radio = toView(radio);
    this.#evaluate();
  }

  /** Pins the path; always reports a change so observers see the override even on the same path. */
  pin(path: VoicePath, by: string): void {
    this.#override = path;
    this.#cancelTimer();
    this.#switchTo(path, `override-${path}`, true, by);
  }

  release(by: string): void {
    if (this.#override === null) return;
    this.#override = null;
    const before = this.#active;
    this.#evaluate();
    if (this.#active === before) this.#switchTo(before, 'override-released', true, by);
  }

  dispose(): void {
    this.#cancelTimer();
  }

  #evaluate(): void {
    if (this.#conferenceId === null) {
      this.#cancelTimer();
      this.#switchTo('none', 'not-in-conference');
      return;
    }
    if (this.#override !== null) return;
    const decision = decide(this.#active, this.#phone, this.#radio, this.#timings, this.#clock.now());
    switch (decision.kind) {
      case 'stay':
        this.#cancelTimer();
        break;
      case 'wait':
        this.#arm(decision.purpose, decision.delayMs);
        break;
      case 'switch':
        this.#cancelTimer();
        this.#switchTo(decision.to, decision.reason);
        break;
    }
  }

  #arm(purpose: 'degraded' | 'failback', delayMs: number): void {
    if (this.#timer?.purpose === purpose) return;
    this.#cancelTimer();
    const handle = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#evaluate();
    }, delayMs);
    this.#timer = { handle, purpose };
  }

  #cancelTimer(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = null;
  }

  #switchTo(target: ActivePath, reason: string, always = false, by: string | null = null): void {
    if (target === this.#active && !always) return;
    const previous = this.#active;
    if (target !== previous) this.#sinceMs = this.#clock.now();
    this.#active = target;
    this.#reason = reason;
    this.#by = by;
    this.#onChange(this.snapshot(), previous);
  }
}

type Decision =
  | { kind: 'stay' }
  | { kind: 'wait'; purpose: 'degraded' | 'failback'; delayMs: number }
  | { kind: 'switch'; to: ActivePath; reason: string };

/** The failover/failback rules as a pure function of the current path, the links and the time. */
export function decide(
  active: ActivePath,
  phone: LinkView,
  radio: LinkView,
  timings: PathTimings,
  now: number,
): Decision {
  const failover = (reason: string): Decision => ({
    kind: 'switch',
    to: radio.state === 'down' ? 'none' : 'radio',
    reason,
  });
  if (active === 'phone') {
    // `unknown` (telephony back end unreachable) is no evidence of failure: hold the phone path.
    if (phone.state === 'up' || phone.state === 'unknown') return { kind: 'stay' };
    if (phone.state === 'down')
      return failover(phone.reason === 'trunks-down' ? 'trunks-down' : 'phone-down');
    const remaining = timings.degradedForMs - (now - phone.sinceMs);
    return remaining <= 0
      ? failover('phone-degraded')
      : { kind: 'wait', purpose: 'degraded', delayMs: remaining };
  }
  if (phone.state === 'up') {
    if (active === 'none') return { kind: 'switch', to: 'phone', reason: 'phone-up' };
    const remaining = timings.failbackStableMs - (now - phone.sinceMs);
    return remaining <= 0
      ? { kind: 'switch', to: 'phone', reason: 'phone-stable' }
      : { kind: 'wait', purpose: 'failback', delayMs: remaining };
  }
  if (active === 'radio' && radio.state === 'down')
    return { kind: 'switch', to: 'none', reason: 'no-working-path' };
  if (active === 'none' && phone.state === 'down' && radio.state !== 'down') return failover('phone-down');
  return { kind: 'stay' };
}

function toView(link: LinkSnapshot | LinkView): LinkView {
  return 'sinceMs' in link
    ? link
    : { state: link.state, sinceMs: Date.parse(link.since), reason: link.reason };
}
