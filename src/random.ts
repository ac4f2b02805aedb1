/**
 * The package's seeded pseudo-random generator (reproducible degradations, data sets, random
 * problems, initial points): mulberry32 (T. Ettinger 2017; 32-bit state, period 2³²) for uniforms
 * and the Box–Muller transform (Box & Muller 1958) for standard normals. The same seed gives
 * the same numbers on every platform (only 32-bit integer arithmetic and IEEE doubles are used).
 */

/** A seeded generator of uniform [0, 1) and standard normal numbers. */
export class Random {
  private state: number;
  private spare = NaN;

  /** @param seed - any integer (taken modulo 2³²). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform number in [0, 1) (mulberry32). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal number (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
