/**
 * Quantities of the Liu–Wang theory computed from the problem data alone (independent of any
 * solver's bookkeeping): objective, exact penalty Φ, constraint residuals, the feasibility test and
 * the finite-time bound T ≤ εΦ(x₀)/(β(σβ − L)).
 */
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";
import type { LiuWangNetwork } from "./network.ts";

/** f(x) = ½xᵀQx + cᵀx. */
export function objectiveValue(p: OptimizationProblem, x: ArrayLike<number>): number {
  const n = p.n;
  let f = 0;
  for (let j = 0; j < n; j++) f += p.c[j] * x[j];
  if (p.Q) {
    let quad = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += p.Q[row + j] * x[j];
      quad += x[i] * s;
    }
    f += 0.5 * quad;
  }
  return f;
}

/** Largest violations of each constraint group (absolute, ≥ 0). */
export interface Residuals {
  /** max_i |Aeq_i x − beq_i| over every equality row (redundant rows included). */
  equality: number;
  /** max(0, max_i Aineq_i x − bineq_i). */
  inequality: number;
  /** max(0, max_j lb_j − x_j, x_j − ub_j). */
  bounds: number;
}

function rowValues(p: OptimizationProblem, which: "eq" | "ineq", x: ArrayLike<number>): Float64Array {
  const A = which === "eq" ? p.Aeq : p.Aineq;
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) s += A.values[q] * x[A.colIdx[q]];
    out[i] = s;
  }
  return out;
}

/** Constraint residuals of x, from the original data. */
export function residuals(p: OptimizationProblem, x: ArrayLike<number>): Residuals {
  const ae = rowValues(p, "eq", x);
  const ai = rowValues(p, "ineq", x);
  let equality = 0;
  for (let i = 0; i < ae.length; i++) equality = Math.max(equality, Math.abs(ae[i] - p.beq[i]));
  let inequality = 0;
  for (let i = 0; i < ai.length; i++) inequality = Math.max(inequality, ai[i] - p.bineq[i]);
  let bounds = 0;
  for (let j = 0; j < p.n; j++) bounds = Math.max(bounds, p.lb[j] - x[j], x[j] - p.ub[j]);
  return { equality, inequality, bounds };
}

/**
 * The exact L1 penalty Φ(x) = Σ_j [max(0, l_j − x_j) + max(0, x_j − u_j)] + Σ_i max(0, a_iᵀx − b_i)
 * (bounds and inequalities; the equalities are enforced by the projection, not penalised).
 */
export function penalty(p: OptimizationProblem, x: ArrayLike<number>): number {
  const ai = rowValues(p, "ineq", x);
  let phi = 0;
  for (let i = 0; i < ai.length; i++) phi += Math.max(0, ai[i] - p.bineq[i]);
  for (let j = 0; j < p.n; j++) phi += Math.max(0, p.lb[j] - x[j]) + Math.max(0, x[j] - p.ub[j]);
  return phi;
}

/** Scale of the right-hand sides used by the feasibility tolerance: 1 + max |b|, |finite bounds|. */
export function dataScale(p: OptimizationProblem): number {
  let s = 0;
  for (const v of p.beq) s = Math.max(s, Math.abs(v));
  for (const v of p.bineq) s = Math.max(s, Math.abs(v));
  for (let j = 0; j < p.n; j++) {
    if (Number.isFinite(p.lb[j])) s = Math.max(s, Math.abs(p.lb[j]));
    if (Number.isFinite(p.ub[j])) s = Math.max(s, Math.abs(p.ub[j]));
  }
  return 1 + s;
}

/**
 * Whether x satisfies every constraint to `tol`·(1 + max|rhs|) (default tol 1e-9), checked from the
 * original data.
 */
export function isFeasible(p: OptimizationProblem, x: ArrayLike<number>, tol = 1e-9): boolean {
  const r = residuals(p, x);
  const lim = tol * dataScale(p);
  return r.equality <= lim && r.inequality <= lim && r.bounds <= lim;
}

/**
 * Upper bound on the time to reach the feasible set from a point x₀ on {Ax = b}:
 * T ≤ εΦ(x₀)/(β(σβ − L)) (finite when σ > L/β); Infinity when σβ ≤ L or the bound is unavailable.
 */
export function finiteTimeBound(net: LiuWangNetwork, x0: ArrayLike<number>, sigma = net.sigma): number {
  const { L, beta } = net.bound;
  if (L === null || beta === null) return Infinity;
  const gap = beta * (sigma * beta - L);
  if (!(gap > 0)) return Infinity;
  return (net.epsilon * penalty(net.problem, x0)) / gap;
}
