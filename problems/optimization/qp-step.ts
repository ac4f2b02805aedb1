/**
 * Closed-form implicit-step operators of the Liu–Wang QP network (see `network.ts`):
 *
 *     B = (P + NQ)/ε,   G = −(σ/ε) N Cᵀ,   N = I − P,   h = τε,   W = I + τ(P + NQ).
 *
 * W leaves range(P) and null(A) = range(N) invariant in the sense needed here: for W y = v,
 * P y = P v/(1 + τ) (as PN = 0), and N y solves (I + τS) N y = N(v − τQ P y) with S = NQN
 * (symmetric PSD; A_τ = I + τS is symmetric positive definite and maps null(A) into itself). Hence
 *
 *     W⁻¹v = Pv/(1 + τ) + A_τ⁻¹ N(v − τQ Pv/(1 + τ)),
 *     h W⁻¹G = −τσ A_τ⁻¹ N Cᵀ,
 *     M = −h C W⁻¹G = τσ G₀ᵀ A_τ⁻¹ G₀ = τσ XᵀX,   G₀ = N Cᵀ (n×k),   X = L⁻¹G₀,   A_τ = LLᵀ.
 *
 * S and G₀ are formed once; each step size costs one Cholesky factorisation (n³/3), one triangular
 * solve with k right-hand sides (n²k/2) and one symmetric rank-n product (nk²/2), all on contiguous
 * rows, and M comes out exactly symmetric (so the relay solver's active blocks take Cholesky).
 */
import { InputError } from "../../src/errors.ts";
import { cholFactor, cholSolve } from "../../src/linalg/dense.ts";
import { applyP, projectNull, type LiuWangNetwork } from "./network.ts";

interface QpStep {
  /** Cholesky factor of A_τ = I + τS (lower triangle, n×n). */
  L: Float64Array;
  M: Float64Array;
}

/** Step operators for a QP network, cached for the last few (τ, σ). */
export class QpStepOps {
  M: Float64Array = new Float64Array(0);
  private step: QpStep | null = null;
  private readonly cache = new Map<string, QpStep>();
  /** S = N Q N, n×n. */
  private readonly S: Float64Array;
  /** G₀ = N Cᵀ, n×k row-major. */
  private readonly G0: Float64Array;
  private readonly X: Float64Array;
  private tau = 0;
  private sigma = 0;
  private readonly tmpM: Float64Array;
  private readonly px: Float64Array;
  private readonly v: Float64Array;
  private readonly g: Float64Array;

  constructor(private readonly net: LiuWangNetwork) {
    const { n, k, m, C } = net;
    const Q = net.problem.Q!;
    this.tmpM = new Float64Array(Math.max(m, 1));
    this.px = new Float64Array(n);
    this.v = new Float64Array(n);
    this.g = new Float64Array(n);
    // S = NQN: T = NQ row by row (columns of Q = rows, Q symmetric), then S = T N (rows of T projected)
    const S = Float64Array.from(Q);
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) col[i] = S[i * n + j];
      projectNull(net, col, this.tmpM);
      for (let i = 0; i < n; i++) S[i * n + j] = col[i];
    }
    for (let i = 0; i < n; i++) projectNull(net, S.subarray(i * n, (i + 1) * n), this.tmpM);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const a = 0.5 * (S[i * n + j] + S[j * n + i]);
        S[i * n + j] = a;
        S[j * n + i] = a;
      }
    }
    this.S = S;
    // G₀ = N Cᵀ, column i = N (row i of C)
    const G0 = new Float64Array(n * k);
    for (let i = 0; i < k; i++) {
      col.fill(0);
      for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) col[C.colIdx[p]] = C.values[p];
      if (m > 0) projectNull(net, col, this.tmpM);
      for (let j = 0; j < n; j++) G0[j * k + i] = col[j];
    }
    this.G0 = G0;
    this.X = new Float64Array(n * k);
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
    const { n, k } = this.net;
    const { S, G0, X } = this;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) L[i] = tau * S[i];
    for (let i = 0; i < n; i++) L[i * n + i] += 1;
    if (!cholFactor(n, L)) throw new InputError(`invalid argument: I + τ(I − P)Q(I − P) is not positive definite for τ = ${tau}: Q must be positive semidefinite`);
    // X = L⁻¹ G₀ by forward substitution on rows of length k
    for (let i = 0; i < n; i++) {
      const xi = i * k;
      for (let j = 0; j < k; j++) X[xi + j] = G0[xi + j];
      for (let p = 0; p < i; p++) {
        const lip = L[i * n + p];
        if (lip === 0) continue;
        const xp = p * k;
        for (let j = 0; j < k; j++) X[xi + j] -= lip * X[xp + j];
      }
      const inv = 1 / L[i * n + i];
      for (let j = 0; j < k; j++) X[xi + j] *= inv;
    }
    // M = τσ XᵀX (upper triangle by rank-one row updates, then mirrored)
    const M = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const xi = i * k;
      for (let a = 0; a < k; a++) {
        const xa = X[xi + a];
        if (xa === 0) continue;
        const row = a * k;
        for (let b = a; b < k; b++) M[row + b] += xa * X[xi + b];
      }
    }
    const c = tau * sigma;
    for (let a = 0; a < k; a++) {
      M[a * k + a] *= c;
      for (let b = a + 1; b < k; b++) {
        const v = M[a * k + b] * c;
        M[a * k + b] = v;
        M[b * k + a] = v;
      }
    }
    return { L, M };
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
    cholSolve(n, this.step!.L, out);
    for (let j = 0; j < n; j++) out[j] += px[j];
  }

  /** out += h W⁻¹ G s = −τσ A_τ⁻¹ N Cᵀ s. */
  correct(s: Float64Array, out: Float64Array): void {
    const { net, g } = this;
    const n = net.n;
    net.C.applyTranspose(s, g);
    projectNull(net, g, this.tmpM);
    cholSolve(n, this.step!.L, g);
    const c = this.tau * this.sigma;
    for (let j = 0; j < n; j++) out[j] -= c * g[j];
  }
}
