/**
 * The trunks the adapter dials through and what each carries now: calls in progress or connected
 * (against `maxCalls`), the pacing of its set-ups (`callsPerSecond`) and whether its health lets
 * it take a call (told by the keep-alive and registration; unknown counts as usable).
 */
import type { Clock } from '../../bridge/ports.js';
import type { TrunkAvailability } from './dial-routes.js';
import type { Trunk } from './trunks.js';

export class TrunkBook implements TrunkAvailability {
  readonly all: readonly Trunk[];
  readonly #clock: Clock;
  readonly #calls = new Map<string, number>();
  readonly #nextSetUpAt = new Map<string, number>();
  readonly #down = new Set<string>();

  constructor(trunks: readonly Trunk[], clock: Clock) {
    this.all = trunks;
    this.#clock = clock;
  }

  /** Usable: not down by its health, and below its `maxCalls`. */
  usable(trunk: Trunk): boolean {
    if (this.#down.has(trunk.id)) return false;
    return trunk.maxCalls === undefined || (this.#calls.get(trunk.id) ?? 0) < trunk.maxCalls;
  }

  /** Health says the trunk can (not) take calls. */
  setDown(trunkId: string, down: boolean): void {
    if (down) this.#down.add(trunkId);
    else this.#down.delete(trunkId);
  }

  /**
   * Claims a call slot on the trunk; the returned release (idempotent) gives it back. Also books
   * the trunk's next set-up slot: the milliseconds to wait before sending this INVITE.
   */
  claim(trunk: Trunk): { waitMs: number; release: () => void } {
    this.#calls.set(trunk.id, (this.#calls.get(trunk.id) ?? 0) + 1);
    let waitMs = 0;
    if (trunk.callsPerSecond) {
      const now = this.#clock.now();
      const at = Math.max(now, this.#nextSetUpAt.get(trunk.id) ?? 0);
      this.#nextSetUpAt.set(trunk.id, at + Math.ceil(1000 / trunk.callsPerSecond));
      waitMs = at - now;
    }
    let released = false;
    return {
      waitMs,
      release: () => {
        if (released) return;
        released = true;
        this.#calls.set(trunk.id, Math.max(0, (this.#calls.get(trunk.id) ?? 1) - 1));
      },
    };
  }

  /** Calls in progress or connected on the trunk. */
  calls(trunkId: string): number {
    return this.#calls.get(trunkId) ?? 0;
  }
}
