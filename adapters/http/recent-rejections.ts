/**
 * A bounded, expiring set of recently refused token digests: an LRU of at most `maxEntries`
 * keys, each forgotten `ttlMs` after it was refused. It lets a repeated wrong token be turned
 * away without running scrypt again, while its memory stays fixed whatever a client sends.
 */
import type { Clock } from '../../bridge/ports.js';

export interface RecentRejectionsOptions {
  maxEntries: number;
  ttlMs: number;
  clock: Clock;
}

export class RecentRejections {
  readonly #options: RecentRejectionsOptions;
  // Map iteration order is insertion order: the first key is the least recently used.
  readonly #expiresAt = new Map<string, number>();

  constructor(options: RecentRejectionsOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#expiresAt.size;
  }

  has(key: string): boolean {
    const expiresAt = this.#expiresAt.get(key);
    if (expiresAt === undefined) return false;
    this.#expiresAt.delete(key);
    if (expiresAt <= this.#options.clock.now()) return false;
    // Re-inserted as most recently used; the expiry stays that of the refusal.
    this.#expiresAt.set(key, expiresAt);
    return true;
  }

  add(key: string): void {
    this.#expiresAt.delete(key);
    this.#expiresAt.set(key, this.#options.clock.now() + this.#options.ttlMs);
    for (const oldest of this.#expiresAt.keys()) {
      if (this.#expiresAt.size <= this.#options.maxEntries) break;
      this.#expiresAt.delete(oldest);
    }
  }
}
