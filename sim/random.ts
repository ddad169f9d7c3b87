/**
 * A small seeded PRNG so a simulation run is reproducible from `simulation.seed`.
 * mulberry32: 32-bit state, good enough spread for answer delays and RTP figures, and tiny.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform real in [min, max]. */
  between(min: number, max: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => {
      const lo = Math.ceil(Math.min(min, max));
      const hi = Math.floor(Math.max(min, max));
      return lo + Math.floor(next() * (hi - lo + 1));
    },
  };
}

/**
 * A seed for one named stream (`phone:alpha`, `radio:gw1`). Separate streams keep one
 * participant's answer delays independent of the order in which the core calls others out,
 * which would otherwise vary with scheduling and break reproducibility. FNV-1a over the label.
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
