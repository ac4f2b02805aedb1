/**
 * The L1 gradient network for an underdetermined linear system (Ferreira, Kaszkurewicz & Bhaya,
 * "Solving systems of linear equations via gradient systems with discontinuous righthand sides:
 * application to LS-SVM", IEEE Trans. Neural Networks 16(2), 2005) and its finite-time bound:
 *
 *     dx/dt ∈ −λ Aᵀ sgn(Ax − b),    A ∈ ℝ^{m×n}, m ≤ n, rank A = m,
 *     V = ‖r‖₁, r = Ax − b:  dV/dt = −λ‖Aᵀs‖² ≤ −λ λ_min(AAᵀ)‖s‖² ≤ −λ λ_min(AAᵀ)  while r ≠ 0,
 *     so r reaches 0 by  T ≤ ‖Ax₀ − b‖₁ / (λ λ_min(AAᵀ))  and stays there (sliding on every surface).
 *
 * (‖s‖² ≥ 1 because some r_i ≠ 0 has s_i = ±1; the chain rule along Filippov solutions is Forti,
 * Grazzini, Nistri & Pancioni, Physica D 214 (2006).) In the package's model: G = −λAᵀ, C = A,
 * d = b, sign laws, no smooth part. For an implicit Euler step h the same inequality holds per step
 * (x⁺ is the proximal step of λ‖A· − b‖₁, so V(x) − V(x⁺) ≥ hλ‖Aᵀs⁺‖² ≥ hλλ_min while r⁺ ≠ 0):
 * the first step time with r = 0 is at most T + h.
 */
import { InputError } from "../../src/errors.ts";
import { createInclusion, type Inclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator } from "../../src/model/operator.ts";
import { seededRandom } from "../optimization/examples.ts";

/** A linear system Ax = b (A dense row-major m×n). */
export interface LinearSystem {
  name: string;
  m: number;
  n: number;
  A: Float64Array;
  b: Float64Array;
  /** A solution used to build b (one of many). */
  xTrue: Float64Array;
}

/**
 * A seeded random underdetermined system: entries of A uniform in [−1, 1] (full row rank with
 * probability 1), b = A x̂ with x̂ sparse (⌈n/4⌉ nonzeros uniform in [−2, 2]).
 * @throws InputError unless 1 ≤ m ≤ n.
 */
export function randomUnderdeterminedSystem(m: number, n: number, seed: number): LinearSystem {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 1 && m <= n)) throw new InputError(`invalid argument: an underdetermined system needs integers 1 ≤ m ≤ n, got m = ${m}, n = ${n}`);
  const rnd = seededRandom(seed);
  const A = Float64Array.from({ length: m * n }, () => 2 * rnd() - 1);
  const xTrue = new Float64Array(n);
  for (let c = 0; c < Math.ceil(n / 4); c++) xTrue[Math.floor(rnd() * n)] = 4 * rnd() - 2;
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) b[i] += A[i * n + j] * xTrue[j];
  return { name: `l1-${m}x${n}-${seed}`, m, n, A, b, xTrue };
}

/**
 * The network dx/dt ∈ −λAᵀ sgn(Ax − b) as an {@link Inclusion} (see the module comment).
 * @param lambda - the gain λ > 0 (default 1).
 * @throws InputError for λ ≤ 0.
 */
export function l1Network(sys: LinearSystem, lambda = 1): Inclusion {
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new InputError(`invalid argument: \`lambda\` must be a positive number, got ${lambda}`);
  const { m, n, A } = sys;
  const G = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) G[j * m + i] = -lambda * A[i * n + j];
  return createInclusion({
    G: new DenseOperator(n, m, G),
    C: new DenseOperator(m, n, Float64Array.from(A)),
    d: Float64Array.from(sys.b),
    laws: LawSet.uniform(lawFromSpec("sign"), m),
    unitNames: Array.from({ length: m }, (_, i) => `r${i + 1}`),
  });
}

/** ‖Ax − b‖₁. */
export function residualL1(sys: LinearSystem, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < sys.m; i++) {
    let r = -sys.b[i];
    for (let j = 0; j < sys.n; j++) r += sys.A[i * sys.n + j] * x[j];
    s += Math.abs(r);
  }
  return s;
}

/**
 * Eigenvalues of a symmetric matrix (cyclic Jacobi rotations), ascending.
 * @param S - n×n symmetric, row-major (not modified).
 */
export function symmetricEigenvalues(n: number, S: Float64Array): number[] {
  const a = Float64Array.from(S);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]).sort((x, y) => x - y);
}

/** The finite-time bound of the L1 network (see the module comment). */
export interface L1Bound {
  /** T ≤ ‖Ax₀ − b‖₁/(λ λ_min(AAᵀ)), or null when A is not of full row rank. */
  T: number | null;
  /** λ_min(AAᵀ). */
  lambdaMin: number;
  /** ‖Ax₀ − b‖₁. */
  r0: number;
  /** Why the bound does not apply (empty when it does). */
  reason: string;
}

/**
 * The bound T ≤ ‖Ax₀ − b‖₁/(λ λ_min(AAᵀ)) (Ferreira, Kaszkurewicz & Bhaya 2005). Applies when A has
 * full row rank: λ_min(AAᵀ) > 1e-12·λ_max.
 */
export function l1FiniteTimeBound(sys: LinearSystem, x0: ArrayLike<number>, lambda = 1): L1Bound {
  const { m, n, A } = sys;
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * A[k * n + j];
    S[i * m + k] = s;
  }
  const ev = symmetricEigenvalues(m, S);
  const lambdaMin = ev[0];
  const r0 = residualL1(sys, x0);
  if (!(lambdaMin > 1e-12 * ev[m - 1])) return { T: null, lambdaMin, r0, reason: "A is not of full row rank (AAᵀ is singular): r = 0 may be unreachable" };
  return { T: r0 / (lambda * lambdaMin), lambdaMin, r0, reason: "" };
}
