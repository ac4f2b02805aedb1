/**
 * Reference minimiser of the restoration energies E1 / E2 (see `network.ts`) by the diagonally
 * preconditioned Chambolle–Pock primal–dual method (Chambolle & Pock, JMIV 40(1), 2011; Pock &
 * Chambolle, ICCV 2011, α = 1), written directly on the energy with its own loops — a code path
 * independent of the network solver, used to cross-check it.
 *
 *     min_{lo ≤ x ≤ hi}  F(Hx − g) + λ‖Dx‖₁,   F = Σ v_j|·_j| (E1) or ½Σ v_j (·_j)² (E2)
 *
 * Duals q (data) and y = (y_h, y_v) (differences):
 *
 *     x⁺ = clip(x − T(Hᵀq + Dᵀy), lo, hi),  x̄ = 2x⁺ − x
 *     E1: q ← clip(q + S_q(Hx̄ − g), −v, v)       E2: q ← (q + S_q(Hx̄ − g)) / (1 + S_q/v)
 *     y ← clip(y + S_y D x̄, −λ, λ)
 *
 * T_j = 1/((Hᵀ1)_j + number of differences touching pixel j), S_q = 1 (H has unit row sums),
 * S_y = 1/2. Stopping on the duality gap P(x) − P*(q, y) with
 *
 *     P*(q, y) = −⟨q, g⟩ − [E2] Σ q_j²/(2v_j) + Σ_j min(lo·a_j, hi·a_j),   a = Hᵀq + Dᵀy,
 *
 * a lower bound on the minimum, so the gap certifies the accuracy of the reference energy. Without a
 * box constraint, pass a wide one (the gap then also certifies that it is inactive).
 */
import { InputError } from "../../src/errors.ts";
import { blurOperator } from "../../src/image/blur.ts";
import type { RestorationSpec } from "./network.ts";

/** Input of {@link referenceMinimizer}: the energy of the network, plus a box. */
export interface ReferenceSpec extends RestorationSpec {
  /** Box [lo, hi]; default [min g − 1, max g + 1] (wide, normally inactive). */
  box?: readonly [number, number];
  /** Stop when the gap ≤ gapTol·max(1, P) (default 1e-8). */
  gapTol?: number;
  /** Iteration budget (default 200000). */
  maxIterations?: number;
}

/** The reference answer. */
export interface ReferenceResult {
  x: Float64Array;
  /** E(x) at the returned x. */
  energy: number;
  /** Certified lower bound on min E (the dual value). */
  lowerBound: number;
  /** Relative duality gap (E − lowerBound)/max(1, E). */
  relativeGap: number;
  iterations: number;
}

/**
 * Minimises E1 or E2 to high accuracy (see the module comment).
 * @throws InputError for a non-positive λ or wrong lengths.
 */
export function referenceMinimizer(spec: ReferenceSpec): ReferenceResult {
  const { width: W, height: Hh, observed: g, lambda } = spec;
  const n = W * Hh;
  if (g.length !== n) throw new InputError(`invalid argument: \`observed\` must have ${n} values, got ${g.length}`);
  if (!(lambda > 0)) throw new InputError(`invalid argument: \`lambda\` must be positive, got ${lambda}`);
  const v = spec.weights ?? new Float64Array(n).fill(1);
  const l2 = spec.fidelity === "l2";
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let j = 0; j < n; j++) {
    gmin = Math.min(gmin, g[j]);
    gmax = Math.max(gmax, g[j]);
  }
  const [lo, hi] = spec.box ?? [gmin - 1, gmax + 1];
  const gapTol = spec.gapTol ?? 1e-8;
  const maxIt = spec.maxIterations ?? 200000;
  const H = blurOperator(spec.blur, W, Hh);
  const ones = new Float64Array(n).fill(1);
  const colSum = H.applyTranspose(ones, new Float64Array(n));
  const T = new Float64Array(n);
  for (let i = 0; i < Hh; i++) {
    for (let j = 0; j < W; j++) {
      const p = i * W + j;
      const touch = (j < W - 1 ? 1 : 0) + (j > 0 ? 1 : 0) + (i < Hh - 1 ? 1 : 0) + (i > 0 ? 1 : 0);
      T[p] = 1 / (colSum[p] + touch);
    }
  }
  const Sq = 1;
  const Sy = 0.5;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = Math.min(hi, Math.max(lo, g[j]));
  const xb = Float64Array.from(x);
  const q = new Float64Array(n);
  const yh = new Float64Array(n);
  const yv = new Float64Array(n);
  const a = new Float64Array(n);
  const hq = new Float64Array(n);
  const hx = new Float64Array(n);
  // a = Hᵀq + Dᵀy with Dᵀ written out (backward differences)
  const adjoint = () => {
    H.applyTranspose(q, hq);
    for (let i = 0; i < Hh; i++) {
      for (let j = 0; j < W; j++) {
        const p = i * W + j;
        let s = hq[p];
        if (j < W - 1) s -= yh[p];
        if (j > 0) s += yh[p - 1];
        if (i < Hh - 1) s -= yv[p];
        if (i > 0) s += yv[p - W];
        a[p] = s;
      }
    }
  };
  const primal = (z: Float64Array) => {
    H.apply(z, hx);
    let e = 0;
    for (let j = 0; j < n; j++) {
      const r = hx[j] - g[j];
      e += l2 ? 0.5 * v[j] * r * r : v[j] * Math.abs(r);
    }
    let tv = 0;
    for (let i = 0; i < Hh; i++) {
      for (let j = 0; j < W; j++) {
        const p = i * W + j;
        if (j < W - 1) tv += Math.abs(z[p + 1] - z[p]);
        if (i < Hh - 1) tv += Math.abs(z[p + W] - z[p]);
      }
    }
    return e + lambda * tv;
  };
  const dual = () => {
    adjoint();
    let d = 0;
    for (let j = 0; j < n; j++) {
      d -= q[j] * g[j];
      if (l2 && v[j] > 0) d -= (q[j] * q[j]) / (2 * v[j]);
      d += Math.min(lo * a[j], hi * a[j]);
    }
    return d;
  };
  let it = 0;
  let P = primal(x);
  let Dv = -Infinity;
  for (; it < maxIt; ) {
    // dual step at x̄
    H.apply(xb, hx);
    for (let j = 0; j < n; j++) {
      const z = q[j] + Sq * (hx[j] - g[j]);
      if (l2) q[j] = v[j] > 0 ? z / (1 + Sq / v[j]) : 0;
      else q[j] = z < -v[j] ? -v[j] : z > v[j] ? v[j] : z;
    }
    for (let i = 0; i < Hh; i++) {
      for (let j = 0; j < W; j++) {
        const p = i * W + j;
        if (j < W - 1) {
          const z = yh[p] + Sy * (xb[p + 1] - xb[p]);
          yh[p] = z < -lambda ? -lambda : z > lambda ? lambda : z;
        }
        if (i < Hh - 1) {
          const z = yv[p] + Sy * (xb[p + W] - xb[p]);
          yv[p] = z < -lambda ? -lambda : z > lambda ? lambda : z;
        }
      }
    }
    // primal step
    adjoint();
    for (let j = 0; j < n; j++) {
      let z = x[j] - T[j] * a[j];
      z = z < lo ? lo : z > hi ? hi : z;
      xb[j] = 2 * z - x[j];
      x[j] = z;
    }
    it++;
    if (it % 200 === 0 || it === maxIt) {
      P = primal(x);
      Dv = Math.max(Dv, dual());
      if (P - Dv <= gapTol * Math.max(1, Math.abs(P))) break;
    }
  }
  P = primal(x);
  Dv = Math.max(Dv, dual());
  return { x, energy: P, lowerBound: Dv, relativeGap: (P - Dv) / Math.max(1, Math.abs(P)), iterations: it };
}
