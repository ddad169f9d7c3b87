import { describe, expect, it } from 'vitest';
import { mosForLoss, QualityWindow } from '../../bridge/quality-window.js';

/** A 50 packet/s stream: the counters after `seconds` more with `lossPct` of it lost. */
function stream() {
  let packets = 0;
  let lost = 0;
  let at = 0;
  return {
    run(seconds: number, lossPct: number, jitterPeakMs?: number) {
      const sent = seconds * 50;
      const gone = Math.round((sent * lossPct) / 100);
      packets += sent - gone;
      lost += gone;
      at += seconds * 1000;
      return { at, counters: { packets, lost, ...(jitterPeakMs === undefined ? {} : { jitterPeakMs }) } };
    },
  };
}

describe('QualityWindow: quality over the last seconds, not since the call began', () => {
  it('the first sample is the baseline: nothing is judged from it', () => {
    const w = new QualityWindow(15_000);
    expect(w.add(0, { packets: 500, lost: 120 })).toBeNull();
  });

  it('gaps in the set-up (prompt, PIN) before the baseline never count: perfect audio reads 0 %', () => {
    // Seen on the real servers: cumulative figures of 11.6, 7.4, 5.4, 4.3 % while the audio was perfect.
    const w = new QualityWindow(15_000);
    w.add(0, { packets: 300, lost: 40 });
    const s = { packets: 300, lost: 40 };
    const seen = [5_000, 10_000, 15_000, 20_000].map((at) => {
      s.packets += 250;
      return w.add(at, { ...s })?.lossPct;
    });
    expect(seen).toEqual([0, 0, 0, 0]);
  });

  it('a break-up after 30 clean minutes is seen within one sample, where the totals show almost nothing', () => {
    const w = new QualityWindow(15_000);
    const s = stream();
    const first = s.run(0, 0);
    w.add(first.at, first.counters);
    let last = first;
    for (let i = 0; i < 360; i++) {
      last = s.run(5, 0);
      w.add(last.at, last.counters);
    }
    const broken = s.run(5, 20);
    const metrics = w.add(broken.at, broken.counters);
    // Over the 15 s window: 250 × 20 % of 750 sent = 6.67 %; since the call began: 0.06 %.
    expect(metrics?.lossPct).toBeCloseTo(6.67, 1);
    expect(metrics?.windowMs).toBe(15_000);
    const total = (broken.counters.lost / (broken.counters.packets + broken.counters.lost)) * 100;
    expect(total).toBeLessThan(0.1);
    expect(last.at).toBe(1_800_000);
  });

  it('the window slides: a bad stretch is forgotten once it is older than the window', () => {
    const w = new QualityWindow(10_000);
    const s = stream();
    const start = s.run(0, 0);
    w.add(start.at, start.counters);
    const bad = s.run(5, 10);
    expect(w.add(bad.at, bad.counters)?.lossPct).toBe(10);
    const clean1 = s.run(5, 0);
    expect(w.add(clean1.at, clean1.counters)?.lossPct).toBe(5);
    const clean2 = s.run(5, 0);
    expect(w.add(clean2.at, clean2.counters)).toMatchObject({ lossPct: 0, windowMs: 10_000 });
  });

  it('counters that go backwards (a re-INVITE, a new RTP session) start a new baseline', () => {
    const w = new QualityWindow(15_000);
    w.add(0, { packets: 1000, lost: 0 });
    expect(w.add(5_000, { packets: 1250, lost: 0 })?.lossPct).toBe(0);
    expect(w.add(10_000, { packets: 100, lost: 30 })).toBeNull();
    expect(w.add(15_000, { packets: 350, lost: 30 })).toMatchObject({ lossPct: 0, windowMs: 5_000 });
  });

  it('a stretch without media gives nothing to judge (the media time-out does that)', () => {
    const w = new QualityWindow(15_000);
    w.add(0, { packets: 1000, lost: 0 });
    expect(w.add(5_000, { packets: 1000, lost: 0 })).toBeNull();
  });

  it('jitter is reported only when a new peak was reached inside the window', () => {
    const w = new QualityWindow(10_000);
    w.add(0, { packets: 0, lost: 0, jitterPeakMs: 12 });
    expect(w.add(5_000, { packets: 250, lost: 0, jitterPeakMs: 95 })?.jitterMs).toBe(95);
    expect(w.add(10_000, { packets: 500, lost: 0, jitterPeakMs: 95 })?.jitterMs).toBe(95);
    expect(w.add(15_000, { packets: 750, lost: 0, jitterPeakMs: 95 })?.jitterMs).toBeUndefined();
  });

  it('MOS follows the window loss (G.107 E-model, G.711 with PLC)', () => {
    expect(mosForLoss(0)).toBeCloseTo(4.41, 2);
    expect(mosForLoss(2)).toBeGreaterThan(4);
    expect(mosForLoss(10)).toBeLessThan(3.6);
    expect(mosForLoss(100)).toBeGreaterThanOrEqual(1);
    const w = new QualityWindow(15_000);
    w.add(0, { packets: 0, lost: 0 });
    expect(w.add(5_000, { packets: 225, lost: 25 })?.mos).toBeCloseTo(mosForLoss(10), 2);
  });
});
