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
  /** Scratch for one 4×4 block of ZᵀZ. */
  private readonly block = new Float64Array(16);
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
    // M = τσ(K − ZᵀZ): dot products of the rows of Zᵀ in 4×4 blocks (each row of Zᵀ is read once
    // per block instead of once per entry), each entry summed in the order a = 0…ρ−1, mirrored
    const M = new Float64Array(k * k);
    const c = tau * sigma;
    const blk = this.block;
    const set = (i: number, j: number, dotij: number) => {
      const v = c * (K[i * k + j] - dotij);
      M[i * k + j] = v;
      M[j * k + i] = v;
    };
    for (let i0 = 0; i0 < k; i0 += 4) {
      for (let j0 = i0; j0 < k; j0 += 4) {
        if (i0 + 4 <= k && j0 + 4 <= k) {
          const a0 = i0 * r, a1 = a0 + r, a2 = a1 + r, a3 = a2 + r;
          const b0 = j0 * r, b1 = b0 + r, b2 = b1 + r, b3 = b2 + r;
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
          for (let a = 0; a < r; a++) {
            const x0 = Zt[a0 + a], x1 = Zt[a1 + a], x2 = Zt[a2 + a], x3 = Zt[a3 + a];
            const y0 = Zt[b0 + a], y1 = Zt[b1 + a], y2 = Zt[b2 + a], y3 = Zt[b3 + a];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
          }
          blk[0] = s00; blk[1] = s01; blk[2] = s02; blk[3] = s03; blk[4] = s10; blk[5] = s11; blk[6] = s12; blk[7] = s13;
          blk[8] = s20; blk[9] = s21; blk[10] = s22; blk[11] = s23; blk[12] = s30; blk[13] = s31; blk[14] = s32; blk[15] = s33;
          for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) if (j0 + v >= i0 + u) set(i0 + u, j0 + v, blk[u * 4 + v]);
        } else {
          for (let i = i0; i < Math.min(i0 + 4, k); i++) {
            for (let j = Math.max(j0, i); j < Math.min(j0 + 4, k); j++) {
              let d = 0;
              for (let a = 0; a < r; a++) d += Zt[i * r + a] * Zt[j * r + a];
              set(i, j, d);
            }
          }
        }
      }
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
