/**
 * Closed-form implicit steps of the Liu–Wang LP network (see `network.ts`): with f = cᵀx the
 * operator W = I + τP has W⁻¹ = I − τ/(1+τ)P, and W⁻¹G = G = −(σ/ε)(I−P)Cᵀ (PG = 0), so the relay
 * matrix is M = τσK with the fixed K = C(I−P)Cᵀ: a new step size or gain only rescales M, and the
 * factorisations of K's active blocks serve every step.
 */
import type { RelayCoordinateOps } from "../../src/relay/matrix.ts";
import { dotAt } from "../../src/linalg/dense.ts";
import { DenseRelayMatrix } from "../../src/relay/matrix.ts";
import { projectNull, type LiuWangNetwork } from "./network.ts";
import type { StepOps } from "./step-ops.ts";

/** LP closed form: W⁻¹ = I − τ/(1+τ)P, W⁻¹G = G = −(σ/ε)(I−P)Cᵀ, M = τσK, K = C(I−P)Cᵀ. */
export class LpStepOps implements StepOps {
  /** M = a K with K fixed: factorisations of K's blocks serve every step size and gain. */
  readonly M: DenseRelayMatrix;
  /** Factored Gauss–Seidel rows of the same M (see {@link LpCoordinateOps}). */
  private readonly coord: LpCoordinateOps;
  private tau = 0;
  private sigma = 0;
  private readonly tmpM: Float64Array;
  private readonly px: Float64Array;
  private readonly g: Float64Array;
  constructor(private readonly net: LiuWangNetwork) {
    this.coord = new LpCoordinateOps(net);
    this.M = new DenseRelayMatrix(net.k, constraintGram(net), this.coord, true); // K = C(I−P)Cᵀ: a Gram matrix
    this.tmpM = new Float64Array(Math.max(net.m, 1));
    this.px = new Float64Array(net.n);
    this.g = new Float64Array(net.n);
  }
  set(tau: number, sigma: number): void {
    this.tau = tau;
    this.sigma = sigma;
    this.M.setScale(tau * sigma);
    this.coord.a = tau * sigma;
  }
  free(x: Float64Array, out: Float64Array): void {
    const { net, tau, px } = this;
    const n = net.n;
    // P x = Uᵀ(Ux)
    px.fill(0);
    const { U, m } = net;
    for (let r = 0; r < m; r++) {
      let s = 0;
      const row = r * n;
      for (let j = 0; j < n; j++) s += U[row + j] * x[j];
      for (let j = 0; j < n; j++) px[j] += U[row + j] * s;
    }
    const a = tau / (1 + tau);
    for (let j = 0; j < n; j++) out[j] = x[j] - a * (px[j] - net.q[j]) - tau * net.Nc[j];
  }
  correct(s: Float64Array, out: Float64Array): void {
    const { net, g } = this;
    net.C.applyTranspose(s, g);
    projectNull(net, g, this.tmpM);
    const a = this.tau * this.sigma;
    for (let j = 0; j < net.n; j++) out[j] -= a * g[j];
  }
}

/**
 * K = C(I − P)Cᵀ (k×k, dense, symmetric PSD) = CCᵀ − VᵀV with V = U Cᵀ (m×k).
 * Costs O(Σ_j nnz(col j)² + m·nnz(C) + k²m/2).
 */
export function constraintGram(net: LiuWangNetwork): Float64Array {
  const { k, n, m, C } = net;
  const K = new Float64Array(k * k);
  // CCᵀ via the columns of C
  const colRows: number[][] = Array.from({ length: n }, () => []);
  const colVals: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < k; i++) {
    for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) {
      colRows[C.colIdx[p]].push(i);
      colVals[C.colIdx[p]].push(C.values[p]);
    }
  }
  for (let j = 0; j < n; j++) {
    const rs = colRows[j];
    const vs = colVals[j];
    for (let a = 0; a < rs.length; a++) for (let b = 0; b < rs.length; b++) K[rs[a] * k + rs[b]] += vs[a] * vs[b];
  }
  if (m > 0) {
    // the upper triangle of VᵀV, then mirrored: K stays exactly symmetric
    const V = constraintImage(net);
    for (let r = 0; r < m; r++) {
      const row = r * k;
      for (let i = 0; i < k; i++) {
        const vi = V[row + i];
        if (vi === 0) continue;
        const Ki = i * k;
        for (let j = i; j < k; j++) K[Ki + j] -= vi * V[row + j];
      }
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) K[i * k + j] = K[j * k + i];
  }
  return K;
}

/** V = U Cᵀ (m×k, row-major: V[r][i] = U_r · C_i), the equality-row components of the unit rows. */
export function constraintImage(net: LiuWangNetwork): Float64Array {
  const { k, n, m, U, C } = net;
  const V = new Float64Array(m * k);
  for (let i = 0; i < k; i++) {
    for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) {
      const j = C.colIdx[p];
      const v = C.values[p];
      for (let r = 0; r < m; r++) V[r * k + i] += U[r * n + j] * v;
    }
  }
  return V;
}

/**
 * Gauss–Seidel rows of the LP relay matrix M = a K, a = τσ, in factored form
 *
 *     K = C(I − P)Cᵀ = CCᵀ − VᵀV,   V = U Cᵀ (P = UᵀU, U Uᵀ = I),
 *
 * keeping g = Cᵀs (n) and h = V s (m): (M s)_i = a (c_iᵀ g − v_iᵀ h), c_i the i-th (sparse) row
 * of C and v_i the i-th column of V, so a row product and an update s_i += δ (g += δ c_i,
 * h += δ v_i) each cost O(nnz(c_i) + m) instead of the O(k) of a dense row of M.
 */
export class LpCoordinateOps implements RelayCoordinateOps {
  /** The scale a of M = a K (set by the owner with M). */
  a = 0;
  private readonly rowPtr: Int32Array;
  private readonly colIdx: Int32Array;
  private readonly values: Float64Array;
  /** Vᵀ (k×m, row-major): row i is v_i. */
  private readonly Vt: Float64Array;
  private readonly g: Float64Array;
  private readonly h: Float64Array;
  private readonly k: number;
  private readonly m: number;
  constructor(net: LiuWangNetwork) {
    const { k, m, n, C } = net;
    this.k = k;
    this.m = m;
    this.rowPtr = C.rowPtr;
    this.colIdx = C.colIdx;
    this.values = C.values;
    const V = constraintImage(net);
    this.Vt = new Float64Array(k * m);
    for (let r = 0; r < m; r++) for (let i = 0; i < k; i++) this.Vt[i * m + r] = V[r * k + i];
    this.g = new Float64Array(n);
    this.h = new Float64Array(m);
  }
  begin(s: Float64Array): void {
    const { k, m, rowPtr, colIdx, values, Vt, g, h } = this;
    g.fill(0);
    h.fill(0);
    for (let i = 0; i < k; i++) {
      const si = s[i];
      if (si === 0) continue;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) g[colIdx[p]] += values[p] * si;
      const row = i * m;
      for (let r = 0; r < m; r++) h[r] += Vt[row + r] * si;
    }
  }
  rowDot(i: number): number {
    const { m, rowPtr, colIdx, values, Vt, g, h } = this;
    let c = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) c += values[p] * g[colIdx[p]];
    return this.a * (c - dotAt(m, Vt, i * m, h, 0));
  }
  update(i: number, delta: number): void {
    const { m, rowPtr, colIdx, values, Vt, g, h } = this;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) g[colIdx[p]] += values[p] * delta;
    const row = i * m;
    for (let r = 0; r < m; r++) h[r] += Vt[row + r] * delta;
  }
}
