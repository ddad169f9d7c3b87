/**
 * Phone-link quality judged on what the last seconds carried (DESIGN §5). The media server's
 * RTP counters are totals since the RTP session began: a ratio of totals keeps an early glitch
 * (the set-up's prompt and PIN) for minutes and hides a late break-up after a long clean call.
 * So each call keeps a short sliding window of samples and its metrics are the change of the
 * counters across the window: loss from the packets and gaps counted in it, a MOS estimated from
 * that loss (ITU-T G.107 E-model for G.711 with packet-loss concealment), and jitter only when a
 * new peak was reached inside the window (the media server reports only the largest jitter seen).
 *
 * The first sample of a call, taken when it joins the conference, is the baseline: nothing from
 * before it is judged. Counters that go backwards (a re-INVITE gave the call a new RTP session)
 * start a new baseline.
 */
import type { PhoneMetrics, RtpCounters } from './model.js';

interface Sample {
  at: number;
  counters: RtpCounters;
}

export class QualityWindow {
  readonly #windowMs: number;
  #samples: Sample[] = [];

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Adds a sample taken at `at`; the window's metrics, or null while there is nothing to judge. */
  add(at: number, counters: RtpCounters): PhoneMetrics | null {
    const last = this.#samples.at(-1);
    if (last && (counters.packets < last.counters.packets || counters.lost < last.counters.lost)) {
      this.#samples = [];
    }
    this.#samples.push({ at, counters });
    // Keep one sample at or before the window's start as its base.
    while (this.#samples.length > 2 && (this.#samples[1]?.at ?? at) <= at - this.#windowMs) {
      this.#samples.shift();
    }
    const base = this.#samples[0];
    if (!base || this.#samples.length < 2) return null;
    return windowMetrics(base, { at, counters });
  }
}

function windowMetrics(base: Sample, now: Sample): PhoneMetrics | null {
  const received = now.counters.packets - base.counters.packets;
  const lost = now.counters.lost - base.counters.lost;
  if (received + lost <= 0) return null; // no media in the window: the media time-out judges that
  const lossPct = (lost / (received + lost)) * 100;
  const metrics: PhoneMetrics = {
    mos: round(mosForLoss(lossPct), 2),
    lossPct: round(lossPct, 2),
    windowMs: now.at - base.at,
  };
  const peak = now.counters.jitterPeakMs;
  const before = base.counters.jitterPeakMs ?? 0;
  if (peak !== undefined && peak > before) metrics.jitterMs = round(peak, 1);
  return metrics;
}

/**
 * E-model (ITU-T G.107) for G.711 with PLC under random loss: Ie = 0, Bpl = 25.1, and the default
 * R = 93.2 otherwise; R → MOS by G.107 Annex B.
 */
export function mosForLoss(lossPct: number): number {
  const ieEff = (95 * lossPct) / (lossPct + 25.1);
  const r = 93.2 - ieEff;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
