/**
 * Logs refused INVITEs (untrusted source, scanner) without letting a flood fill the log: the
 * first refusal of each kind is logged at once, then one summary per minute with the count and
 * a few of the addresses. The refusals themselves are counted too (for the metrics).
 */
import type { Clock, Logger } from '../../bridge/ports.js';

const SUMMARY_EVERY_MS = 60_000;
const SAMPLE_ADDRESSES = 5;

export class RefusalLog {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #pending = new Map<string, { count: number; addresses: Set<string> }>();
  readonly totals = new Map<string, number>();
  #lastSummaryAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, logger: Logger) {
    this.#clock = clock;
    this.#logger = logger;
  }

  refused(reason: string, address: string): void {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + 1);
    const now = this.#clock.now();
    if (now - this.#lastSummaryAt >= SUMMARY_EVERY_MS) {
      this.#lastSummaryAt = now;
      const summary = [...this.#pending].map(([why, p]) => ({
        reason: why,
        count: p.count,
        addresses: [...p.addresses],
      }));
      this.#pending.clear();
      this.#logger.warn(
        { reason, source: address, earlier: summary },
        'INVITE refused with 403 before answering',
      );
      return;
    }
    const pending = this.#pending.get(reason) ?? { count: 0, addresses: new Set<string>() };
    pending.count += 1;
    if (pending.addresses.size < SAMPLE_ADDRESSES) pending.addresses.add(address);
    this.#pending.set(reason, pending);
  }
}
