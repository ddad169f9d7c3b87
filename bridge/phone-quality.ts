/** Classifies RTP figures into an up/degraded phone link. Thresholds come from configuration. */
import type { PhoneMetrics } from './model.js';

export interface QualityThresholds {
  minMos: number;
  maxJitterMs: number;
  maxLossPct: number;
}

/** How a phone link's quality is judged: the limits, over the last `windowMs` of the call. */
export interface PhoneQualitySettings extends QualityThresholds {
  windowMs: number;
}

export interface QualityVerdict {
  state: 'up' | 'degraded';
  reason: string;
}

export function classifyPhoneQuality(metrics: PhoneMetrics, limits: QualityThresholds): QualityVerdict {
  const faults: string[] = [];
  if (metrics.mos !== undefined && metrics.mos < limits.minMos) faults.push(`MOS ${metrics.mos.toFixed(2)}`);
  if (metrics.jitterMs !== undefined && metrics.jitterMs > limits.maxJitterMs)
    faults.push(`jitter ${Math.round(metrics.jitterMs)} ms`);
  if (metrics.lossPct !== undefined && metrics.lossPct > limits.maxLossPct)
    faults.push(`loss ${metrics.lossPct.toFixed(1)} %`);
  return faults.length === 0
    ? { state: 'up', reason: 'call-quality-ok' }
    : { state: 'degraded', reason: `poor-quality: ${faults.join(', ')}` };
}
