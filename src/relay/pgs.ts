/**
 * Projected Gauss–Seidel for the relay problem w = q − M s, s ∈ Law(w):
 *
 *     s_i ← the unique t with t ∈ Law_i(q_i − Σ_{j≠i} M_ij s_j − M_ii t),
 *
 * the robust fallback (Siconos `SICONOS_RELAY_PGS`). Converges for symmetric positive definite M
 * (it is coordinate descent on a strongly convex energy) and needs M_ii > 0; linear rate.
 *
 * The row products come from the matrix's `coord` (see `RelayCoordinateOps`): O(k) per row for a dense M,
 * less for a structured one (e.g. O(nnz(F) + m) per row for a factored M = a(FᵀF − GᵀG)).
 */
import type { RelayOutcome, RelayProblem } from "./problem.ts";
import { relayResidual } from "./problem.ts";

/**
 * Solves by PGS from the warm start in `s`; stops when the largest update is below `tol` (scaled).
 * @param w - out: q − M s.
 */
export function solveRelayPgs(p: RelayProblem, s: Float64Array, w: Float64Array, maxIter = 10000, tol = 1e-12): RelayOutcome {
  const { k, q, laws } = p;
  const diag = p.M.diagonal;
  for (let i = 0; i < k; i++) {
    if (!(diag[i] > 0)) {
      return { ok: false, method: "pgs", iterations: 0, residual: Infinity, message: `PGS needs a positive diagonal, got M[${i}][${i}] = ${diag[i]}` };
    }
  }
  let it = 0;
  let change = Infinity;
  const coord = p.M.coord;
  // Σ_{j≠i} M_ij s_j = (M s)_i − M_ii s_i from the maintained row products
  coord.begin(s);
  for (; it < maxIter && change > tol; it++) {
    change = 0;
    for (let i = 0; i < k; i++) {
      const mii = diag[i];
      const si = s[i];
      const r = q[i] - (coord.rowDot(i) - mii * si);
      const t = laws.solveScalar(i, r, mii);
      if (t !== si) {
        coord.update(i, t - si);
        const d = Math.abs(t - si) * (1 + mii);
        if (d > change) change = d;
        s[i] = t;
      }
    }
  }
  const residual = relayResidual(p, s, w);
  const ok = change <= tol;
  return { ok, method: "pgs", iterations: it, residual, message: ok ? "" : `no convergence in ${maxIter} iterations (last update ${change.toExponential(2)})` };
}
