/**
 * Each trunk's health as the adapter reports it ('trunks.status', retained): the keep-alive's
 * verdicts folded into one TrunkStatus per trunk, and the TrunkBook told which trunks may take
 * calls. A trunk is down when its keep-alive says so (or, once REGISTER is built, its
 * registration failed); unknown (keep-alive off, not probed yet) counts as usable.
 */
import type { Clock } from '../../bridge/ports.js';
import type { TrunkStatus, TrunksReport } from '../../bridge/trunk-status.js';
import type { TrunkBook } from './trunk-book.js';
import type { KeepAliveVerdict } from './trunk-keepalive.js';

export class TrunkHealth {
  readonly #book: TrunkBook;
  readonly #clock: Clock;
  readonly #report: (report: TrunksReport) => void;
  readonly #statuses = new Map<string, TrunkStatus>();

  constructor(book: TrunkBook, clock: Clock, report: (report: TrunksReport) => void) {
    this.#book = book;
    this.#clock = clock;
    this.#report = report;
    const since = new Date(clock.now()).toISOString();
    for (const t of book.all) {
      this.#statuses.set(t.id, {
        id: t.id,
        state: 'unknown',
        since,
        reason: t.keepAlive.intervalMs > 0 ? 'not probed yet' : 'keep-alive off',
        registration: 'none',
        rttMs: null,
      });
    }
  }

  /** The first report (all unknown), once there are trunks. */
  announce(): void {
    if (this.#statuses.size > 0) this.#publish();
  }

  keepAlive(verdict: KeepAliveVerdict): void {
    const before = this.#statuses.get(verdict.trunkId);
    if (!before) return;
    const changed = before.state !== verdict.state;
    this.#set({
      ...before,
      state: verdict.state,
      reason: verdict.reason,
      rttMs: verdict.rttMs ?? before.rttMs,
      since: changed ? new Date(this.#clock.now()).toISOString() : before.since,
    });
  }

  statuses(): TrunkStatus[] {
    return [...this.#statuses.values()];
  }

  #set(status: TrunkStatus): void {
    this.#statuses.set(status.id, status);
    this.#book.setDown(status.id, status.state === 'down' || status.registration === 'failed');
    this.#publish();
  }

  #publish(): void {
    const trunks = this.statuses();
    const usable = trunks.some((t) => t.state !== 'down' && t.registration !== 'failed');
    this.#report({ trunks, usable });
  }
}
