/**
 * Each trunk's health as the adapter reports it ('trunks.status', retained): the keep-alive's
 * verdicts folded into one TrunkStatus per trunk, and the TrunkBook told which trunks may take
 * calls. A trunk is unusable when its keep-alive says it is down or its registration failed;
 * unknown (keep-alive off, not probed yet) and 'registering' (the first REGISTER in flight)
 * count as usable, so a gateway that starts does not move everyone to radio. While the
 * registration has failed, `reason` says why (the registrar's answer); otherwise the keep-alive's.
 */
import type { Clock } from '../../bridge/ports.js';
import type { TrunkStatus, TrunksReport } from '../../bridge/trunk-status.js';
import type { TrunkBook } from './trunk-book.js';
import type { KeepAliveVerdict } from './trunk-keepalive.js';
import type { RegistrationVerdict } from './trunk-register.js';

export class TrunkHealth {
  readonly #book: TrunkBook;
  readonly #clock: Clock;
  readonly #report: (report: TrunksReport) => void;
  readonly #statuses = new Map<string, TrunkStatus>();
  /** The keep-alive's last reason, shown again once a failed registration recovers. */
  readonly #keepAliveReasons = new Map<string, string>();
  readonly #registrationReasons = new Map<string, string>();

  constructor(book: TrunkBook, clock: Clock, report: (report: TrunksReport) => void) {
    this.#book = book;
    this.#clock = clock;
    this.#report = report;
    const since = new Date(clock.now()).toISOString();
    for (const t of book.all) {
      const reason = t.keepAlive.intervalMs > 0 ? 'not probed yet' : 'keep-alive off';
      this.#keepAliveReasons.set(t.id, reason);
      this.#statuses.set(t.id, {
        id: t.id,
        state: 'unknown',
        since,
        reason,
        registration: t.register ? 'registering' : 'none',
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
    this.#keepAliveReasons.set(verdict.trunkId, verdict.reason);
    this.#set({
      ...before,
      state: verdict.state,
      reason: this.#reason(verdict.trunkId, before.registration),
      rttMs: verdict.rttMs ?? before.rttMs,
      since: changed ? new Date(this.#clock.now()).toISOString() : before.since,
    });
  }

  registration(verdict: RegistrationVerdict): void {
    const before = this.#statuses.get(verdict.trunkId);
    if (!before) return;
    const changed = (before.registration === 'failed') !== (verdict.registration === 'failed');
    this.#registrationReasons.set(verdict.trunkId, verdict.reason);
    this.#set({
      ...before,
      registration: verdict.registration,
      reason: this.#reason(verdict.trunkId, verdict.registration),
      since: changed ? new Date(this.#clock.now()).toISOString() : before.since,
    });
  }

  #reason(trunkId: string, registration: TrunkStatus['registration']): string {
    const fromRegistration = this.#registrationReasons.get(trunkId);
    if (registration === 'failed' && fromRegistration) return fromRegistration;
    return this.#keepAliveReasons.get(trunkId) ?? '';
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
