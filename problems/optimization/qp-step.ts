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
 * S is factored once as S = Y Yᵀ (pivoted Cholesky, Y n×ρ, ρ = rank S ≤ min(rank Q, n − m)), and
 * Woodbury gives A_τ⁻¹ = I − Y B_τ⁻¹ Yᵀ with B_τ = I/τ + YᵀY (ρ×ρ). Since A_τ⁻¹ N = A_τ⁻¹ − P,
 *
 *     M = −h C W⁻¹G = τσ C (A_τ⁻¹ − P) Cᵀ = τσ (K − F B_τ⁻¹ Fᵀ),   K = C N Cᵀ,   F = C Y (k×ρ):
 *
 * K (the LP matrix), F and YᵀY are formed once; a new step size costs a Cholesky factorisation of
 * B_τ (ρ³/3), a triangular solve with k right-hand sides (ρ²k/2) and a symmetric rank-ρ product
 * (ρk²/2), on contiguous rows. M comes out exactly symmetric, so the relay solver's active blocks
 * take Cholesky.
 */
import { InputError } from "../../src/errors.ts";
import { cholFactor, cholSolve } from "../../src/linalg/dense.ts";
import { applyP, projectNull, type LiuWangNetwork } from "./network.ts";

interface QpStep {
  /** Cholesky factor of B_τ = I/τ + YᵀY (lower triangle, ρ×ρ). */
  L: Float64Array;
  M: Float64Array;
}

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

/** Step operators for a QP network, cached for the last few (τ, σ). */
export class QpStepOps {
  M: Float64Array = new Float64Array(0);
  private step: QpStep | null = null;
  private readonly cache = new Map<string, QpStep>();
  /** Yᵀ (ρ×n). */
  private readonly Yt: Float64Array;
  private readonly rank: number;
  /** YᵀY (ρ×ρ). */
  private readonly E: Float64Array;
  /** F = C Y (k×ρ). */
  private readonly F: Float64Array;
  /** Zᵀ = F L⁻ᵀ (k×ρ), B_τ = LLᵀ, so that F B_τ⁻¹ Fᵀ = Zᵀ Z. */
  private readonly Zt: Float64Array;
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
    private readonly K: Float64Array,
  ) {
    const { n, k, m, C } = net;
    const Q = net.problem.Q!;
    this.tmpM = new Float64Array(Math.max(m, 1));
    this.px = new Float64Array(n);
    this.v = new Float64Array(n);
    this.g = new Float64Array(n);
    // S = NQN: project the columns, then the rows (Q symmetric), then symmetrise exactly
    const S = Float64Array.from(Q);
    const col = new Float64Array(n);
    if (m > 0) {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) col[i] = S[i * n + j];
        projectNull(net, col, this.tmpM);
        for (let i = 0; i < n; i++) S[i * n + j] = col[i];
      }
      for (let i = 0; i < n; i++) projectNull(net, S.subarray(i * n, (i + 1) * n), this.tmpM);
    }
    let maxDiag = 0;
    for (let i = 0; i < n; i++) {
      maxDiag = Math.max(maxDiag, Math.abs(S[i * n + i]));
      for (let j = 0; j < i; j++) {
        const a = 0.5 * (S[i * n + j] + S[j * n + i]);
        S[i * n + j] = a;
        S[j * n + i] = a;
      }
    }
    // rank cut at the rounding level of the projections (n ulps of the largest diagonal)
    const { Yt, rank } = pivotedCholesky(n, S, Math.max(n, 16) * 2.3e-16 * maxDiag);
    const r = rank;
    this.Yt = Yt;
    this.rank = r;
    this.yv = new Float64Array(Math.max(r, 1));
    const E = new Float64Array(r * r);
    for (let a = 0; a < r; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        const ra = a * n;
        const rb = b * n;
        for (let i = 0; i < n; i++) s += Yt[ra + i] * Yt[rb + i];
        E[a * r + b] = s;
        E[b * r + a] = s;
      }
    }
    this.E = E;
    const F = new Float64Array(k * r);
    for (let a = 0; a < r; a++) {
      const ra = a * n;
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) s += C.values[p] * Yt[ra + C.colIdx[p]];
        F[i * r + a] = s;
      }
    }
    this.F = F;
    this.Zt = new Float64Array(k * r);
  }

  /** Selects the operators for step τ and gain σ. @returns true when M changed. */
  set(tau: number, sigma: number): boolean {
    if (tau === this.tau && sigma === this.sigma && this.step) return false;
    const key = `${tau}|${sigma}`;
    let step = this.cache.get(key);
    if (!step) {
      if (this.cache.size >= 4) this.cache.delete(this.cache.keys().next().value!);
      step = this.build(tau, sigma);
      this.cache.set(key, step);
    }
    this.tau = tau;
    this.sigma = sigma;
    const changed = step !== this.step;
    this.step = step;
    this.M = step.M;
    return changed;
  }

  private build(tau: number, sigma: number): QpStep {
    const { k } = this.net;
    const { rank: r, E, F, Zt, K } = this;
    const L = Float64Array.from(E);
    for (let a = 0; a < r; a++) L[a * r + a] += 1 / tau;
    if (!cholFactor(r, L)) throw new InputError(`invalid argument: I/τ + YᵀY is not positive definite for τ = ${tau}: Q must be positive semidefinite`);
    // Zᵀ = F L⁻ᵀ: row i solves L z = (row i of F) by forward substitution (contiguous dot products)
    for (let i = 0; i < k; i++) {
      const zi = i * r;
      for (let a = 0; a < r; a++) {
        let s = F[zi + a];
        const la = a * r;
        for (let b = 0; b < a; b++) s -= L[la + b] * Zt[zi + b];
        Zt[zi + a] = s / L[la + a];
      }
    }
    // M = τσ(K − ZᵀZ): dot products of the rows of Zᵀ, four at a time, mirrored
    const M = new Float64Array(k * k);
    const c = tau * sigma;
    for (let i = 0; i < k; i++) {
      const zi = i * r;
      let j = i;
      for (; j + 3 < k; j += 4) {
        const z0 = j * r;
        const z1 = z0 + r;
        const z2 = z1 + r;
        const z3 = z2 + r;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let a = 0; a < r; a++) {
          const x = Zt[zi + a];
          s0 += x * Zt[z0 + a];
          s1 += x * Zt[z1 + a];
          s2 += x * Zt[z2 + a];
          s3 += x * Zt[z3 + a];
        }
        M[i * k + j] = c * (K[i * k + j] - s0);
        M[i * k + j + 1] = c * (K[i * k + j + 1] - s1);
        M[i * k + j + 2] = c * (K[i * k + j + 2] - s2);
        M[i * k + j + 3] = c * (K[i * k + j + 3] - s3);
      }
      for (; j < k; j++) {
        const zj = j * r;
        let s0 = 0;
        for (let a = 0; a < r; a++) s0 += Zt[zi + a] * Zt[zj + a];
        M[i * k + j] = c * (K[i * k + j] - s0);
      }
      for (let j2 = i + 1; j2 < k; j2++) M[j2 * k + i] = M[i * k + j2];
    }
    return { L, M };
  }

  /** out ← A_τ⁻¹ out = out − Y B_τ⁻¹ Yᵀ out. */
  private applyAinv(out: Float64Array): void {
    const { n } = this.net;
    const { rank: r, Yt, yv } = this;
    for (let a = 0; a < r; a++) {
      let s = 0;
      const ra = a * n;
      for (let i = 0; i < n; i++) s += Yt[ra + i] * out[i];
      yv[a] = s;
    }
    cholSolve(r, this.step!.L, yv);
    for (let a = 0; a < r; a++) {
      const s = yv[a];
      if (s === 0) continue;
      const ra = a * n;
      for (let i = 0; i < n; i++) out[i] -= Yt[ra + i] * s;
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
