import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from '../../sim/random.js';

const take = (seed: number, n: number) => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(take(42, 20)).toEqual(take(42, 20));
  });

  it('gives a different sequence for a different seed', () => {
    expect(take(42, 5)).not.toEqual(take(43, 5));
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const values = take(1, 2000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(900);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(1100);
  });

  it('int() covers both bounds and nothing outside', () => {
    const r = createRandom(3);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('between() stays within its bounds', () => {
    const r = createRandom(9);
    const values = Array.from({ length: 500 }, () => r.between(80, 120));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...values)).toBeLessThanOrEqual(120);
  });
});

describe('deriveSeed', () => {
  it('is stable and separates labels and seeds', () => {
    expect(deriveSeed(1, 'phone:alpha')).toBe(deriveSeed(1, 'phone:alpha'));
    expect(deriveSeed(1, 'phone:alpha')).not.toBe(deriveSeed(1, 'phone:bravo'));
    expect(deriveSeed(1, 'phone:alpha')).not.toBe(deriveSeed(2, 'phone:alpha'));
  });
});
