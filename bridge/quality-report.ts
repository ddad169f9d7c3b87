/**
 * Which phone-quality samples are worth passing on. Every RTP sample of every call (100 calls
 * every few seconds) used to become a link update — a retained MQTT message, an SSE frame, an
 * OPC UA write — because its figures differ from the last ones in the second decimal. The
 * judgement is not thinned: each sample is still classified, and a change of verdict (state or
 * reason) is passed on at once. Only figures that moved less than a reader could act on are held
 * back (a deadband, as in OPC UA's data-change filters), and never for longer than `REFRESH_MS`,
 * so a display keeps its figures close to what the window measures.
 */
import type { LinkObservation } from './link-book.js';
import type { PhoneMetrics } from './model.js';

/** How far each figure may move from the last one passed on before it is passed on again. */
export const QUALITY_DEADBAND = { mos: 0.05, lossPct: 0.5, jitterMs: 2 } as const;
/** The longest a link keeps figures the window has moved away from (within the deadband). */
export const REFRESH_MS = 60_000;

interface Reported {
  observation: LinkObservation;
  at: number;
}

/** The last observation passed on for each phone link, and whether a new sample adds to it. */
export class QualityReport {
  readonly #last = new Map<string, Reported>();

  /** Records what was passed on for `participantId` (any observation, quality or not). */
  reported(participantId: string, observation: LinkObservation, at: number): void {
    this.#last.set(participantId, { observation, at });
  }

  /** True when a quality observation would tell nothing the last one passed on did not. */
  adds(participantId: string, observation: LinkObservation, at: number): boolean {
    const last = this.#last.get(participantId);
    if (!last || at - last.at >= REFRESH_MS) return true;
    const before = last.observation;
    if (before.state !== observation.state || before.reason !== observation.reason) return true;
    if (!before.metrics || !observation.metrics) return before.metrics !== observation.metrics;
    return moved(before.metrics, observation.metrics);
  }
}

function moved(before: PhoneMetrics, now: PhoneMetrics): boolean {
  return (Object.keys(QUALITY_DEADBAND) as (keyof typeof QUALITY_DEADBAND)[]).some((key) => {
    const value = now[key];
    if (value === undefined) return false; // absent: the link keeps its figure (LinkBook merges)
    const previous = before[key];
    return previous === undefined || Math.abs(value - previous) >= QUALITY_DEADBAND[key];
  });
}
