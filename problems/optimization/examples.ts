/**
 * Test problems with known optima (see the project notes on Liu–Wang networks, §5) and a seeded
 * generator of random feasible LPs/QPs.
 */
import { Random } from "../../src/random.ts";
import { validateOptimizationProblem, csrFromDense, type OptimizationProblem } from "../../src/io/optimization-problem.ts";
import { CsrOperator } from "../../src/model/operator.ts";

/**
 * The Liu–Wang-style LP: min 4x1 + x2 + 2x3 s.t. x1 − 2x2 + x3 = 2, −x1 + 2x2 + x3 = 1, −5 ≤ x ≤ 5.
 * Optimum x* = (−5, −2.75, 1.5), f* = −19.75; gain threshold σ* = 4.5 (L = 9/√5, β = 2/√5).
 */
export function liuWangExample(): OptimizationProblem {
  return validateOptimizationProblem({
    name: "liu-wang-lp",
    c: Float64Array.of(4, 1, 2),
    Aeq: csrFromDense([[1, -2, 1], [-1, 2, 1]], 3),
    beq: Float64Array.of(2, 1),
    lb: Float64Array.of(-5, -5, -5),
    ub: Float64Array.of(5, 5, 5),
  });
}
/** Known optimum of {@link liuWangExample}. */
export const LIU_WANG_OPTIMUM = { x: [-5, -2.75, 1.5], objective: -19.75, sigmaThreshold: 4.5 };

/**
 * The classic 2-D QP: min x1² + x2² + x1x2 − 30x1 − 30x2 s.t. (5/12)x1 − x2 ≤ 35/12,
 * (5/2)x1 + x2 ≤ 35/2, −5 ≤ x ≤ 5. Optimum (5, 5), f* = −225.
 */
export function classicQp(): OptimizationProblem {
  return validateOptimizationProblem({
    name: "classic-qp",
    c: Float64Array.of(-30, -30),
    Q: Float64Array.of(2, 1, 1, 2),
    Aineq: csrFromDense([[5 / 12, -1], [5 / 2, 1]], 2),
    bineq: Float64Array.of(35 / 12, 35 / 2),
    lb: Float64Array.of(-5, -5),
    ub: Float64Array.of(5, 5),
  });
}

/** Cost matrix of the 4×4 assignment example (optimum 10: 1→2, 2→1, 3→3, 4→4). */
export const ASSIGNMENT_COST = [
  [4, 2, 8, 5],
  [3, 7, 6, 9],
  [8, 4, 2, 6],
  [5, 9, 7, 3],
];

/**
 * The linear assignment LP for a square cost matrix: x_ij ∈ [0, 1], every row and column sums to 1
 * (all 2N equalities are kept; one is redundant and is dropped by the network builder).
 */
export function assignmentProblem(cost: number[][] = ASSIGNMENT_COST): OptimizationProblem {
  const N = cost.length;
  const n = N * N;
  const entries: number[][] = [];
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
    entries.push([i, i * N + j, 1]);
    entries.push([N + j, i * N + j, 1]);
  }
  return validateOptimizationProblem({
    name: `assignment-${N}`,
    c: Float64Array.from(cost.flat()),
    Aeq: CsrOperator.fromTriplets(2 * N, n, entries),
    beq: new Float64Array(2 * N).fill(1),
    lb: new Float64Array(n),
    ub: new Float64Array(n).fill(1),
  });
}

/**
 * The SVM dual QP of 6 points (3 per class), linear kernel, C = 10:
 * min ½αᵀQα − 1ᵀα, Q_ij = y_i y_j x_iᵀx_j, s.t. yᵀα = 0, 0 ≤ α ≤ C. Optimum f* = −0.25.
 */
export function svmDual(points: number[][] = [[2, 2], [2, 3], [3, 2], [0, 0], [-1, 0], [0, -1]], labels: number[] = [1, 1, 1, -1, -1, -1], C = 10): OptimizationProblem {
  const n = points.length;
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Q[i * n + j] = labels[i] * labels[j] * (points[i][0] * points[j][0] + points[i][1] * points[j][1]);
  return validateOptimizationProblem({
    name: "svm-dual",
    c: new Float64Array(n).fill(-1),
    Q,
    Aeq: csrFromDense([labels], n),
    beq: Float64Array.of(0),
    lb: new Float64Array(n),
    ub: new Float64Array(n).fill(C),
  });
}

/** Uniform numbers in [0, 1) from the package's seeded generator ({@link Random}, mulberry32). */
export function seededRandom(seed: number): () => number {
  const r = new Random(seed);
  return () => r.uniform();
}

/** Options of {@link randomProblem}. */
export interface RandomProblemOptions {
  /** Equality rows (default ⌊n/5⌋). */
  meq?: number;
  /** Inequality rows (default ⌊n/2⌋). */
  mineq?: number;
  /** Nonzeros per constraint row (default min(n, 5)). */
  rowNnz?: number;
  /** Add a PSD quadratic term Q = LLᵀ/rank with L n×rank (default: LP). */
  qpRank?: number;
  /** Fraction of inequalities active at the generating point (zero slack; default 0.3: degenerate). */
  tightFraction?: number;
  /** Fraction of variables with one infinite bound (default 0.1). */
  oneSided?: number;
}

/**
 * A random feasible, bounded LP/QP with equalities, inequalities and bounds, reproducible from `seed`:
 * a point x̂ inside the bounds is drawn first, then beq = Aeq x̂ and bineq = Aineq x̂ + slack
 * (slack 0 for a `tightFraction` of the rows, which makes degenerate vertices likely). Variables with
 * a one-sided bound get a cost that pushes them towards their finite bound, so the LP is bounded.
 */
export function randomProblem(n: number, seed: number, o: RandomProblemOptions = {}): OptimizationProblem {
  const rnd = seededRandom(seed);
  const meq = o.meq ?? Math.floor(n / 5);
  const mineq = o.mineq ?? Math.floor(n / 2);
  const nnz = Math.min(n, o.rowNnz ?? 5);
  const tight = o.tightFraction ?? 0.3;
  const lb = new Float64Array(n);
  const ub = new Float64Array(n);
  const xh = new Float64Array(n);
  const c = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    lb[j] = -1 - Math.floor(rnd() * 10);
    ub[j] = 1 + Math.floor(rnd() * 10);
    xh[j] = lb[j] + (ub[j] - lb[j]) * (0.2 + 0.6 * rnd());
    c[j] = Math.round((rnd() * 2 - 1) * 100) / 10;
    const r = rnd();
    if (r < (o.oneSided ?? 0.1) / 2) {
      ub[j] = Infinity;
      c[j] = 0.5 + Math.abs(c[j]); // minimising pushes x_j down to lb
    } else if (r < (o.oneSided ?? 0.1)) {
      lb[j] = -Infinity;
      c[j] = -0.5 - Math.abs(c[j]);
    }
  }
  const rows = (count: number) => {
    const e: number[][] = [];
    for (let i = 0; i < count; i++) {
      const cols = new Set<number>();
      while (cols.size < nnz) cols.add(Math.floor(rnd() * n));
      for (const j of cols) e.push([i, j, Math.round((rnd() * 2 - 1) * 50) / 10 || 1]);
    }
    return CsrOperator.fromTriplets(count, n, e);
  };
  const Aeq = rows(meq);
  const Aineq = rows(mineq);
  const beq = new Float64Array(meq);
  const bineq = new Float64Array(mineq);
  Aeq.apply(xh, beq);
  Aineq.apply(xh, bineq);
  for (let i = 0; i < mineq; i++) if (rnd() >= tight) bineq[i] += Math.round(rnd() * 20) / 10;
  let Q: Float64Array | null = null;
  if (o.qpRank) {
    const r = o.qpRank;
    const L = new Float64Array(n * r);
    for (let i = 0; i < n * r; i++) L[i] = rnd() < Math.min(1, 8 / r) ? rnd() * 2 - 1 : 0;
    Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let a = 0; a < r; a++) s += L[i * r + a] * L[j * r + a];
      Q[i * n + j] = s;
      Q[j * n + i] = s;
    }
  }
  return validateOptimizationProblem({ name: `random-${Q ? "qp" : "lp"}-${n}-${seed}`, c, Q, Aeq, beq, Aineq, bineq, lb, ub });
}
