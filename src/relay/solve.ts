/**
 * The relay solver of the integrators and of the optimization networks: warm-started semismooth
 * Newton first; if it fails, exact enumeration for small problems, otherwise projected Gauss–Seidel
 * (coordinate descent on the convex dual energy ½sᵀMs − qᵀs + Σψ*_i(s_i) when M is symmetric
 * positive semidefinite, globally convergent for a positive diagonal) followed by a short Newton
 * polish from the point it reached. Every answer is checked by its natural residual, computed from
 * scratch.
 *
 * Two uses, two settings ({@link RelaySolverOptions}): a time-stepping integrator with a fixed M gives
 * Newton many iterations and lets PGS run to convergence; a penalty network with a growing step
 * (M = τσK, large semidefinite problems) starts Newton from the previous solve's active set, stops it
 * after a few iterations when it cycles, and bounds the PGS sweeps — a failed solve is cheaper there
 * than a long one, because the caller retries with a smaller step.
 */
import { patternCount, solveRelayEnumerate } from "./enumeration.ts";
import { solveRelayNewton } from "./newton.ts";
import { PatternWorkspace } from "./pattern.ts";
import { solveRelayPgs } from "./pgs.ts";
import type { RelayOutcome, RelayProblem } from "./problem.ts";

/** Largest number of patterns for which the fallback is exact enumeration rather than PGS. */
export const ENUMERATION_LIMIT = 1 << 14;

/** Settings of a {@link RelaySolver}. */
export interface RelaySolverOptions {
  /** Iterations of the first Newton attempt (default 50). */
  newtonIterations?: number;
  /**
   * Start Newton from the active set of the previous solve, re-solved for the new q and M (default
   * false; usually closer than the set read off the warm start s when q and M change smoothly).
   */
  fromPreviousPattern?: boolean;
  /**
   * Largest PGS sweeps before the Newton polish: a number, or "budget" for ≈ 2·10⁷/k² sweeps (at
   * least 25; default 10 000).
   */
  pgsSweeps?: number | "budget";
  /** Iterations of the Newton polish after PGS (default 8). */
  polishIterations?: number;
}

/** Reusable state of relay solves: workspace (cached active-block factorisations) and a copy of the warm start. */
export class RelaySolver {
  readonly ws: PatternWorkspace;
  private readonly backup: Float64Array;
  private readonly newtonIterations: number;
  private readonly fromPreviousPattern: boolean;
  private readonly pgsSweeps: number | "budget";
  private readonly polishIterations: number;
  /** Whether `ws.pattern` holds the pattern of an earlier solve. */
  private hasPattern = false;
  /**
   * Whether the last solve needed more than the first Newton attempt: a hint for callers that choose
   * the next problem (e.g. a step size).
   */
  lastRescued = false;

  constructor(
    readonly k: number,
    options: RelaySolverOptions = {},
  ) {
    this.ws = new PatternWorkspace(k);
    this.backup = new Float64Array(k);
    this.newtonIterations = options.newtonIterations ?? 50;
    this.fromPreviousPattern = options.fromPreviousPattern ?? false;
    this.pgsSweeps = options.pgsSweeps ?? 10000;
    this.polishIterations = options.polishIterations ?? 8;
  }

  /**
   * Solves w = q − M s, s ∈ Law(w), warm-started from `s`.
   * @param s - in: warm start; out: solution.
   * @param w - out: q − M s.
   * @param tol - tolerance of the natural residual relative to 1 + ‖q‖∞.
   */
  solve(p: RelayProblem, s: Float64Array, w: Float64Array, tol = 1e-10): RelayOutcome {
    this.backup.set(s);
    const newton = solveRelayNewton(p, s, w, this.ws, this.newtonIterations, tol, this.fromPreviousPattern && this.hasPattern);
    this.hasPattern = true;
    this.lastRescued = !newton.ok;
    if (newton.ok) return newton;
    s.set(this.backup);
    if (patternCount(p) <= ENUMERATION_LIMIT) {
      const exact = solveRelayEnumerate(p, s, w, this.ws, tol);
      this.ws.invalidate();
      return { ...exact, iterations: exact.iterations + newton.iterations, message: exact.ok ? "" : `Newton: ${newton.message}; enumeration: ${exact.message}` };
    }
    const k = p.k;
    const sweeps = this.pgsSweeps === "budget" ? Math.max(25, Math.min(20000, Math.floor(2e7 / (k * k)))) : this.pgsSweeps;
    const pgs = solveRelayPgs(p, s, w, sweeps, tol * 1e-2);
    const iterations = newton.iterations + pgs.iterations;
    let qmax = 0;
    for (let i = 0; i < k; i++) qmax = Math.max(qmax, Math.abs(p.q[i]));
    if (pgs.residual <= tol * (1 + qmax)) return { ...pgs, ok: true, iterations };
    const polished = solveRelayNewton(p, s, w, this.ws, this.polishIterations, tol);
    if (polished.ok) return { ...polished, iterations: iterations + polished.iterations };
    return { ...polished, iterations: iterations + polished.iterations, message: `Newton: ${newton.message}; PGS (${pgs.iterations} sweeps): residual ${pgs.residual.toExponential(2)}; polish: ${polished.message}` };
  }
}
