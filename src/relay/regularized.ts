/**
 * Relay problems w = q − M s, s ∈ Law(w) with a symmetric positive *semi*definite M whose active
 * blocks M_II may be singular (the implicit steps of penalty networks with equality projections,
 * M = τσ C(I − P)Cᵀ, have rank ≤ n − m). Semismooth Newton ({@link solveRelayNewton}) then fails on
 * a singular pattern solve; this module adds a proximal-point regularisation on s:
 *
 *     s_{j+1} solves  w = (q + δ s_j) − (M + δI) s,  s ∈ Law(w),
 *
 * each sub-problem having the positive definite matrix M + δI (a P-matrix: unique solution, Newton
 * pattern solves never singular). This is the proximal point method on the dual energy
 * ½sᵀMs − qᵀs + Σ ψ*_i(s_i) (Rockafellar, "Monotone operators and the proximal point algorithm",
 * SIAM J. Control Optim. 14(5), 1976); a fixed point is a solution of the original problem, w is
 * unique even when s is not, and with δ much smaller than the nonzero eigenvalues of M the range
 * components converge by the factor δ/(λ + δ) per outer iteration. Every answer is checked by the
 * natural residual of the *original* problem.
 */
import { ShiftedRelayMatrix, type RelayMatrix } from "./matrix.ts";
import { solveRelayNewton } from "./newton.ts";
import { PatternWorkspace } from "./pattern.ts";
import { solveRelayPgs } from "./pgs.ts";
import { relayResidual, type RelayOutcome, type RelayProblem } from "./problem.ts";

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

/**
 * Iterations of the first Newton attempt: warm-started solves take one to three, cycling shows up
 * early. The attempt starts from the previous solve's pattern (its active set re-solved for the new
 * q and M), which is usually closer than the pattern read off the warm start s.
 */
const FIRST_NEWTON_ITERATIONS = 3;
/** Iterations of the Newton polish after the PGS warm-up. */
const NEWTON_ITERATIONS = 8;

/** Options of {@link RegularizedRelaySolver.solve}. */
export interface RegularizedRelayOptions {
  /** Tolerance of the natural residual relative to 1 + ‖q‖∞ (default 1e-10). */
  tol?: number;
  /** δ relative to max_i M_ii (default 1e-12; raised ×100 when a regularised Newton solve fails). */
  relativeDelta?: number;
  /** Largest number of proximal (outer) iterations (default 50). */
  maxOuter?: number;
}

/**
 * Warm-started relay solver for positive semidefinite M: plain semismooth Newton first, then the
 * proximal regularisation above, then projected Gauss–Seidel on the regularised problem.
 * Allocates its buffers once (k×k) and reuses the active-block factorisations of its
 * {@link PatternWorkspace} while M̂ (M = scale · M̂, see {@link RelayMatrix}) stays and the active set changes little.
 */
export class RegularizedRelaySolver {
  readonly ws: PatternWorkspace;
  private readonly wsReg: PatternWorkspace;
  /** M + δI over the matrix of the last regularised solve. */
  private shifted: ShiftedRelayMatrix | null = null;
  private readonly qreg: Float64Array;
  private readonly sPrev: Float64Array;
  private readonly backup: Float64Array;
  private readonly wTmp: Float64Array;
  /** Iterations of the projected Gauss–Seidel last resort (0 disables it). */
  pgsIterations = 2000;
  /**
   * Whether the last solve needed more than the first Newton attempt (the PGS warm-up or the
   * regularisation): a hint for callers that choose the next problem (e.g. a step size).
   */
  lastRescued = false;
  /** Whether `ws.pattern` holds the pattern of an earlier solve (the first Newton step starts from it). */
  private hasPattern = false;
  /** Number of solves that needed the regularisation. */
  regularizedSolves = 0;

  constructor(readonly k: number) {
    this.ws = new PatternWorkspace(k);
    this.wsReg = new PatternWorkspace(k);
    this.qreg = new Float64Array(k);
    this.sPrev = new Float64Array(k);
    this.backup = new Float64Array(k);
    this.wTmp = new Float64Array(k);
  }

  /**
   * Solves w = q − M s, s ∈ Law(w) from the warm start in `s`.
   * @param s - in: warm start; out: solution.
   * @param w - out: q − M s.
   */
  solve(p: RelayProblem, s: Float64Array, w: Float64Array, options: RegularizedRelayOptions = {}): RelayOutcome {
    const tol = options.tol ?? 1e-10;
    const { k, M, q, laws } = p;
    this.backup.set(s);
    const newton = solveRelayNewton(p, s, w, this.ws, FIRST_NEWTON_ITERATIONS, tol, this.hasPattern);
    this.hasPattern = true;
    this.lastRescued = !newton.ok;
    if (newton.ok) return newton;
    // Newton cycles between active sets far from the solution (or on a degenerate, non-unique s):
    // projected Gauss–Seidel sweeps (coordinate descent on the convex dual energy, globally
    // convergent for PSD M with a positive diagonal) bring s to — or near — a solution, from where
    // Newton converges in a step or two. The sweep budget keeps the cost near 2·10⁷ flops (at least 25 sweeps).
    s.set(this.backup);
    const sweeps = Math.max(25, Math.min(20000, Math.floor(2e7 / (k * k))));
    const warm = solveRelayPgs(p, s, w, sweeps, 1e-14);
    let iterations0 = newton.iterations + warm.iterations;
    if (warm.residual <= tol * (1 + maxAbs(q))) return { ...warm, ok: true, iterations: iterations0 };
    const polished = solveRelayNewton(p, s, w, this.ws, NEWTON_ITERATIONS, tol);
    iterations0 += polished.iterations;
    if (polished.ok) return { ...polished, iterations: iterations0 };
    if (newton.failure !== "singular" && polished.failure !== "singular") {
      // cycling far from the solution: fail fast, the caller retries with a smaller step (a closer warm start)
      return { ...polished, iterations: iterations0 };
    }
    this.regularizedSolves++;
    if (!warm.ok) s.set(this.backup);
    let maxDiag = 0;
    for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, M.diagonal[i]);
    if (!(maxDiag > 0)) maxDiag = 1;
    let rel = options.relativeDelta ?? 1e-12;
    const maxOuter = options.maxOuter ?? 50;
    let qmax = 0;
    for (let i = 0; i < k; i++) qmax = Math.max(qmax, Math.abs(q[i]));
    const scale = 1 + qmax;
    let iterations = iterations0;
    let residual = Infinity;
    for (let attempt = 0; attempt < 4; attempt++, rel *= 100) {
      const delta = rel * maxDiag;
      if (this.shifted === null || this.shifted.base !== M) this.shifted = new ShiftedRelayMatrix(M);
      this.shifted.setShift(delta);
      const reg: RelayProblem = { k, M: this.shifted, q: this.qreg, laws };
      let innerOk = true;
      for (let outer = 0; outer < maxOuter; outer++) {
        this.sPrev.set(s);
        for (let i = 0; i < k; i++) this.qreg[i] = q[i] + delta * s[i];
        const inner = solveRelayNewton(reg, s, this.wTmp, this.wsReg, 50, tol * 1e-2);
        iterations += inner.iterations;
        if (!inner.ok) {
          innerOk = false;
          break;
        }
        residual = relayResidual(p, s, w);
        if (residual <= tol * scale) return { ok: true, method: "newton", iterations, residual, message: "" };
        let change = 0;
        for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(s[i] - this.sPrev[i]));
        if (change === 0) break;
      }
      if (innerOk) break;
      s.set(this.backup);
    }
    if (!(residual <= tol * scale) && this.pgsIterations > 0) {
      // last resort: projected Gauss–Seidel on the original problem (needs a positive diagonal)
      const pgs = solveRelayPgs(p, s, w, this.pgsIterations, tol * 1e-2);
      iterations += pgs.iterations;
    }
    residual = relayResidual(p, s, w);
    const ok = residual <= tol * scale;
    return { ok, method: "newton", iterations, residual, message: ok ? "" : `regularised Newton: residual ${residual.toExponential(2)} after ${iterations} iterations` };
  }
}
