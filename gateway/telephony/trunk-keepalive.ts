/**
 * Trunk health (issue 9): an OPTIONS to each trunk every `keepAliveIntervalMs` through
 * drachtio-server, answered within `keepAliveTimeoutMs`. Any response below 500 except 408 —
 * also 401/403/404/405: something there speaks SIP — counts as alive; 408, 5xx, no response and
 * a request that cannot be sent count as failures, and `keepAliveFailures` of them in a row
 * mark the trunk down. One answered OPTIONS marks it up. Probes run only while the drachtio
 * control link is up (otherwise the gateway, not the trunk, is what is down).
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import type { TrunkState } from '../../bridge/trunk-status.js';
import type { SrfLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { type Trunk, trunkHostUri } from './trunks.js';

/** While the control link is down, how often to look whether probing can start. */
const LINK_WAIT_MS = 1_000;

export interface KeepAliveVerdict {
  trunkId: string;
  state: TrunkState;
  reason: string;
  rttMs: number | null;
}

export interface TrunkKeepAliveOptions {
  trunks: readonly Trunk[];
  srf: SrfLike;
  clock: Clock;
  logger: Logger;
  /** Whether drachtio-server's control link is up now. */
  linkUp(): boolean;
  onVerdict(verdict: KeepAliveVerdict): void;
}

export class TrunkKeepAlive {
  readonly #o: TrunkKeepAliveOptions;
  readonly #timers = new Map<string, TimerHandle>();
  readonly #failures = new Map<string, number>();
  #closed = false;

  constructor(options: TrunkKeepAliveOptions) {
    this.#o = options;
  }

  start(): void {
    for (const trunk of this.#o.trunks) {
      if (trunk.keepAlive.intervalMs > 0) this.#schedule(trunk, 0);
    }
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) this.#o.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(trunk: Trunk, ms: number): void {
    if (this.#closed) return;
    const timer = this.#o.clock.setTimeout(() => {
      // Not probed (the control link is down): look again soon, so a trunk is known at start.
      void this.#probe(trunk).then((probed) =>
        this.#schedule(
          trunk,
          probed ? trunk.keepAlive.intervalMs : Math.min(trunk.keepAlive.intervalMs, LINK_WAIT_MS),
        ),
      );
    }, ms);
    this.#timers.set(trunk.id, timer);
  }

  async #probe(trunk: Trunk): Promise<boolean> {
    if (this.#closed || !this.#o.linkUp()) return false;
    const { clock, srf } = this.#o;
    const started = clock.now();
    const status = await probeOptions(srf, clock, trunk, trunk.keepAlive.timeoutMs).catch(
      (err: unknown) => `unreachable: ${describe(err)}`,
    );
    if (this.#closed) return true;
    if (answersOptions(status)) {
      if ((this.#failures.get(trunk.id) ?? 0) >= trunk.keepAlive.failures) {
        this.#o.logger.warn(
          { trunk: trunk.id, reason: `options-${status}` },
          'trunk answers keep-alives again: up',
        );
      }
      this.#failures.set(trunk.id, 0);
      this.#o.onVerdict({
        trunkId: trunk.id,
        state: 'up',
        reason: `options-${status}`,
        rttMs: clock.now() - started,
      });
      return true;
    }
    const failures = (this.#failures.get(trunk.id) ?? 0) + 1;
    this.#failures.set(trunk.id, failures);
    const reason = typeof status === 'number' ? `options-${status}` : status;
    // Each failure up to the verdict is worth a warning; after it, a trunk that stays down for
    // hours would write one every interval, so those go to debug until it answers again.
    const down = failures >= trunk.keepAlive.failures;
    if (failures < trunk.keepAlive.failures) {
      this.#o.logger.warn({ trunk: trunk.id, reason, failures }, 'trunk keep-alive failed');
    } else if (failures === trunk.keepAlive.failures) {
      this.#o.logger.warn({ trunk: trunk.id, reason, failures }, 'trunk keep-alive failed: trunk down');
    } else {
      this.#o.logger.debug({ trunk: trunk.id, reason, failures }, 'trunk keep-alive failed (still down)');
    }
    if (down) this.#o.onVerdict({ trunkId: trunk.id, state: 'down', reason, rttMs: null });
    return true;
  }
}

/** Any response below 500 except 408 says something there speaks SIP. */
export function answersOptions(status: number | string): status is number {
  return typeof status === 'number' && status < 500 && status !== 408;
}

/**
 * One OPTIONS to the trunk: the status of its final response, 'timeout' when none came within
 * `timeoutMs`; rejects when drachtio-server could not send it.
 */
export function probeOptions(
  srf: SrfLike,
  clock: Clock,
  trunk: Trunk,
  timeoutMs: number,
): Promise<number | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => resolve('timeout'), timeoutMs);
    srf
      .request(trunkHostUri(trunk), {
        method: 'OPTIONS',
        ...(trunk.proxy ? { proxy: trunk.proxy } : {}),
        ...(trunk.auth ? { auth: { ...trunk.auth } } : {}),
      })
      .then((sent) =>
        sent.on('response', (res) => {
          if (res.status < 200) return;
          clock.clearTimeout(timer);
          resolve(res.status);
        }),
      )
      .catch((err: unknown) => {
        clock.clearTimeout(timer);
        reject(err);
      });
  });
}
