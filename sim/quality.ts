/**
 * A simulated call's RTP receive counters, kept the way a media server keeps them: totals since
 * the call's RTP session began, growing by what each stretch of time carried. The core judges the
 * change over its window (bridge/quality-window.ts), so the demo shows exactly what a real call
 * shows: a degraded stretch is seen within a window and forgotten a window after it ends.
 * Loss and jitter ranges sit clearly on either side of the default thresholds
 * (telephony.quality: maxLossPct 5, maxJitterMs 60), so "degraded" here is degraded in the core.
 */
import type { RtpCounters } from '../bridge/model.js';
import type { Random } from './random.js';

export type SimQuality = 'good' | 'poor';

interface Range {
  min: number;
  max: number;
}
interface QualityProfile {
  jitterMs: Range;
  lossPct: Range;
}

export const QUALITY_PROFILES: Readonly<Record<SimQuality, QualityProfile>> = {
  good: { jitterMs: { min: 3, max: 15 }, lossPct: { min: 0, max: 0.5 } },
  poor: { jitterMs: { min: 80, max: 120 }, lossPct: { min: 6, max: 12 } },
};

/** G.711 at 20 ms packetisation. */
export const PACKETS_PER_SECOND = 50;

export class SimRtpStream {
  readonly #random: Random;
  #counters: RtpCounters = { packets: 0, lost: 0, jitterPeakMs: 0 };

  constructor(random: Random) {
    this.#random = random;
  }

  /** The counters after `elapsedMs` more of a call of this quality. */
  advance(elapsedMs: number, quality: SimQuality): RtpCounters {
    const p = QUALITY_PROFILES[quality];
    const sent = Math.round((elapsedMs / 1000) * PACKETS_PER_SECOND);
    const lost = Math.round((sent * this.#random.between(p.lossPct.min, p.lossPct.max)) / 100);
    const jitter = Math.round(this.#random.between(p.jitterMs.min, p.jitterMs.max) * 10) / 10;
    const c = this.#counters;
    this.#counters = {
      packets: c.packets + sent - lost,
      lost: c.lost + lost,
      jitterPeakMs: Math.max(c.jitterPeakMs ?? 0, jitter),
    };
    return { ...this.#counters };
  }
}
