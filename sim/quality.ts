/**
 * Simulated RTP figures for a connected call. Ranges are chosen to sit clearly on either side
 * of the default thresholds (telephony.quality: minMos 3.6, maxJitterMs 60, maxLossPct 5), so
 * that "degraded" in the simulator is unambiguously degraded in the core.
 */
import type { PhoneMetrics } from '../bridge/model.js';
import type { Random } from './random.js';

export type SimQuality = 'good' | 'poor';

interface Range {
  min: number;
  max: number;
}
interface QualityProfile {
  mos: Range;
  jitterMs: Range;
  lossPct: Range;
}

export const QUALITY_PROFILES: Readonly<Record<SimQuality, QualityProfile>> = {
  good: { mos: { min: 4.2, max: 4.4 }, jitterMs: { min: 3, max: 15 }, lossPct: { min: 0, max: 0.5 } },
  poor: { mos: { min: 2.2, max: 2.8 }, jitterMs: { min: 80, max: 120 }, lossPct: { min: 6, max: 12 } },
};

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

export function sampleQuality(random: Random, quality: SimQuality): PhoneMetrics {
  const p = QUALITY_PROFILES[quality];
  return {
    mos: round(random.between(p.mos.min, p.mos.max), 2),
    jitterMs: round(random.between(p.jitterMs.min, p.jitterMs.max), 1),
    lossPct: round(random.between(p.lossPct.min, p.lossPct.max), 2),
  };
}
