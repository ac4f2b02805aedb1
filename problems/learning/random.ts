/**
 * Seeded pseudo-random numbers for the learning experiments: mulberry32 (uniform) and Box–Muller
 * (standard normal). Every generated data set and every weight initialisation draws from one of
 * these, so a run is reproduced exactly by its seed.
 */
import { InputError } from "../../src/errors.ts";
import { Random } from "../../src/random.ts";

/** A seeded random source: uniform numbers in [0, 1), standard normal numbers, integers in [0, n). */
export type Rng = Pick<Random, "uniform" | "normal" | "int">;

/**
 * Creates a seeded generator (the package's {@link Random}: mulberry32 for the uniforms, Box–Muller
 * for the normals, the second normal of each pair cached).
 *
 * @param seed - any integer; it is reduced modulo 2³².
 * @throws InputError when `seed` is not a finite integer.
 * @example const r = createRng(1); r.uniform() // 0.6270739405881613
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new InputError(`invalid argument: \`seed\` must be an integer, got ${seed}`);
  return new Random(seed);
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
