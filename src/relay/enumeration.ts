/**
 * Exact relay solver for small problems: enumerate every pattern (each unit on a flat piece or on a
 * breakpoint), solve the linear system of the pattern, and accept the consistent ones.
 *
 * Finite and exact (up to the linear solves) for any M whose principal submatrices are
 * nonsingular on the patterns tried; it is the reference the iterative solvers are tested against
 * (the analogue of Siconos's `SICONOS_RELAY_ENUM`), and it can count solutions, which is how
 * non-uniqueness (a non-P-matrix M: repulsive sliding) is detected. Cost ∏_i (2 m_i + 1) pattern solves.
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
 * Visits the consistent patterns in order; `found` is called with s and w holding each solution and
 * returns true to stop. @returns the number of patterns tried.
 */
function enumerate(p: RelayProblem, s: Float64Array, w: Float64Array, ws: PatternWorkspace, tol: number, maxPatterns: number, found: () => boolean): number {
  const total = patternCount(p);
  if (total > maxPatterns) {
    throw new InputError(`invalid argument: relay problem with ${p.k} units has ${total} patterns, more than the enumeration limit ${maxPatterns}; use the Newton or PGS solver`);
  }
  const { k, laws } = p;
  const pat = ws.pattern;
  pat.fill(0);
  let scale = 1;
  for (let i = 0; i < k; i++) scale = Math.max(scale, 1 + Math.abs(p.q[i]));
  const slack = tol * scale;
  let tried = 0;
  for (;;) {
    tried++;
    if (ws.solve(p, s, w)) {
      let ok = true;
      for (let i = 0; i < k && ok; i++) {
        const pc = pat[i];
        if (pc & 1) {
          // on breakpoint j: s within the jump (w_i equals the breakpoint unless the pattern's
          // equation was dropped from a singular block, hence the check)
          const j = (pc + 1) >> 1;
          ok = s[i] >= laws.value(i, j - 1) - slack && s[i] <= laws.value(i, j) + slack && Math.abs(w[i] - laws.breakpoint(i, j)) <= slack;
        } else {
          const j = pc >> 1;
          const m = laws.breakpointCount(i);
          ok = (j === 0 || w[i] >= laws.breakpoint(i, j) - slack) && (j === m || w[i] <= laws.breakpoint(i, j + 1) + slack);
        }
      }
      if (ok && found()) return tried;
    }
    let i = 0;
    while (i < k) {
      pat[i]++;
      if (pat[i] <= 2 * laws.breakpointCount(i)) break;
      pat[i] = 0;
      i++;
    }
    if (i === k) return tried;
  }
}

/**
 * Solves the relay problem by enumeration (the first consistent pattern).
 * @param maxPatterns - refuse problems with more patterns than this (default 2^20).
 * @throws InputError when the problem has more patterns than `maxPatterns`.
 */
export function solveRelayEnumerate(p: RelayProblem, s: Float64Array, w: Float64Array, ws: PatternWorkspace, tol = 1e-10, maxPatterns = 1 << 20): RelayOutcome {
  let done = false;
  const tried = enumerate(p, s, w, ws, tol, maxPatterns, () => (done = true));
  if (!done) return { ok: false, method: "enumeration", iterations: tried, residual: Infinity, message: `no solution among ${tried} patterns (M is not a P-matrix for this q)` };
  const residual = relayResidual(p, s, ws.wScratch);
  let scale = 1;
  for (let i = 0; i < p.k; i++) scale = Math.max(scale, 1 + Math.abs(p.q[i]));
  return { ok: residual <= tol * scale * 10, method: "enumeration", iterations: tried, residual, message: "" };
}

/**
 * Counts the distinct solutions s (up to `limit`) of the relay problem by enumeration. More than one
 * means the problem is not uniquely solvable at this q (M is not a P-matrix there).
 * `same(a, b)` decides when two solutions are the same for the caller — e.g. when they give the
 * same state update, as the non-unique multipliers of a positive semidefinite M do (default: equal
 * s to 1e-8). `s`, `w` are scratch buffers (their content is overwritten).
 */
export function countRelaySolutions(
  p: RelayProblem,
  s: Float64Array,
  w: Float64Array,
  ws: PatternWorkspace,
  limit = 2,
  tol = 1e-10,
  same: (a: Float64Array, b: Float64Array) => boolean = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-8 * (1 + Math.abs(v))),
): number {
  const seen: Float64Array[] = [];
  enumerate(p, s, w, ws, tol, 1 << 20, () => {
    if (!seen.some((t) => same(t, s))) seen.push(Float64Array.from(s));
    return seen.length >= limit;
  });
  ws.invalidate();
  return seen.length;
}
