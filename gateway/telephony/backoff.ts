/** Exponential back-off for reconnects: min, ×2 per failure, capped; reset after success. */
export class Backoff {
  readonly #minMs: number;
  readonly #maxMs: number;
  #failures = 0;

  constructor(minMs: number, maxMs: number) {
    this.#minMs = minMs;
    this.#maxMs = Math.max(minMs, maxMs);
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = Math.min(this.#maxMs, this.#minMs * 2 ** Math.min(this.#failures, 30));
    this.#failures += 1;
    return delay;
  }

  reset(): void {
    this.#failures = 0;
  }
}
