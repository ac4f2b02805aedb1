/**
 * Semismooth Newton (primal–dual active set) for the relay problem w = q − M s, s ∈ Law(w).
 *
 * The fixed-point form s = J(s, w), J_i the unique t with t ∈ Law_i(w_i + m_i s_i − m_i t) and
 * m_i = M_ii (scale-invariant), is piecewise linear; its Newton step fixes each unit's piece and
 * solves the linear system of {@link PatternWorkspace}. The method stops when the pattern repeats,
 * which makes the solution exact up to the linear solve (Hintermüller, Ito & Kunisch, SIAM J. Optim.
 * 13(3), 2002). Warm-started from the previous time step it usually needs one or two iterations.
 * Not globally convergent: the dispatcher falls back to enumeration (small k) or PGS.
 */
import type { PatternWorkspace } from "./pattern.ts";
import type { RelayOutcome, RelayProblem } from "./problem.ts";
import { relayResidual, relayW } from "./problem.ts";

/**
 * Solves the relay problem by semismooth Newton from the warm start in `s`.
 * @param s - in: warm start; out: solution.
 * @param w - out: q − M s.
 * @param fromPattern - first solve the pattern left in `ws.pattern` by the previous solve (the
 *   previous active set, a warm start across a change of q or of the scale of M) and iterate from
 *   its solution; the computed pattern takes over when that block is singular.
 */
export function solveRelayNewton(p: RelayProblem, s: Float64Array, w: Float64Array, ws: PatternWorkspace, maxIter = 50, tol = 1e-10, fromPattern = false): RelayOutcome {
  const { k, laws } = p;
  const diag = p.M.diagonal;
  const pat = ws.pattern;
  if (fromPattern) {
    // warm start from the last pattern: the previous solution's active set, re-solved for the new q and M
    ws.wScratch.set(s);
    if (!ws.solve(p, s, w)) {
      s.set(ws.wScratch);
      fromPattern = false;
    }
  }
  if (!fromPattern) relayW(p, s, w);
  const wTol = tol * (1 + maxAbs(p.q));
  let changed = true;
  let it = 0;
  for (; it < maxIter && changed; it++) {
    changed = false;
    // a unit dropped from a singular block whose equation the pattern cannot satisfy leaves the
    // breakpoint for the flat piece on the side of its true w (its multiplier is not determined)
    const nd = it > 0 || fromPattern ? ws.droppedCount : 0;
    for (let a = 0; a < nd; a++) {
      const i = ws.dropped[a];
      const b = laws.breakpoint(i, (pat[i] + 1) >> 1);
      ws.droppedPiece[a] = Math.abs(w[i] - b) > wTol ? (w[i] > b ? pat[i] + 1 : pat[i] - 1) : pat[i];
    }
    for (let i = 0; i < k; i++) {
      const mii = diag[i];
      const m = mii > 0 ? mii : 1;
      const pc = laws.scalarPiece(i, w[i] + m * s[i], m);
      if ((it === 0 && !fromPattern) || pc !== pat[i]) {
        pat[i] = pc;
        changed = true;
      }
    }
    for (let a = 0; a < nd; a++) {
      const i = ws.dropped[a];
      if (pat[i] !== ws.droppedPiece[a]) {
        pat[i] = ws.droppedPiece[a];
        changed = true;
      }
    }
    if (!changed) break;
    if (!ws.solve(p, s, w)) {
      return { ok: false, method: "newton", iterations: it + 1, residual: Infinity, message: "singular active block M_II", failure: "singular" };
    }
  }
  const scale = 1 + maxAbs(p.q);
  const residual = relayResidual(p, s, ws.wScratch);
  const ok = !changed && residual <= tol * scale;
  if (ok) return { ok, method: "newton", iterations: it, residual, message: "" };
  return changed
    ? { ok, method: "newton", iterations: it, residual, message: `no convergence in ${maxIter} iterations (cycling active sets)`, failure: "cycling" }
    : { ok, method: "newton", iterations: it, residual, message: `residual ${residual.toExponential(2)}`, failure: "residual" };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
