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
import type { RelayMatrix } from "./matrix.ts";

/** Data of one relay problem: M (k×k, see {@link RelayMatrix}), q and the units' laws. */
export interface RelayProblem {
  k: number;
  M: RelayMatrix;
  q: Float64Array;
  laws: LawSet;
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
  if (p.M.k !== p.k) throw new InputError(`invalid argument: relay matrix \`M\` must be ${p.k}×${p.k}, got ${p.M.k}×${p.M.k}`);
  if (p.q.length !== p.k) throw new InputError(`invalid argument: relay vector \`q\` must have length ${p.k}, got ${p.q.length}`);
  if (p.laws.k !== p.k) throw new InputError(`invalid argument: relay laws must describe ${p.k} units, got ${p.laws.k}`);
}

/** w = q − M s. */
export function relayW(p: RelayProblem, s: Float64Array, w: Float64Array): Float64Array {
  p.M.multiply(s, w);
  for (let i = 0; i < p.k; i++) w[i] = p.q[i] - w[i];
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
