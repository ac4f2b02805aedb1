/**
 * Exact relay solver for small problems: enumerate every pattern (each unit on a flat piece or on a
 * breakpoint), solve the linear system of the pattern, and accept the first consistent one.
 *
 * Finite and exact (up to the linear solves) for any M whose principal submatrices are
 * nonsingular on the patterns tried; it is the reference the iterative solvers are tested against
 * (the analogue of Siconos's `SICONOS_RELAY_ENUM`). Cost ∏_i (2 m_i + 1) pattern solves.
 */
import { InputError } from "../errors.ts";
import type { PatternWorkspace } from "./pattern.ts";
import type { RelayOutcome, RelayProblem } from "./problem.ts";
import { relayResidual } from "./problem.ts";

/** Number of patterns enumeration would try for these laws. */
export function patternCount(p: RelayProblem): number {
  let c = 1;
  for (let i = 0; i < p.k; i++) c *= 2 * p.laws.breakpointCount(i) + 1;
  return c;
}

/**
 * Solves the relay problem by enumeration.
 * @param maxPatterns - refuse problems with more patterns than this (default 2^20).
 * @throws InputError when the problem has more patterns than `maxPatterns`.
 */
export function solveRelayEnumerate(p: RelayProblem, s: Float64Array, w: Float64Array, ws: PatternWorkspace, tol = 1e-10, maxPatterns = 1 << 20): RelayOutcome {
  const total = patternCount(p);
  if (total > maxPatterns) {
    throw new InputError(`invalid argument: relay problem with ${p.k} units has ${total} patterns, more than the enumeration limit ${maxPatterns}; use the Newton or PGS solver`);
  }
  const { k, laws } = p;
  const pat = ws.pattern;
  pat.fill(0);
  const scale = 1 + Math.max(...Array.from(p.q, Math.abs));
  const slack = tol * scale;
  let tried = 0;
  for (;;) {
    tried++;
    if (ws.solve(p, s, w)) {
      let ok = true;
      for (let i = 0; i < k && ok; i++) {
        const pc = pat[i];
        if (pc & 1) {
          const j = (pc + 1) >> 1;
          ok = s[i] >= laws.value(i, j - 1) - slack && s[i] <= laws.value(i, j) + slack;
        } else {
          const j = pc >> 1;
          const m = laws.breakpointCount(i);
          ok = (j === 0 || w[i] >= laws.breakpoint(i, j) - slack) && (j === m || w[i] <= laws.breakpoint(i, j + 1) + slack);
        }
      }
      if (ok) {
        const residual = relayResidual(p, s, ws.wScratch);
        return { ok: residual <= tol * scale * 10, method: "enumeration", iterations: tried, residual, message: "" };
      }
    }
    // next pattern (odometer)
    let i = 0;
    while (i < k) {
      pat[i]++;
      if (pat[i] <= 2 * laws.breakpointCount(i)) break;
      pat[i] = 0;
      i++;
    }
    if (i === k) break;
  }
  return { ok: false, method: "enumeration", iterations: tried, residual: Infinity, message: `no solution among ${tried} patterns (M is not a P-matrix for this q)` };
}
