/**
 * The relay problem: the one sub-problem every Filippov integrator here solves.
 *
 *     w = M z + q,    z ∈ −Law(w)        (Siconos `Relay` / `RelayNSL` form)
 *
 * Written with the activation values s = −z ∈ Law(w) — the Filippov selection — it reads
 * w = q − M s, s ∈ Law(w). For implicit Euler on dx/dt ∈ −sgn(x), M = h > 0. A unique solution for
 * every q requires M to be a P-matrix (for box laws; Acary & Brogliato, *Numerical Methods for
 * Nonsmooth Dynamical Systems*, 2008); for symmetric positive semidefinite M, w (and the velocity) is
 * unique though s may not be.
 */
import { InputError } from "../errors.ts";
import { luFactor } from "../linalg/dense.ts";
import type { LawSet } from "../model/law.ts";

/** Data of one relay problem. `M` is k×k, row-major. */
export interface RelayProblem {
  k: number;
  M: Float64Array;
  q: Float64Array;
  laws: LawSet;
  /**
   * Optional structured access to the same M for coordinate methods (projected Gauss–Seidel);
   * it must describe exactly the current `M` (the owner keeps the two in step). Dense rows are
   * used when absent.
   */
  coord?: RelayCoordinateOps;
}

/**
 * Maintained products of a structured M for Gauss–Seidel sweeps. A sweep needs the row products
 * (M s)_i while single coordinates of s change; when M has a cheap factored form, e.g.
 *
 *     M = a (FᵀF − GᵀG),   F (p×k) sparse, G (m×k),
 *
 * the owner keeps f = F s and g = G s and returns (M s)_i = a (F_iᵀ f − G_iᵀ g) (F_i, G_i the
 * columns of F, G) in O(nnz(F_i) + m) work, and the update s_i += δ costs the same
 * (f += δ F_i, g += δ G_i), instead of the O(k) of a dense row. Implementations allocate nothing
 * in these calls.
 */
export interface RelayCoordinateOps {
  /** Starts a sweep sequence from `s` (recomputes the maintained products from scratch). */
  begin(s: Float64Array): void;
  /** (M s)_i for the s of the last `begin` with all `update`s applied. */
  rowDot(i: number): number;
  /** Records the change s_i ← s_i + delta. */
  update(i: number, delta: number): void;
}

/** Outcome of a relay solve; the solution itself is written into the caller's `s` and `w`. */
export interface RelayOutcome {
  ok: boolean;
  method: "newton" | "enumeration" | "pgs";
  iterations: number;
  /** Natural residual max_i |s_i − J_i(s, w)| (0 exactly at a solution). */
  residual: number;
  message: string;
  /** Why a solve failed: a singular active block (M_II), cycling active sets, or a residual too large. */
  failure?: "singular" | "cycling" | "residual";
}

/** Checks the sizes of a relay problem. @throws InputError naming the wrong field. */
export function validateRelayProblem(p: RelayProblem): void {
  if (p.M.length !== p.k * p.k) throw new InputError(`invalid argument: relay matrix \`M\` must have ${p.k}×${p.k} entries, got ${p.M.length}`);
  if (p.q.length !== p.k) throw new InputError(`invalid argument: relay vector \`q\` must have length ${p.k}, got ${p.q.length}`);
  if (p.laws.k !== p.k) throw new InputError(`invalid argument: relay laws must describe ${p.k} units, got ${p.laws.k}`);
}

/** w = q − M s. */
export function relayW(p: RelayProblem, s: Float64Array, w: Float64Array): Float64Array {
  const { k, M, q } = p;
  for (let i = 0; i < k; i++) {
    let acc = q[i];
    const row = i * k;
    for (let j = 0; j < k; j++) acc -= M[row + j] * s[j];
    w[i] = acc;
  }
  return w;
}

/**
 * Natural residual of a candidate s, computed from scratch (independent of any solver's bookkeeping):
 * r = max_i |s_i − Ĵ_i|, Ĵ_i the unique t with t ∈ Law_i(w_i + s_i − t), w = q − M s.
 * It is zero iff s_i ∈ Law_i(w_i) for every i. `w` receives q − M s.
 */
export function relayResidual(p: RelayProblem, s: Float64Array, w: Float64Array): number {
  relayW(p, s, w);
  let r = 0;
  for (let i = 0; i < p.k; i++) {
    const d = Math.abs(s[i] - p.laws.solveScalar(i, w[i] + s[i], 1));
    if (!(d <= r)) r = d;
  }
  return r;
}

/**
 * Whether M (k×k) is a P-matrix (every principal minor positive), by LU of all 2^k − 1 principal
 * submatrices. Exponential: for diagnostics of small problems (k ≤ 16).
 * @returns the rows of a non-positive principal minor, or null when M is a P-matrix.
 */
export function nonPositiveMinor(k: number, M: Float64Array): number[] | null {
  if (k > 16) throw new InputError(`invalid argument: P-matrix test is exponential, limited to k ≤ 16, got k = ${k}`);
  const sub = new Float64Array(k * k);
  const piv = new Int32Array(k);
  const idx: number[] = [];
  for (let mask = 1; mask < 1 << k; mask++) {
    idx.length = 0;
    for (let i = 0; i < k; i++) if (mask & (1 << i)) idx.push(i);
    const m = idx.length;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = M[idx[a] * k + idx[b]];
    if (!luFactor(m, sub, piv)) return idx.slice();
    let det = 1;
    for (let a = 0; a < m; a++) det *= sub[a * m + a] * (piv[a] !== a ? -1 : 1);
    if (!(det > 0)) return idx.slice();
  }
  return null;
}
