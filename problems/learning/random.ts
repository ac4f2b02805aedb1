/**
 * Seeded pseudo-random numbers for the learning experiments: mulberry32 (uniform) and Box–Muller
 * (standard normal). Every generated data set and every weight initialisation draws from one of
 * these, so a run is reproduced exactly by its seed.
 */
import { InputError } from "../../src/errors.ts";

/** A seeded random source: uniform numbers in [0, 1) and standard normal numbers. */
export interface Rng {
  /** Uniform on [0, 1) with 2⁻³² resolution. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Creates a seeded generator: mulberry32 for the uniforms, Box–Muller for the normals.
 *
 * mulberry32 (T. Ettinger, 2017) advances a 32-bit state by the Weyl increment 0x6D2B79F5 and
 * returns a mixed 32-bit word / 2³². Box–Muller (Box & Muller 1958) turns two uniforms u₁, u₂ into
 * two independent normals √(−2 ln u₁)·cos(2πu₂), √(−2 ln u₁)·sin(2πu₂); the second is cached.
 *
 * @param seed - any integer; it is reduced modulo 2³².
 * @throws InputError when `seed` is not a finite integer.
 * @example const r = createRng(1); r.uniform() // 0.6270739405881613
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new InputError(`invalid argument: \`seed\` must be an integer, got ${seed}`);
  let a = seed >>> 0;
  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u1 = uniform();
    while (u1 === 0) u1 = uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  };
  const int = (n: number): number => Math.floor(uniform() * n);
  return { uniform, normal, int };
}

/**
 * Shuffles `idx` in place (Fisher–Yates) with `rng`, and returns it.
 * @param idx - the array to permute.
 * @param rng - the random source.
 */
export function shuffleInPlace(idx: Int32Array, rng: Rng): Int32Array {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}
