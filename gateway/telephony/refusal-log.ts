/**
 * Logs refused INVITEs (untrusted source, scanner) in the one line format fail2ban matches
 * (deploy/fail2ban/filter.d/samband.conf, README "Dial-in trust"): a pino JSON line at warn
 * with `"event":"sip-refused"`, `"reason"` and `"source"` (the bare IPv4 or IPv6 address):
 *
 *   {"level":40,"time":"2026-12-08T01:00:00.000Z","service":"samband","event":"sip-refused",
 *    "reason":"untrusted-source","source":"203.0.113.7","msg":"SIP INVITE refused with 403"}
 *
 * One line per refusal, so fail2ban's maxretry counts INVITEs; but a flood must not fill the
 * disk or the journal: per minute, at most LINES_PER_SOURCE lines for one address and
 * MAX_LINES in all. The rest are only counted and told in one summary line, which the filter
 * does not match (its addresses are not a `source`). Nothing the caller sent (User-Agent, From)
 * is in the line, so a forged header cannot get somebody else's address banned.
 */
import type { Clock, Logger } from '../../bridge/ports.js';

export const REFUSAL_EVENT = 'sip-refused';
export const REFUSAL_MESSAGE = 'SIP INVITE refused with 403';
const WINDOW_MS = 60_000;
/** Enough for fail2ban's usual maxretry (3–5) to ban within the first minute. */
export const LINES_PER_SOURCE = 5;
export const MAX_LINES = 200;
const SAMPLE_ADDRESSES = 5;

/** The address fail2ban can ban: an IPv4-mapped IPv6 address (::ffff:192.0.2.1) as its IPv4. */
export function bannableAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

export class RefusalLog {
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** Lines logged this window, per address. */
  readonly #lines = new Map<string, number>();
  /** Refusals this window not logged one by one, per reason. */
  readonly #unlogged = new Map<string, { count: number; addresses: Set<string> }>();
  readonly totals = new Map<string, number>();
  #windowStart = Number.NEGATIVE_INFINITY;
  #logged = 0;

  constructor(clock: Clock, logger: Logger) {
    this.#clock = clock;
    this.#logger = logger;
  }

  refused(reason: string, address: string): void {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + 1);
    const now = this.#clock.now();
    if (now - this.#windowStart >= WINDOW_MS) this.#newWindow(now);
    const source = bannableAddress(address);
    const lines = this.#lines.get(source) ?? 0;
    if (lines < LINES_PER_SOURCE && this.#logged < MAX_LINES) {
      this.#lines.set(source, lines + 1);
      this.#logged += 1;
      this.#logger.warn({ event: REFUSAL_EVENT, reason, source }, REFUSAL_MESSAGE);
      return;
    }
    const unlogged = this.#unlogged.get(reason) ?? { count: 0, addresses: new Set<string>() };
    unlogged.count += 1;
    if (unlogged.addresses.size < SAMPLE_ADDRESSES) unlogged.addresses.add(source);
    this.#unlogged.set(reason, unlogged);
  }

  #newWindow(now: number): void {
    if (this.#unlogged.size > 0) {
      const refusals = [...this.#unlogged].map(([reason, u]) => ({
        reason,
        count: u.count,
        someAddresses: [...u.addresses],
      }));
      this.#logger.warn(
        { event: 'sip-refused-unlogged', refusals },
        'SIP INVITEs refused with 403 in the last minute beyond the per-address log limit',
      );
    }
    this.#windowStart = now;
    this.#lines.clear();
    this.#unlogged.clear();
    this.#logged = 0;
  }
}
