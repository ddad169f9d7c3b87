/**
 * Lockout of dial-in sources that keep entering wrong PINs. A source (caller number, or the
 * signalling address when the caller hides its number) with `failuresToLock` wrong PINs within
 * `windowMs` is refused for `lockoutMs`. A caller can change its caller ID every call, so on top
 * of that a global budget counts wrong PINs from every source together: `globalFailureBudget`
 * within `windowMs` refuses every dial-in for `globalLockoutMs` (issue 9). Pure bookkeeping over
 * the Clock; PINs never pass here.
 */
import type { Clock, PinBudgetStatus, TimerHandle } from '../../bridge/ports.js';

export interface PinGuardSettings {
  failuresToLock: number;
  windowMs: number;
  lockoutMs: number;
  globalFailureBudget?: number;
  globalLockoutMs?: number;
  /** Told when the global budget is spent and when that lock ends (the alarm and its clearing). */
  onGlobalLock?: (status: PinBudgetStatus) => void;
}

interface SourceRecord {
  failures: number[];
  lockedUntil: number;
}

/** Bounds memory under a flood of distinct sources. */
const MAX_SOURCES = 10_000;

export class PinGuard {
  readonly #clock: Clock;
  readonly #settings: PinGuardSettings;
  readonly #sources = new Map<string, SourceRecord>();
  #global: SourceRecord = { failures: [], lockedUntil: 0 };
  #globalTimer: TimerHandle | null = null;

  constructor(clock: Clock, settings: PinGuardSettings) {
    this.#clock = clock;
    this.#settings = settings;
  }

  /** Milliseconds the source stays locked out, or 0. */
  lockedForMs(source: string): number {
    const record = this.#sources.get(source);
    return record ? Math.max(0, record.lockedUntil - this.#clock.now()) : 0;
  }

  /** Milliseconds every dial-in stays refused after the global budget ran out, or 0. */
  globallyLockedForMs(): number {
    return Math.max(0, this.#global.lockedUntil - this.#clock.now());
  }

  /** Records one wrong PIN; returns true when this failure locked the source (or everyone) out. */
  failed(source: string): boolean {
    const now = this.#clock.now();
    const global = this.#countGlobal(now);
    const record = this.#sources.get(source) ?? { failures: [], lockedUntil: 0 };
    record.failures = record.failures.filter((at) => now - at < this.#settings.windowMs);
    record.failures.push(now);
    this.#sources.delete(source);
    this.#sources.set(source, record);
    this.#trim();
    if (record.failures.length >= this.#settings.failuresToLock) {
      record.lockedUntil = now + this.#settings.lockoutMs;
      record.failures = [];
      return true;
    }
    return global;
  }

  #countGlobal(now: number): boolean {
    const budget = this.#settings.globalFailureBudget;
    if (budget === undefined) return false;
    const g = this.#global;
    g.failures = g.failures.filter((at) => now - at < this.#settings.windowMs);
    g.failures.push(now);
    if (g.failures.length < budget) return false;
    const wasLocked = g.lockedUntil > now;
    g.lockedUntil = now + (this.#settings.globalLockoutMs ?? this.#settings.lockoutMs);
    g.failures = [];
    // Participants still key PINs while locked, so their mistakes can extend the lock: the end
    // is told once, when the latest lock runs out.
    if (this.#globalTimer) this.#clock.clearTimeout(this.#globalTimer);
    this.#globalTimer = this.#clock.setTimeout(() => {
      this.#globalTimer = null;
      this.#tell(false, g.lockedUntil);
    }, g.lockedUntil - now);
    if (!wasLocked) this.#tell(true, g.lockedUntil);
    return true;
  }

  #tell(spent: boolean, until: number): void {
    this.#settings.onGlobalLock?.({
      spent,
      until,
      budget: this.#settings.globalFailureBudget ?? 0,
      windowMs: this.#settings.windowMs,
    });
  }

  /** Stops the timer that tells the end of a global lock. */
  close(): void {
    if (this.#globalTimer) this.#clock.clearTimeout(this.#globalTimer);
    this.#globalTimer = null;
  }

  succeeded(source: string): void {
    this.#sources.delete(source);
  }

  #trim(): void {
    while (this.#sources.size > MAX_SOURCES) {
      const oldest = this.#sources.keys().next().value;
      if (oldest === undefined) return;
      this.#sources.delete(oldest);
    }
  }
}
