/**
 * The Liu–Wang one-layer network for LP and convex QP, as an {@link Inclusion}:
 *
 *     ε dx/dt ∈ −P x + q − (I − P)(∇f(x) + σ ∂Φ(x)),
 *     P = Aᵀ(AAᵀ)⁻¹A,  q = Aᵀ(AAᵀ)⁻¹b,  f(x) = ½xᵀQx + cᵀx  (Q = 0 for an LP),
 *     Φ(x) = Σ_j [max(0, l_j − x_j) + max(0, x_j − u_j)] + Σ_i max(0, a_iᵀx − b_i)   (exact L1 penalty).
 *
 * ∂Φ = Cᵀ Law(Cx − d): one activation unit per finite bound pair (hard limiter with dead zone
 * [l_j, u_j]; a one-sided bound is a step law, a fixed variable a sign law) and one step unit per
 * inequality row. In the package's model dx/dt ∈ −Bx + u + G s, s ∈ Law(Cx − d):
 *
 *     B = (P + (I − P)Q)/ε,   u = (q − (I − P)c)/ε,   G = −(σ/ε)(I − P)Cᵀ.
 *
 * P is never formed: the rows of A are orthonormalised once by modified Gram–Schmidt with
 * re-orthogonalisation (A = R U with U Uᵀ = I, i.e. AAᵀ = RRᵀ is factored once), which also drops
 * redundant rows and detects inconsistent ones; then P x = Uᵀ(U x) and q = Uᵀ R⁻¹ b.
 *
 * Models: Q. Liu & J. Wang, "A one-layer recurrent neural network with a discontinuous activation
 * function for linear programming", Neural Computation 20(5), 2008 (LP), and "A one-layer recurrent
 * neural network with a discontinuous hard-limiting activation function for quadratic programming",
 * IEEE Trans. Neural Networks 19(4), 2008 (QP). The full texts were not available: the structure
 * above is reconstructed from the abstracts and the exact-penalty theory (Bertsekas, "Necessary and
 * sufficient conditions for a penalty method to be exact", Math. Programming 9, 1975; Rockafellar,
 * Convex Analysis, §27), and the gain bound from the finite-time argument of Forti, Nistri &
 * Quincampoix, IEEE TCAS-I 51(9), 2004.
 */
import { InputError } from "../../src/errors.ts";
import { createInclusion, type Inclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec, type Law } from "../../src/model/law.ts";
import { CsrOperator, MatrixFreeOperator } from "../../src/model/operator.ts";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";

/** Options of {@link buildLiuWangNetwork}. */
export interface LiuWangOptions {
  /** Gain σ (default: `sigmaMargin` × the lower bound of {@link sigmaBound}). */
  sigma?: number;
  /** Time constant ε > 0 (default 1); only rescales time. */
  epsilon?: number;
  /** Margin over the lower bound for the default σ (default 1.5). */
  sigmaMargin?: number;
}

/** What activation unit i penalises. */
export interface UnitInfo {
  kind: "bound" | "inequality";
  /** Variable index (bound) or row of Aineq (inequality). */
  index: number;
}

/** The gain bound σ > L/β (see {@link sigmaBound}). */
export interface SigmaBound {
  /** L ≥ sup ‖(I − P)∇f(x)‖ over the region considered (null when unbounded). */
  L: number | null;
  /** β = min ‖(I − P)γ‖ over γ ∈ ∂Φ(x), x on {Ax = b} with Φ(x) > 0 (or its estimate). */
  beta: number | null;
  /** L/β, or null when either is unavailable. */
  value: number | null;
  /** "exact": β computed over every activation pattern realisable on {Ax = b}; "estimate": see {@link sigmaBound}; "none": no bound (no penalised constraint or L unbounded). */
  kind: "exact" | "estimate" | "none";
  /** One line saying how L and β were obtained. */
  method: string;
}

/** The built network (see the module comment). */
export interface LiuWangNetwork {
  problem: OptimizationProblem;
  model: "liu-wang-lp" | "liu-wang-qp";
  n: number;
  /** Number of independent equality rows kept. */
  m: number;
  /** Number of activation units. */
  k: number;
  /** Orthonormal rows spanning row(A): m×n row-major. */
  U: Float64Array;
  /** U x = bt ⇔ A x = b (for consistent systems). */
  bt: Float64Array;
  /** Minimum-norm solution of A x = b: q = Uᵀ bt. */
  q: Float64Array;
  /** Largest residual of the equality rows at q (> 0 when the equalities are inconsistent). */
  equalityInconsistency: number;
  /** Unit rows C (k×n), offsets d and laws. */
  C: CsrOperator;
  d: Float64Array;
  laws: LawSet;
  units: UnitInfo[];
  /** (I − P)c. */
  Nc: Float64Array;
  sigma: number;
  epsilon: number;
  bound: SigmaBound;
  /** Lower bound of σ, = bound.value (null when unavailable). */
  sigmaLowerBound: number | null;
  /** The network as an inclusion dx/dt ∈ −Bx + u + G s, s ∈ Law(Cx − d), for the given σ and ε. */
  inclusion: Inclusion;
}

/** out = P x = Uᵀ(U x); `tmp` has length ≥ m. */
export function applyP(net: Pick<LiuWangNetwork, "U" | "m" | "n">, x: Float64Array, out: Float64Array, tmp: Float64Array): Float64Array {
  const { U, m, n } = net;
  out.fill(0, 0, n);
  for (let r = 0; r < m; r++) {
    let s = 0;
    const row = r * n;
    for (let j = 0; j < n; j++) s += U[row + j] * x[j];
    tmp[r] = s;
    for (let j = 0; j < n; j++) out[j] += U[row + j] * s;
  }
  return out;
}

/** v ← (I − P) v in place; `tmp` has length ≥ m. */
export function projectNull(net: Pick<LiuWangNetwork, "U" | "m" | "n">, v: Float64Array, tmp: Float64Array): Float64Array {
  const { U, m, n } = net;
  for (let r = 0; r < m; r++) {
    let s = 0;
    const row = r * n;
    for (let j = 0; j < n; j++) s += U[row + j] * v[j];
    tmp[r] = s;
  }
  for (let r = 0; r < m; r++) {
    const s = tmp[r];
    if (s === 0) continue;
    const row = r * n;
    for (let j = 0; j < n; j++) v[j] -= U[row + j] * s;
  }
  return v;
}

/**
 * Orthonormalises the rows of [A | b] (modified Gram–Schmidt, twice), dropping rows whose remainder
 * is below 1e-10 of their norm. @returns U (m×n), bt, the kept row count and the largest remainder of
 * b on dropped rows (the inconsistency).
 */
export function orthonormalizeEqualities(A: CsrOperator, b: Float64Array): { U: Float64Array; bt: Float64Array; m: number; inconsistency: number } {
  const n = A.cols;
  const rows: Float64Array[] = [];
  const rhs: number[] = [];
  let inconsistency = 0;
  let bScale = 0;
  for (let i = 0; i < b.length; i++) bScale = Math.max(bScale, Math.abs(b[i]));
  const v = new Float64Array(n);
  for (let i = 0; i < A.rows; i++) {
    v.fill(0);
    let norm0 = 0;
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) v[A.colIdx[p]] += A.values[p];
    for (let j = 0; j < n; j++) norm0 += v[j] * v[j];
    norm0 = Math.sqrt(norm0);
    let bi = b[i];
    if (norm0 === 0) {
      inconsistency = Math.max(inconsistency, Math.abs(bi));
      continue;
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let r = 0; r < rows.length; r++) {
        const u = rows[r];
        let s = 0;
        for (let j = 0; j < n; j++) s += u[j] * v[j];
        if (s === 0) continue;
        for (let j = 0; j < n; j++) v[j] -= s * u[j];
        bi -= s * rhs[r];
      }
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += v[j] * v[j];
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * norm0) {
      inconsistency = Math.max(inconsistency, Math.abs(bi) / norm0);
      continue;
    }
    rows.push(Float64Array.from(v, (x) => x / norm));
    rhs.push(bi / norm);
  }
  const m = rows.length;
  const U = new Float64Array(m * n);
  rows.forEach((r, i) => U.set(r, i * n));
  return { U, bt: Float64Array.from(rhs), m, inconsistency: inconsistency / (1 + bScale) };
}

function unitLaws(p: OptimizationProblem): { C: CsrOperator; d: Float64Array; laws: Law[]; units: UnitInfo[] } {
  const entries: number[][] = [];
  const d: number[] = [];
  const laws: Law[] = [];
  const units: UnitInfo[] = [];
  for (let j = 0; j < p.n; j++) {
    const l = p.lb[j];
    const u = p.ub[j];
    const lf = Number.isFinite(l);
    const uf = Number.isFinite(u);
    if (!lf && !uf) continue;
    const i = laws.length;
    entries.push([i, j, 1]);
    units.push({ kind: "bound", index: j });
    if (lf && uf && l < u) {
      laws.push(lawFromSpec({ type: "hard-limiter", lower: l, upper: u }));
      d.push(0);
    } else if (lf && uf) {
      laws.push(lawFromSpec("sign")); // fixed variable (l = u; l > u is rejected before)
      d.push(l);
    } else if (lf) {
      laws.push(lawFromSpec({ type: "relay", lower: -1, upper: 0 })); // −1 below l, 0 above
      d.push(l);
    } else {
      laws.push(lawFromSpec("step"));
      d.push(u);
    }
  }
  const A = p.Aineq;
  for (let r = 0; r < A.rows; r++) {
    const i = laws.length;
    for (let q = A.rowPtr[r]; q < A.rowPtr[r + 1]; q++) entries.push([i, A.colIdx[q], A.values[q]]);
    laws.push(lawFromSpec("step"));
    d.push(p.bineq[r]);
    units.push({ kind: "inequality", index: r });
  }
  return { C: CsrOperator.fromTriplets(laws.length, p.n, entries, "C"), d: Float64Array.from(d), laws, units };
}

/**
 * Builds the Liu–Wang network of an LP/QP (see the module comment).
 *
 * @param problem - a validated problem (`validateOptimizationProblem`, `readProblemFile`).
 * @param options - σ, ε and the σ margin. Without σ, σ = margin × L/β ({@link sigmaBound}); when no
 * bound is available (L unbounded for a QP with unbounded variables), σ = margin × the estimate at q.
 * @throws InputError for a non-positive or non-finite σ, ε or margin, and for a variable with lb > ub.
 */
export function buildLiuWangNetwork(problem: OptimizationProblem, options: LiuWangOptions = {}): LiuWangNetwork {
  const epsilon = options.epsilon ?? 1;
  const margin = options.sigmaMargin ?? 1.5;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new InputError(`invalid argument: \`epsilon\` must be a positive number, got ${epsilon}`);
  if (!(margin >= 1 && Number.isFinite(margin))) throw new InputError(`invalid argument: \`sigmaMargin\` must be a number ≥ 1, got ${margin}`);
  if (options.sigma !== undefined && !(options.sigma > 0 && Number.isFinite(options.sigma))) {
    throw new InputError(`invalid argument: \`sigma\` must be a positive number, got ${options.sigma}`);
  }
  const { n } = problem;
  for (let j = 0; j < n; j++) {
    if (problem.lb[j] > problem.ub[j]) throw new InputError(`invalid problem: \`lb[${j}]\` = ${problem.lb[j]} exceeds \`ub[${j}]\` = ${problem.ub[j]}`, problem.name);
  }
  const eq = orthonormalizeEqualities(problem.Aeq, problem.beq);
  const { U, bt, m } = eq;
  const q = new Float64Array(n);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) q[j] += U[r * n + j] * bt[r];
  const { C, d, laws, units } = unitLaws(problem);
  const lawSet = new LawSet(laws);
  const tmp = new Float64Array(Math.max(m, 1));
  const base = { U, m, n };
  const Nc = projectNull(base, Float64Array.from(problem.c), tmp);
  const partial = { problem, n, m, U, bt, q, C, d, laws: lawSet, units, Nc };
  const bound = sigmaBound(partial);
  let sigma = options.sigma;
  if (sigma === undefined) {
    const est = bound.value ?? estimateAtQ(partial);
    sigma = est > 0 && Number.isFinite(est) ? margin * est : 1;
  }
  const net: LiuWangNetwork = {
    ...partial,
    model: problem.Q ? "liu-wang-qp" : "liu-wang-lp",
    k: lawSet.k,
    equalityInconsistency: eq.inconsistency,
    sigma,
    epsilon,
    bound,
    sigmaLowerBound: bound.value,
    inclusion: null as unknown as Inclusion,
  };
  net.inclusion = networkInclusion(net, sigma);
  return net;
}

/** The network's inclusion for gain σ (same ε), e.g. after raising σ. */
export function networkInclusion(net: LiuWangNetwork, sigma: number): Inclusion {
  const { n, k, epsilon, C, problem } = net;
  const Q = problem.Q;
  const tmpM = new Float64Array(Math.max(net.m, 1));
  const px = new Float64Array(n);
  const qx = new Float64Array(n);
  const gs = new Float64Array(n);
  const B = new MatrixFreeOperator(
    n,
    n,
    (x, out) => {
      applyP(net, x, px, tmpM);
      if (Q) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += Q[i * n + j] * x[j];
          qx[i] = s;
        }
        projectNull(net, qx, tmpM);
      } else qx.fill(0);
      for (let i = 0; i < n; i++) out[i] = (px[i] + qx[i]) / epsilon;
      return out;
    },
    (y, out) => {
      // Bᵀ = (P + Q N)/ε
      qx.set(y);
      projectNull(net, qx, tmpM);
      applyP(net, y, px, tmpM);
      for (let i = 0; i < n; i++) {
        let s = 0;
        if (Q) for (let j = 0; j < n; j++) s += Q[i * n + j] * qx[j];
        out[i] = (px[i] + s) / epsilon;
      }
      return out;
    },
  );
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (net.q[i] - net.Nc[i]) / epsilon;
  const G = new MatrixFreeOperator(
    n,
    k,
    (s, out) => {
      C.applyTranspose(s, out);
      projectNull(net, out, tmpM);
      for (let i = 0; i < n; i++) out[i] *= -sigma / epsilon;
      return out;
    },
    (v, out) => {
      gs.set(v);
      projectNull(net, gs, tmpM);
      C.apply(gs, out);
      for (let i = 0; i < k; i++) out[i] *= -sigma / epsilon;
      return out;
    },
  );
  return createInclusion({
    B,
    u,
    G,
    C,
    d: net.d,
    laws: net.laws,
    stateNames: problem.colNames ?? Array.from({ length: n }, (_, i) => `x${i + 1}`),
    unitNames: net.units.map((un) => (un.kind === "bound" ? `bound x${un.index + 1}` : `row ${un.index + 1}`)),
  });
}

type NetData = Pick<LiuWangNetwork, "problem" | "n" | "m" | "U" | "q" | "C" | "d" | "laws" | "Nc">;

function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖(I − P)(Q q + c)‖ / β̂: the σ estimate used when L is unbounded. */
function estimateAtQ(net: NetData): number {
  const { problem, n } = net;
  const g = Float64Array.from(problem.c);
  if (problem.Q) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i] += problem.Q[i * n + j] * net.q[j];
  projectNull(net, g, new Float64Array(Math.max(net.m, 1)));
  const b = singleUnitBeta(net);
  return b > 0 ? norm2(g) / b : 0;
}

/**
 * min over units with a non-constant row on {Ax = b} of ‖(I − P)C_iᵀ‖ (the one-violated-constraint
 * patterns), from ‖(I − P)c‖² = ‖c‖² − ‖Uc‖² (P = UᵀU) in O(nnz(c_i)·m) per unit; a row nearly in
 * the row space of A (where the difference cancels) is projected explicitly.
 */
function singleUnitBeta(net: NetData): number {
  const { n, m, U, C } = net;
  const v = new Float64Array(n);
  const tmp = new Float64Array(Math.max(m, 1));
  let best = Infinity;
  for (let i = 0; i < C.rows; i++) {
    let rn = 0;
    for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) rn += C.values[p] * C.values[p];
    let un = 0;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) s += U[r * n + C.colIdx[p]] * C.values[p];
      un += s * s;
    }
    let nv = Math.sqrt(Math.max(0, rn - un));
    if (rn - un <= 1e-6 * rn) {
      v.fill(0);
      for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) v[C.colIdx[p]] += C.values[p];
      projectNull(net, v, tmp);
      nv = norm2(v);
    }
    if (nv > 1e-10 * Math.sqrt(rn)) best = Math.min(best, nv);
  }
  return best;
}

/**
 * The gain bound σ > L/β of the finite-time feasibility argument: on {Ax = b},
 * ε dΦ/dt ≤ −‖(I−P)γ‖(σ‖(I−P)γ‖ − L), so σ > L/β makes Φ reach 0 within T ≤ εΦ(x₀)/(β(σβ − L)),
 * and every equilibrium is then optimal.
 *
 * - L: LP, L = ‖(I − P)c‖ exactly; QP with every variable bounded, L = ‖(I − P)c‖ + ‖Q‖_F·max_{box}‖x‖₂
 *   (a bound of ‖(I−P)(Qx + c)‖ over the box); otherwise null.
 * - β = min ‖(I − P)Cᵀs‖ over s ∈ Law(Cx − d), x ∈ {Ax = b}, Φ(x) > 0. Exact when the equality set is
 *   a line (n − m = 1): the breakpoints of every unit along the line are enumerated and each open
 *   interval and each breakpoint (where the hull is minimised over the box of s) is evaluated. When
 *   n − m = 0 the feasible set is a point and no gain is needed. Otherwise the exact minimum is a
 *   combinatorial problem over the realisable activation patterns; the substitute is the
 *   minimum over the one-violated-constraint patterns, β̂ = min_i ‖(I − P)C_iᵀ‖ over units whose row
 *   is not constant on {Ax = b}. β̂ ≥ β, so L/β̂ can underestimate the threshold: the solver then
 *   detects an infeasible equilibrium (Φ > 0 at a fixed point) and doubles σ.
 */
export function sigmaBound(net: NetData): SigmaBound {
  const { problem, n, m } = net;
  const k = net.C.rows;
  const r = n - m;
  if (k === 0) return { L: null, beta: null, value: null, kind: "none", method: "no bounds or inequalities: nothing is penalised" };
  let L: number | null = norm2(net.Nc);
  let lMethod = "L = ‖(I−P)c‖";
  if (problem.Q) {
    let R2 = 0;
    let bounded = true;
    for (let j = 0; j < n; j++) {
      const b = Math.max(Math.abs(problem.lb[j]), Math.abs(problem.ub[j]));
      if (!Number.isFinite(b)) bounded = false;
      R2 += b * b;
    }
    if (bounded) {
      L += norm2(problem.Q) * Math.sqrt(R2);
      lMethod = "L = ‖(I−P)c‖ + ‖Q‖_F·max‖x‖ over the box";
    } else {
      L = null;
      lMethod = "L unbounded (QP with unbounded variables)";
    }
  }
  if (r === 0) return { L, beta: null, value: null, kind: "none", method: "n − m = 0: the equality set is a single point" };
  let beta: number;
  let kind: "exact" | "estimate";
  let bMethod: string;
  if (r === 1) {
    beta = lineBeta(net);
    kind = "exact";
    bMethod = "β exact (equality set is a line; all patterns along it enumerated)";
  } else {
    beta = singleUnitBeta(net);
    kind = "estimate";
    bMethod = "β estimated by the one-violated-constraint patterns (min_i ‖(I−P)C_iᵀ‖)";
  }
  if (!(beta > 0) || !Number.isFinite(beta)) return { L, beta: null, value: null, kind: "none", method: `${lMethod}; β unavailable` };
  return { L, beta, value: L === null ? null : L / beta, kind: L === null ? "none" : kind, method: `${lMethod}; ${bMethod}` };
}

/** Exact β on a one-dimensional equality set x(t) = q + t z. */
function lineBeta(net: NetData): number {
  const { n, m, U, q, C, d, laws } = net;
  // z: a unit vector of null(A): project the coordinate vector with the largest remainder
  const tmp = new Float64Array(Math.max(m, 1));
  let z = new Float64Array(n);
  let best = -1;
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    projectNull({ U, m, n }, e, tmp);
    const ne = norm2(e);
    if (ne > best) {
      best = ne;
      z = e.map((v) => v / ne);
    }
  }
  const k = C.rows;
  const y0 = new Float64Array(k);
  const cz = new Float64Array(k);
  C.apply(q, y0);
  C.apply(z, cz);
  for (let i = 0; i < k; i++) y0[i] -= d[i];
  const ts: number[] = [];
  for (let i = 0; i < k; i++) {
    if (Math.abs(cz[i]) < 1e-14) continue;
    for (let j = 1; j <= laws.breakpointCount(i); j++) ts.push((laws.breakpoint(i, j) - y0[i]) / cz[i]);
  }
  ts.sort((a, b) => a - b);
  const pts: Array<{ t: number; atBreak: boolean }> = [];
  if (ts.length === 0) pts.push({ t: 0, atBreak: false });
  else {
    pts.push({ t: ts[0] - 1, atBreak: false });
    for (let a = 0; a < ts.length; a++) {
      pts.push({ t: ts[a], atBreak: true });
      pts.push({ t: a + 1 < ts.length ? 0.5 * (ts[a] + ts[a + 1]) : ts[a] + 1, atBreak: false });
    }
  }
  let beta = Infinity;
  const tolY = (i: number) => 1e-12 * (1 + Math.abs(y0[i]));
  for (const { t, atBreak } of pts) {
    // Φ > 0 and the range of zᵀCᵀs over s ∈ Law(y(t))
    let phiPositive = false;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < k; i++) {
      const y = y0[i] + t * cz[i];
      const p = laws.piece(i, y, atBreak ? tolY(i) + 1e-12 * Math.abs(t * cz[i]) : 0);
      const a = laws.value(i, p >> 1);
      const b = laws.value(i, (p + 1) >> 1);
      if (a > 0 || b < 0) phiPositive = true; // off the zero piece: a violated constraint
      const c = cz[i];
      lo += Math.min(a * c, b * c);
      hi += Math.max(a * c, b * c);
    }
    if (!phiPositive) continue;
    const dist = lo > 0 ? lo : hi < 0 ? -hi : 0;
    beta = Math.min(beta, dist);
  }
  return beta;
}
