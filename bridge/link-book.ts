/**
 * Holds every participant's link state per path. Applying an observation either changes the
 * state (a `link.changed` event, with reason) or only the metrics (`link.metrics`).
 * Keeping `since` stable across metric updates is what lets path selection measure how long a
 * link has been up or degraded.
 */
import { isoTime } from './clock.js';
import type { DomainEvents } from './events.js';
import { LINK_PATHS, type LinkMetrics, type LinkPath, type LinkSnapshot, type LinkState } from './model.js';
import type { Clock } from './ports.js';

export interface LinkObservation {
  state: LinkState;
  reason: string;
  /** Merged into the existing metrics; `undefined` values are ignored. */
  metrics?: LinkMetrics;
}

type Emit = <K extends 'link.changed' | 'link.metrics'>(event: K, payload: DomainEvents[K]) => void;

interface LinkRecord {
  state: LinkState;
  sinceMs: number;
  reason: string;
  metrics: LinkMetrics;
}

export class LinkBook {
  readonly #links = new Map<string, Record<LinkPath, LinkRecord>>();
  readonly #clock: Clock;
  readonly #emit: Emit;

  constructor(participantIds: readonly string[], clock: Clock, emit: Emit) {
    this.#clock = clock;
    this.#emit = emit;
    const now = clock.now();
    for (const id of participantIds) {
      const initial = (): LinkRecord => ({ state: 'unknown', sinceMs: now, reason: 'starting', metrics: {} });
      this.#links.set(id, { phone: initial(), radio: initial(), agent: initial() });
    }
  }

  /** Applies an observation; returns true when the state changed. */
  observe(participantId: string, path: LinkPath, observation: LinkObservation): boolean {
    const record = this.#record(participantId, path);
    const metricsChanged = mergeMetrics(record.metrics, observation.metrics);
    if (record.state === observation.state) {
      const reasonChanged = record.reason !== observation.reason;
      record.reason = observation.reason;
      if (metricsChanged || reasonChanged) {
        this.#emit('link.metrics', { link: this.#snapshot(participantId, path, record) });
      }
      return false;
    }
    const previous = record.state;
    record.state = observation.state;
    record.sinceMs = this.#clock.now();
    record.reason = observation.reason;
    this.#emit('link.changed', { link: this.#snapshot(participantId, path, record), previous });
    return true;
  }

  get(participantId: string, path: LinkPath): LinkSnapshot {
    return this.#snapshot(participantId, path, this.#record(participantId, path));
  }

  all(participantId: string): Record<LinkPath, LinkSnapshot> {
    const out = {} as Record<LinkPath, LinkSnapshot>;
    for (const path of LINK_PATHS) out[path] = this.get(participantId, path);
    return out;
  }

  /** Milliseconds since the link entered its current state. */
  ageMs(participantId: string, path: LinkPath): number {
    return this.#clock.now() - this.#record(participantId, path).sinceMs;
  }

  #record(participantId: string, path: LinkPath): LinkRecord {
    const links = this.#links.get(participantId);
    if (!links) throw new Error(`LinkBook: unknown participant ${participantId}`);
    return links[path];
  }

  #snapshot(participantId: string, path: LinkPath, record: LinkRecord): LinkSnapshot {
    return {
      participantId,
      path,
      state: record.state,
      since: isoTime(record.sinceMs),
      reason: record.reason,
      metrics: { ...record.metrics },
    };
  }
}

function mergeMetrics(target: LinkMetrics, update: LinkMetrics | undefined): boolean {
  if (!update) return false;
  let changed = false;
  for (const [key, value] of Object.entries(update) as [
    keyof LinkMetrics,
    LinkMetrics[keyof LinkMetrics],
  ][]) {
    if (value === undefined || target[key] === value) continue;
    (target as Record<string, unknown>)[key] = value;
    changed = true;
  }
  return changed;
}
