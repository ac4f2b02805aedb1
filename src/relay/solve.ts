/**
 * The relay solver used by the integrators: warm-started semismooth Newton first; if it fails,
 * exact enumeration for small problems, projected Gauss–Seidel for large ones. Every answer is
 * checked by its natural residual.
 */
import { solveRelayEnumerate, patternCount } from "./enumeration.ts";
import { solveRelayNewton } from "./newton.ts";
import { PatternWorkspace } from "./pattern.ts";
import { solveRelayPgs } from "./pgs.ts";
import type { RelayOutcome, RelayProblem } from "./problem.ts";

/** Largest number of patterns for which the fallback is exact enumeration rather than PGS. */
export const ENUMERATION_LIMIT = 1 << 14;

/** Reusable state of {@link solveRelay}: workspace and a copy of the warm start. */
export class RelaySolver {
  readonly ws: PatternWorkspace;
  private readonly backup: Float64Array;
  constructor(readonly k: number) {
    this.ws = new PatternWorkspace(k);
    this.backup = new Float64Array(k);
  }

  /**
   * Solves w = q − M s, s ∈ Law(w), warm-started from `s`.
   * @param s - in: warm start; out: solution.
   * @param w - out: q − M s.
   */
  solve(p: RelayProblem, s: Float64Array, w: Float64Array, tol = 1e-10): RelayOutcome {
    this.backup.set(s);
    const newton = solveRelayNewton(p, s, w, this.ws, 50, tol);
    if (newton.ok) return newton;
    s.set(this.backup);
    const fallback = patternCount(p) <= ENUMERATION_LIMIT ? solveRelayEnumerate(p, s, w, this.ws, tol) : solveRelayPgs(p, s, w);
    this.ws.invalidate();
    return { ...fallback, iterations: fallback.iterations + newton.iterations, message: fallback.ok ? "" : `Newton: ${newton.message}; ${fallback.method}: ${fallback.message}` };
  }
}
