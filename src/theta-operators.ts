/**
 * The linear algebra of one θ-method step (Moreau–Jean / Siconos `EulerMoreauOSI`) on
 * dx/dt ∈ −Bx + u(t) + g(t, x) + G s, s ∈ Law(Cx − d), with the activations fully implicit:
 *
 *     W x⁺ = (I − h(1−θ)B) x + h[(1−θ)u(t) + θu(t+h)] + h g(t, x) + h G s⁺,   W = I + hθB,
 *     y⁺ = C x⁺ − d = q − M s⁺,   q = C x_free − d,   x_free = W⁻¹(…),   M = −h C W⁻¹ G,
 *     s⁺ ∈ Law(y⁺)                                        (a relay problem in s⁺).
 *
 * W is factorised once per step size; W⁻¹G (n×k) and M (k×k) are formed densely, which limits this
 * scheme to networks where those fit in memory (matrix-free gradient networks such as image
 * restoration use the `primal-dual` solver instead).
 */
import { InputError } from "./errors.ts";
import { luFactor, luSolve } from "./linalg/dense.ts";
import type { Inclusion } from "./model/inclusion.ts";
import { IdentityOperator, toDense } from "./model/operator.ts";

/** Largest number of entries of W⁻¹G or M that the dense θ-method forms. */
export const DENSE_ENTRY_LIMIT = 4e7;

/** Step-size dependent operators of the θ-method. */
export interface ThetaOperators {
  h: number;
  theta: number;
  /** LU factors of W = I + hθB (null when B is absent: W = I). */
  luW: Float64Array | null;
  piv: Int32Array;
  /** W⁻¹G, n×k row-major. */
  WinvG: Float64Array;
  /** M = −h C W⁻¹ G, k×k row-major. */
  M: Float64Array;
  /** When W = w·I (B a multiple of the identity): w, and `luW` is null; otherwise 1. */
  diagW: number;
}

/**
 * Forms the θ-method operators for step h.
 * @throws InputError when W is singular or the dense operators would be too large.
 */
export function buildThetaOperators(inc: Inclusion, h: number, theta: number): ThetaOperators {
  const { n, k } = inc;
  if (n * k > DENSE_ENTRY_LIMIT || k * k > DENSE_ENTRY_LIMIT) {
    throw new InputError(`invalid argument: the implicit θ-method forms dense W⁻¹G (${n}×${k}) and M (${k}×${k}), more than ${DENSE_ENTRY_LIMIT} entries; use the primal-dual solver for large gradient networks`);
  }
  let luW: Float64Array | null = null;
  const piv = new Int32Array(n);
  if (inc.B instanceof IdentityOperator) {
    // W = (1 + hθβ) I: no factorisation, W⁻¹G = G / (1 + hθβ)
    const w = 1 + h * theta * inc.B.scale;
    if (!(w !== 0)) throw new InputError(`invalid argument: W = I + hθB is singular for h = ${h}, θ = ${theta}; choose another step`);
    return finish(inc, h, theta, null, piv, Float64Array.from(toDense(inc.G), (v) => v / w), w);
  }
  if (inc.B && theta > 0) {
    luW = Float64Array.from(toDense(inc.B), (v) => h * theta * v);
    for (let i = 0; i < n; i++) luW[i * n + i] += 1;
    if (!luFactor(n, luW, piv)) throw new InputError(`invalid argument: W = I + hθB is singular for h = ${h}, θ = ${theta}; choose another step`);
  }
  const WinvG = Float64Array.from(toDense(inc.G));
  if (luW) {
    const col = new Float64Array(n);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) col[i] = WinvG[i * k + j];
      luSolve(n, luW, piv, col);
      for (let i = 0; i < n; i++) WinvG[i * k + j] = col[i];
    }
  }
  return finish(inc, h, theta, luW, piv, WinvG, 1);
}

/** Forms M = −h C W⁻¹G and assembles the operators; `diagW` is W's scalar when W = w·I (else 1, unused). */
function finish(inc: Inclusion, h: number, theta: number, luW: Float64Array | null, piv: Int32Array, WinvG: Float64Array, diagW: number): ThetaOperators {
  const { n, k } = inc;
  const M = new Float64Array(k * k);
  const col = new Float64Array(n);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) col[i] = WinvG[i * k + j];
    inc.C.apply(col, out);
    for (let i = 0; i < k; i++) M[i * k + j] = -h * out[i];
  }
  return { h, theta, luW, piv, WinvG, M, diagW };
}

/** Solves W v = rhs in place. */
export function applyWinv(ops: ThetaOperators, n: number, rhs: Float64Array): Float64Array {
  if (ops.luW) return luSolve(n, ops.luW, ops.piv, rhs);
  if (ops.diagW !== 1) for (let i = 0; i < n; i++) rhs[i] /= ops.diagW;
  return rhs;
}
