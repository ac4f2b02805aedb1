/**
 * Closed-form implicit-step operators of the Liu–Wang QP network (see `network.ts`):
 *
 *     B = (P + NQ)/ε,   G = −(σ/ε) N Cᵀ,   N = I − P,   h = τε,   W = I + τ(P + NQ).
 *
 * For W y = v: P y = P v/(1 + τ) (PN = 0), and N y solves A_τ N y = N(v − τQ P y) with
 * A_τ = I + τS, S = NQN (symmetric PSD; A_τ maps null(A) = range(N) into itself). So
 *
 *     W⁻¹v = Pv/(1 + τ) + A_τ⁻¹ N(v − τQ Pv/(1 + τ)),     h W⁻¹G = −τσ A_τ⁻¹ N Cᵀ.
 *
 * S = Y Yᵀ with Y = N Y_Q, Q = Y_Q Y_Qᵀ by pivoted Cholesky (once), and YᵀY = V Λ Vᵀ (symmetric
 * eigen-decomposition, once; directions with λ at the rounding level are dropped, so ρ = rank S ≤
 * min(rank Q, n − m)). Woodbury gives A_τ⁻¹ = I − Y B_τ⁻¹ Yᵀ with B_τ = I/τ + YᵀY, so
 * A_τ⁻¹ = I − Ũ diag(w) Ũᵀ with the orthonormal Ũ = Y V Λ^{-1/2} and w_a = τλ_a/(1 + τλ_a) ∈ [0, 1)
 * (the orthonormal form keeps the intermediate products at the size of the result: with Y V and
 * weights 1/λ the rounding grows with λ_max/λ_min). Since A_τ⁻¹ N = A_τ⁻¹ − P,
 *
 *     M = −h C W⁻¹G = τσ C (A_τ⁻¹ − P) Cᵀ = τσ (K − H diag(w) Hᵀ),   K = C N Cᵀ,   H = C Ũ (k×ρ):
 *
 * K (the LP matrix) and H are formed once and a new step size only changes the weights w. M is
 * never formed: {@link LowRankCorrectedMatrix} gives the relay solvers its blocks (ρ per entry) and
 * products (k² + 2kρ), so a step size costs O(kρ) instead of the ρk²/2 of a dense M.
 */
import { dotAt } from "../../src/linalg/dense.ts";
import { symmetricEigen } from "../../src/linalg/symmetric-eigen.ts";
import type { RelayCoordinateOps, RelayMatrix } from "../../src/relay/matrix.ts";
import { LpCoordinateOps } from "./lp-step.ts";
import { applyP, projectNull, type LiuWangNetwork } from "./network.ts";
import type { StepOps } from "./step-ops.ts";

/**
 * S = Yᵀ-rows factor of a symmetric PSD n×n matrix by diagonally pivoted Cholesky, stopping when
 * the largest remaining diagonal is below `tol`. @returns the rows of Yᵀ (ρ×n, row-major) and ρ.
 */
export function pivotedCholesky(n: number, S: Float64Array, tol: number): { Yt: Float64Array; rank: number } {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = S[i * n + i];
  const rows: Float64Array[] = [];
  for (;;) {
    let p = -1;
    let best = tol;
    for (let i = 0; i < n; i++) {
      if (d[i] > best) {
        best = d[i];
        p = i;
      }
    }
    if (p < 0) break;
    const y = Float64Array.from(S.subarray(p * n, (p + 1) * n)); // column p of S (S symmetric)
    for (const r of rows) {
      const rp = r[p];
      if (rp === 0) continue;
      for (let i = 0; i < n; i++) y[i] -= rp * r[i];
    }
    const inv = 1 / Math.sqrt(best);
    for (let i = 0; i < n; i++) {
      y[i] = d[i] > 0 || i === p ? y[i] * inv : 0; // pivoted (exhausted) entries stay 0
      d[i] -= y[i] * y[i];
    }
    d[p] = 0;
    rows.push(y);
  }
  const Yt = new Float64Array(rows.length * n);
  rows.forEach((r, j) => Yt.set(r, j * n));
  return { Yt, rank: rows.length };
}

/**
 * M = scale · (K − H diag(d) Hᵀ) with K (k×k, dense, symmetric), H (k×ρ, row-major) fixed and the
 * weights d ≥ 0 set per step ({@link RelayMatrix}; M̂ = K − H diag(d) Hᵀ, whose version changes with
 * d). Blocks cost ρ per entry, products k² + 2kρ; Gauss–Seidel rows come from factored rows of K
 * plus u = diag(d) Hᵀ s (ρ per row).
 */
export class LowRankCorrectedMatrix implements RelayMatrix {
  version = 0;
  scale = 1;
  readonly diagonal: Float64Array;
  /** K_ii + Σ_c H_ic² d_c: M̂_ii = K_ii − Σ_c H_ic² d_c cancels down from this size. */
  readonly termScale: Float64Array;
  readonly coord: RelayCoordinateOps;
  /** K − H diag(w) Hᵀ = C(A_τ⁻¹ − P)Cᵀ with A_τ⁻¹N positive semidefinite on range N (w ∈ [0, 1)). */
  readonly semidefinite = true;
  private readonly d: Float64Array;
  private readonly t: Float64Array;
  /** 0, 1, …, k − 1: the rows of a full product. */
  private readonly allRows: Int32Array;

  /**
   * @param kRows - Gauss–Seidel rows of K alone (their scale is kept equal to this matrix's scale).
   */
  constructor(
    readonly k: number,
    private readonly K: Float64Array,
    private readonly H: Float64Array,
    readonly rank: number,
    private readonly kRows: LpCoordinateOps,
  ) {
    this.diagonal = new Float64Array(k);
    this.termScale = new Float64Array(k);
    this.d = new Float64Array(rank);
    this.t = new Float64Array(rank);
    this.allRows = Int32Array.from({ length: k }, (_, i) => i);
    this.coord = new LowRankRows(this, kRows, H, rank, this.d);
  }

  /** New weights d (length ρ) and scale; bumps `version`. */
  setWeights(d: Float64Array, scale: number): void {
    const { k, K, H, rank: r } = this;
    this.d.set(d);
    this.scale = scale;
    this.kRows.a = scale;
    this.version++;
    for (let i = 0; i < k; i++) {
      let s = 0;
      const hi = i * r;
      for (let a = 0; a < r; a++) s += H[hi + a] * H[hi + a] * d[a];
      this.diagonal[i] = scale * (K[i * k + i] - s);
      this.termScale[i] = Math.abs(K[i * k + i]) + s;
    }
  }

  /** t = diag(d) H_Sᵀ x over the units S = cols[0..nc) (all k when null). */
  private weightedTranspose(cols: Int32Array | null, nc: number, x: Float64Array): void {
    const { H, rank: r, t, d } = this;
    t.fill(0);
    const count = cols === null ? this.k : nc;
    for (let b = 0; b < count; b++) {
      const xb = x[b];
      if (xb === 0) continue;
      const hb = (cols === null ? b : cols[b]) * r;
      for (let a = 0; a < r; a++) t[a] += H[hb + a] * xb;
    }
    for (let a = 0; a < r; a++) t[a] *= d[a];
  }

  multiply(s: Float64Array, out: Float64Array): void {
    this.multiplyBlock(this.allRows, this.k, null, this.k, s, out);
  }

  multiplyBlock(rows: Int32Array, nr: number, cols: Int32Array | null, nc: number, x: Float64Array, out: Float64Array): void {
    const { k, K, H, rank: r, t, scale } = this;
    this.weightedTranspose(cols, nc, x);
    for (let a = 0; a < nr; a++) {
      const i = rows[a];
      const row = i * k;
      let acc = 0;
      if (cols === null) for (let j = 0; j < k; j++) acc += K[row + j] * x[j];
      else for (let b = 0; b < nc; b++) acc += K[row + cols[b]] * x[b];
      const hi = i * r;
      let low = 0;
      for (let c = 0; c < r; c++) low += H[hi + c] * t[c];
      out[a] = scale * (acc - low);
    }
  }

  /** Entries K_ij − Σ_c (H_ic H_jc) d_c: the same bits for (i, j) and (j, i), so symmetric blocks are exactly symmetric. */
  gather(rows: Int32Array, nr: number, cols: Int32Array, nc: number, out: Float64Array): void {
    const { k, K, H, rank: r, d } = this;
    const symmetric = rows === cols && nr === nc;
    for (let a = 0; a < nr; a++) {
      const i = rows[a];
      const hi = i * r;
      const row = i * k;
      const o = a * nc;
      for (let b = symmetric ? a : 0; b < nc; b++) {
        const hj = cols[b] * r;
        let s0 = 0;
        let s1 = 0;
        let c = 0;
        for (; c + 1 < r; c += 2) {
          s0 += H[hi + c] * H[hj + c] * d[c];
          s1 += H[hi + c + 1] * H[hj + c + 1] * d[c + 1];
        }
        if (c < r) s0 += H[hi + c] * H[hj + c] * d[c];
        out[o + b] = K[row + cols[b]] - (s0 + s1);
      }
    }
    if (symmetric) for (let a = 0; a < nr; a++) for (let b = 0; b < a; b++) out[a * nc + b] = out[b * nc + a];
  }
}

/** Gauss–Seidel rows of K − H diag(d) Hᵀ: factored rows of K and u = diag(d) Hᵀ s. */
class LowRankRows implements RelayCoordinateOps {
  private readonly u: Float64Array;
  constructor(
    private readonly m: LowRankCorrectedMatrix,
    private readonly kRows: LpCoordinateOps,
    private readonly H: Float64Array,
    private readonly r: number,
    private readonly d: Float64Array,
  ) {
    this.u = new Float64Array(r);
  }
  begin(s: Float64Array): void {
    const { H, r, u, d } = this;
    this.kRows.begin(s);
    u.fill(0);
    for (let i = 0; i < this.m.k; i++) {
      const si = s[i];
      if (si === 0) continue;
      const hi = i * r;
      for (let a = 0; a < r; a++) u[a] += H[hi + a] * si;
    }
    for (let a = 0; a < r; a++) u[a] *= d[a];
  }
  rowDot(i: number): number {
    const { H, r, u } = this;
    const hi = i * r;
    let s = 0;
    for (let a = 0; a < r; a++) s += H[hi + a] * u[a];
    return this.kRows.rowDot(i) - this.m.scale * s;
  }
  update(i: number, delta: number): void {
    const { H, r, u, d } = this;
    this.kRows.update(i, delta);
    const hi = i * r;
    for (let a = 0; a < r; a++) u[a] += delta * d[a] * H[hi + a];
  }
}

/** Step operators of a QP network (see the module comment). */
export class QpStepOps implements StepOps {
  readonly M: LowRankCorrectedMatrix;
  /** Ũᵀ (ρ×n, orthonormal rows) and the eigenvalues λ of YᵀY it keeps. */
  private readonly Wt: Float64Array;
  private readonly lambda: Float64Array;
  private readonly rank: number;
  private readonly d: Float64Array;
  private tau = 0;
  private sigma = 0;
  private readonly tmpM: Float64Array;
  private readonly px: Float64Array;
  private readonly v: Float64Array;
  private readonly g: Float64Array;
  private readonly yv: Float64Array;

  /** @param K - C N Cᵀ (k×k), see `constraintGram`. */
  constructor(
    private readonly net: LiuWangNetwork,
    K: Float64Array,
  ) {
    const { n, k, C } = net;
    const Q = net.problem.Q!;
    this.tmpM = new Float64Array(Math.max(net.m, 1));
    this.px = new Float64Array(n);
    this.v = new Float64Array(n);
    this.g = new Float64Array(n);
    // Q = Y_Q Y_Qᵀ (rank cut at n ulps of the largest diagonal), then S = NQN = (N Y_Q)(N Y_Q)ᵀ
    let maxDiag = 0;
    for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(Q[i * n + i]));
    const { Yt, rank: rq } = pivotedCholesky(n, Q, Math.max(n, 16) * 2.3e-16 * maxDiag);
    for (let a = 0; a < rq; a++) projectNull(net, Yt.subarray(a * n, (a + 1) * n), this.tmpM);
    // YᵀY = V Λ Vᵀ; directions with λ at the rounding level of the projection are null directions of S
    const E = new Float64Array(rq * rq);
    for (let a = 0; a < rq; a++) {
      for (let b = 0; b <= a; b++) {
        const v = dotAt(n, Yt, a * n, Yt, b * n);
        E[a * rq + b] = v;
        E[b * rq + a] = v;
      }
    }
    const eig = symmetricEigen(rq, E);
    const lmax = rq > 0 ? eig.values[rq - 1] : 0;
    let first = 0;
    while (first < rq && !(eig.values[first] > Math.max(n, 16) * 2.3e-16 * lmax)) first++;
    const r = rq - first;
    this.rank = r;
    this.lambda = eig.values.slice(first);
    // Ũᵀ = (Y V Λ^{-1/2})ᵀ over the kept directions (ρ×n, orthonormal rows): A_τ⁻¹ = I − Ũ diag(w) Ũᵀ
    const Wt = new Float64Array(r * n);
    for (let a = 0; a < r; a++) {
      const wa = a * n;
      const inv = 1 / Math.sqrt(this.lambda[a]);
      for (let b = 0; b < rq; b++) {
        const vba = eig.vectors[b * rq + first + a] * inv;
        if (vba === 0) continue;
        const yb = b * n;
        for (let i = 0; i < n; i++) Wt[wa + i] += vba * Yt[yb + i];
      }
    }
    this.Wt = Wt;
    // H = C Ũ (k×ρ)
    const H = new Float64Array(k * r);
    for (let i = 0; i < k; i++) {
      const hi = i * r;
      for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) {
        const c = C.values[p];
        const j = C.colIdx[p];
        for (let a = 0; a < r; a++) H[hi + a] += c * Wt[a * n + j];
      }
    }
    this.d = new Float64Array(r);
    this.yv = new Float64Array(Math.max(r, 1));
    this.M = new LowRankCorrectedMatrix(k, K, H, r, new LpCoordinateOps(net));
  }

  set(tau: number, sigma: number): void {
    if (tau === this.tau && sigma === this.sigma) return;
    this.tau = tau;
    this.sigma = sigma;
    const { d, lambda, rank: r } = this;
    for (let a = 0; a < r; a++) d[a] = (tau * lambda[a]) / (1 + tau * lambda[a]);
    this.M.setWeights(d, tau * sigma);
  }

  /** out ← A_τ⁻¹ out = out − Ũ diag(w) Ũᵀ out. */
  private applyAinv(out: Float64Array): void {
    const { n } = this.net;
    const { rank: r, Wt, d, yv } = this;
    for (let a = 0; a < r; a++) yv[a] = d[a] * dotAt(n, Wt, a * n, out, 0);
    for (let a = 0; a < r; a++) {
      const s = yv[a];
      if (s === 0) continue;
      const ra = a * n;
      for (let i = 0; i < n; i++) out[i] -= Wt[ra + i] * s;
    }
  }

  /** out = W⁻¹(x + h u) = W⁻¹(x + τ(q − Nc)). */
  free(x: Float64Array, out: Float64Array): void {
    const { net, tau, px, v, tmpM } = this;
    const n = net.n;
    const Q = net.problem.Q!;
    for (let j = 0; j < n; j++) v[j] = x[j] + tau * (net.q[j] - net.Nc[j]);
    applyP(net, v, px, tmpM);
    const a = 1 / (1 + tau);
    for (let j = 0; j < n; j++) px[j] *= a; // P y
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += Q[row + j] * px[j];
      out[i] = v[i] - tau * s;
    }
    projectNull(net, out, tmpM);
    this.applyAinv(out);
    for (let j = 0; j < n; j++) out[j] += px[j];
  }

  /** out += h W⁻¹ G s = −τσ A_τ⁻¹ N Cᵀ s. */
  correct(s: Float64Array, out: Float64Array): void {
    const { net, g } = this;
    net.C.applyTranspose(s, g);
    projectNull(net, g, this.tmpM);
    this.applyAinv(g);
    const c = this.tau * this.sigma;
    for (let j = 0; j < net.n; j++) out[j] -= c * g[j];
  }
}
