/**
 * Projected Gauss–Seidel for the relay problem w = q − M s, s ∈ Law(w):
 *
 *     s_i ← the unique t with t ∈ Law_i(q_i − Σ_{j≠i} M_ij s_j − M_ii t),
 *
 * the robust fallback (Siconos `SICONOS_RELAY_PGS`). Converges for symmetric positive definite M
 * (it is coordinate descent on a strongly convex energy) and needs M_ii > 0; linear rate.
 *
 * A sweep costs O(k²) on the dense rows of M, or Σ_i cost(row i) with the structured
 * {@link RelayProblem.coord} when the problem provides it (e.g. O(nnz(F) + k m) for a factored
 * M = a(FᵀF − GᵀG)).
 */
import type { RelayOutcome, RelayProblem } from "./problem.ts";
import { relayResidual } from "./problem.ts";

/**
 * Solves by PGS from the warm start in `s`; stops when the largest update is below `tol` (scaled).
 * @param wScratch - a buffer of length k.
 */
export function solveRelayPgs(p: RelayProblem, s: Float64Array, w: Float64Array, maxIter = 10000, tol = 1e-12): RelayOutcome {
  const { k, M, q, laws } = p;
  for (let i = 0; i < k; i++) {
    if (!(M[i * k + i] > 0)) {
      return { ok: false, method: "pgs", iterations: 0, residual: Infinity, message: `PGS needs a positive diagonal, got M[${i}][${i}] = ${M[i * k + i]}` };
    }
  }
  let it = 0;
  let change = Infinity;
  const coord = p.coord;
  if (coord) {
    // structured rows: (M s)_i from the maintained products, Σ_{j≠i} M_ij s_j = (M s)_i − M_ii s_i
    coord.begin(s);
    for (; it < maxIter && change > tol; it++) {
      change = 0;
      for (let i = 0; i < k; i++) {
        const mii = M[i * k + i];
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
  for (; it < maxIter && change > tol; it++) {
    change = 0;
    for (let i = 0; i < k; i++) {
      const row = i * k;
      const mii = M[row + i];
      // Σ_{j≠i} M_ij s_j with four partial sums (independent chains run in parallel on the FPU)
      const sii = s[i];
      s[i] = 0;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let j = 0;
      for (; j + 3 < k; j += 4) {
        a0 += M[row + j] * s[j];
        a1 += M[row + j + 1] * s[j + 1];
        a2 += M[row + j + 2] * s[j + 2];
        a3 += M[row + j + 3] * s[j + 3];
      }
      for (; j < k; j++) a0 += M[row + j] * s[j];
      s[i] = sii;
      const r = q[i] - (a0 + a1 + (a2 + a3));
      const t = laws.solveScalar(i, r, mii);
      const d = Math.abs(t - s[i]) * (1 + mii);
      if (d > change) change = d;
      s[i] = t;
    }
  }
  const residual = relayResidual(p, s, w);
  const ok = change <= tol;
  return { ok, method: "pgs", iterations: it, residual, message: ok ? "" : `no convergence in ${maxIter} iterations (last update ${change.toExponential(2)})` };
}
