/**
 * The staircase (quantizer) activation of Findlay's networks: a K-level quantization of tanh built
 * as a `staircase` law, with the surrogate derivatives used to train through it.
 */
import { InputError } from "../../src/errors.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";

/** Where the K levels sit: `uniform` (equally spaced in [−1, 1]) or `pow2` (0, ±2⁻ʲ, …, ±½, ±1). */
export type LevelScheme = "uniform" | "pow2";

/** How back-propagation replaces the derivative of the staircase (which is 0 almost everywhere). */
export type Surrogate = "envelope" | "straight-through";

/**
 * The K output levels of a staircase in [−1, 1].
 *
 * - `uniform`: vⱼ = −1 + 2j/(K − 1), j = 0..K−1 (the quantization error of tanh is at most 1/(K − 1));
 * - `pow2`: ±2⁻ʲ, j = 0..⌊K/2⌋ − 1, plus 0 when K is odd, so that multiplying by an activation is a
 *   shift (K = 2: {−1, 1}; K = 5: {−1, −½, 0, ½, 1}).
 *
 * @param levels - K ≥ 2.
 * @param scheme - level placement (default `uniform`).
 * @throws InputError when K is not an integer ≥ 2, or `pow2` asks for more than 2100 levels.
 * @example staircaseLevels(5) // [−1, −0.5, 0, 0.5, 1]
 */
export function staircaseLevels(levels: number, scheme: LevelScheme = "uniform"): number[] {
  if (!Number.isInteger(levels) || levels < 2) throw new InputError(`invalid argument: \`levels\` must be an integer ≥ 2, got ${levels}`);
  if (scheme === "uniform") return Array.from({ length: levels }, (_, j) => -1 + (2 * j) / (levels - 1));
  if (scheme !== "pow2") throw new InputError(`invalid argument: \`scheme\` must be "uniform" or "pow2", got ${JSON.stringify(scheme)}`);
  const m = Math.floor(levels / 2);
  if (m > 1050) throw new InputError(`invalid argument: \`levels\` must be ≤ 2100 for the pow2 scheme, got ${levels}`);
  const pos = Array.from({ length: m }, (_, j) => 2 ** -(m - 1 - j)); // 2^-(m-1) … 1
  return [...pos.map((p) => -p).reverse(), ...(levels % 2 === 1 ? [0] : []), ...pos];
}

/** A staircase activation: its law, its lowest level and the threshold/level tables. */
export interface StaircaseActivation {
  /** The staircase law (values from 0 up; the activation is `offset + law`). */
  readonly laws: LawSet;
  /** The lowest level v₀ (the law itself starts at 0, see `lawFromSpec`). */
  readonly offset: number;
  /** The K levels. */
  readonly levels: Float64Array;
  /** The K − 1 thresholds tⱼ = atanh((v_{j−1} + vⱼ)/2). */
  readonly thresholds: Float64Array;
}

/**
 * Builds the staircase that quantizes the smooth envelope tanh to K levels: Q(a) is the level nearest
 * to tanh(a), i.e. Q jumps from v_{j−1} to vⱼ at tⱼ = atanh((v_{j−1} + vⱼ)/2). Q is a `staircase` law
 * (Findlay 1989) shifted by v₀; at a jump the set-valued law is the hull [v_{j−1}, vⱼ] and the network
 * uses its midpoint (the law's `select`).
 *
 * Findlay, D. A. (1989), Training networks with discontinuous activation functions, First IEE
 * International Conference on Artificial Neural Networks, 361–363.
 *
 * @param levels - K ≥ 2.
 * @param scheme - level placement (default `uniform`).
 * @throws InputError as {@link staircaseLevels}.
 * @example quantizedTanh(3).thresholds // [−0.549…, 0.549…] = ±atanh(½)
 */
export function quantizedTanh(levels: number, scheme: LevelScheme = "uniform"): StaircaseActivation {
  const v = staircaseLevels(levels, scheme);
  const thresholds: number[] = [];
  const heights: number[] = [];
  for (let j = 1; j < v.length; j++) {
    thresholds.push(Math.atanh((v[j - 1] + v[j]) / 2));
    heights.push(v[j] - v[j - 1]);
  }
  const law = lawFromSpec({ type: "staircase", thresholds, heights }, "staircase");
  return { laws: LawSet.uniform(law, 1), offset: v[0], levels: Float64Array.from(v), thresholds: Float64Array.from(thresholds) };
}

/** Q(a): the staircase activation at a (midpoint of the jump at a threshold). */
export function staircaseValue(act: StaircaseActivation, a: number): number {
  return act.offset + act.laws.select(0, a);
}

/**
 * The surrogate derivative of the staircase used in the backward pass.
 *
 * - `envelope`: d/da tanh(a) = 1 − tanh²(a), the derivative of the smooth envelope the staircase
 *   quantizes (Findlay 1989);
 * - `straight-through`: 1 for |a| ≤ 1, else 0 — the straight-through estimator of the hard-tanh
 *   (Bengio, Léonard & Courville 2013, Estimating or propagating gradients through stochastic neurons
 *   for conditional computation, arXiv:1308.3432).
 *
 * @param surrogate - which surrogate.
 * @param a - the pre-activation.
 */
export function surrogateDerivative(surrogate: Surrogate, a: number): number {
  if (surrogate === "envelope") {
    const t = Math.tanh(a);
    return 1 - t * t;
  }
  return Math.abs(a) <= 1 ? 1 : 0;
}
