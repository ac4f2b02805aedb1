/**
 * The LP/QP problem every optimization file format is read into:
 *
 *     minimise  ½ xᵀQx + cᵀx
 *     subject to  Aeq x = beq,   Aineq x ≤ bineq,   lb ≤ x ≤ ub
 *
 * with x ∈ ℝⁿ, Q symmetric positive semidefinite (absent for an LP), the constraint matrices in
 * CSR form and infinite bounds for unbounded variables. Read by `problem-json.ts` and `mps.ts`;
 * solved by the Liu–Wang networks of `problems/optimization/`.
 */
import { InputError, describe } from "../errors.ts";
import { cholFactor } from "../linalg/dense.ts";
import { CsrOperator } from "../model/operator.ts";

/** A validated LP/QP (see the module comment). */
export interface OptimizationProblem {
  name: string;
  n: number;
  c: Float64Array;
  /** Dense symmetric PSD n×n (row-major), or null for an LP. */
  Q: Float64Array | null;
  Aeq: CsrOperator;
  beq: Float64Array;
  Aineq: CsrOperator;
  bineq: Float64Array;
  /** Lower bounds (−Infinity when unbounded). */
  lb: Float64Array;
  /** Upper bounds (+Infinity when unbounded). */
  ub: Float64Array;
  /** Row names (MPS) for messages; optional. */
  rowNames?: { eq: string[]; ineq: string[] };
  colNames?: string[];
}

/** The raw parts of a problem before validation. */
export interface ProblemParts {
  name?: string;
  c: Float64Array;
  Q?: Float64Array | null;
  Aeq?: CsrOperator;
  beq?: Float64Array;
  Aineq?: CsrOperator;
  bineq?: Float64Array;
  lb?: Float64Array;
  ub?: Float64Array;
  rowNames?: { eq: string[]; ineq: string[] };
  colNames?: string[];
}

const emptyCsr = (n: number) => new CsrOperator(0, n, new Int32Array(1), new Int32Array(0), new Float64Array(0));

/**
 * Checks the shapes and values of a problem and fills in defaults (no constraints, unbounded variables).
 *
 * Q must be symmetric (to 1e-10 relative) and positive semidefinite (Cholesky of Q + δI, δ = 1e-10·(1 + max|Q_ii|)·n, must succeed).
 * @param where - the file the problem came from (prefix of error messages).
 * @throws InputError naming the file, the field and the bad value: empty problem, dimension mismatch,
 * NaN/infinite data, lb = +∞ or ub = −∞, non-symmetric or indefinite Q.
 */
export function validateOptimizationProblem(parts: ProblemParts, where?: string): OptimizationProblem {
  const fail = (msg: string): never => {
    throw new InputError(msg, where);
  };
  const n = parts.c.length;
  if (n === 0) fail("invalid problem: `c` is empty (the problem has no variables)");
  for (let j = 0; j < n; j++) if (!Number.isFinite(parts.c[j])) fail(`invalid problem: \`c[${j}]\` must be a finite number, got ${describe(parts.c[j])}`);
  const mat = (A: CsrOperator | undefined, b: Float64Array | undefined, an: string, bn: string): [CsrOperator, Float64Array] => {
    const M = A ?? emptyCsr(n);
    const v = b ?? new Float64Array(M.rows);
    if (M.cols !== n) fail(`invalid problem: \`${an}\` must have ${n} columns (the length of c), got ${M.cols}`);
    if (v.length !== M.rows) fail(`invalid problem: \`${bn}\` must have ${M.rows} entries (the rows of ${an}), got ${v.length}`);
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) fail(`invalid problem: \`${bn}[${i}]\` must be a finite number, got ${describe(v[i])}`);
    for (let p = 0; p < M.values.length; p++) if (!Number.isFinite(M.values[p])) fail(`invalid problem: \`${an}\` has a non-finite entry ${describe(M.values[p])}`);
    return [M, v];
  };
  const [Aeq, beq] = mat(parts.Aeq, parts.beq, "Aeq", "beq");
  const [Aineq, bineq] = mat(parts.Aineq, parts.bineq, "Aineq", "bineq");
  const lb = parts.lb ?? new Float64Array(n).fill(-Infinity);
  const ub = parts.ub ?? new Float64Array(n).fill(Infinity);
  if (lb.length !== n) fail(`invalid problem: \`lb\` must have ${n} entries (the length of c), got ${lb.length}`);
  if (ub.length !== n) fail(`invalid problem: \`ub\` must have ${n} entries (the length of c), got ${ub.length}`);
  for (let j = 0; j < n; j++) {
    if (Number.isNaN(lb[j]) || lb[j] === Infinity) fail(`invalid problem: \`lb[${j}]\` must be a number or null (−∞), got ${describe(lb[j])}`);
    if (Number.isNaN(ub[j]) || ub[j] === -Infinity) fail(`invalid problem: \`ub[${j}]\` must be a number or null (+∞), got ${describe(ub[j])}`);
  }
  let Q: Float64Array | null = parts.Q ?? null;
  if (Q) {
    if (Q.length !== n * n) fail(`invalid problem: \`Q\` must be ${n}×${n} (the length of c), got ${Q.length} entries`);
    let scale = 0;
    let nz = false;
    for (let i = 0; i < n * n; i++) {
      if (!Number.isFinite(Q[i])) fail(`invalid problem: \`Q[${Math.floor(i / n)}][${i % n}]\` must be a finite number, got ${describe(Q[i])}`);
      scale = Math.max(scale, Math.abs(Q[i]));
      if (Q[i] !== 0) nz = true;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (Math.abs(Q[i * n + j] - Q[j * n + i]) > 1e-10 * (1 + scale)) {
          fail(`invalid problem: \`Q\` must be symmetric, got Q[${i}][${j}] = ${Q[i * n + j]} but Q[${j}][${i}] = ${Q[j * n + i]}`);
        }
      }
    }
    if (!nz) Q = null;
    else {
      const t = Float64Array.from(Q);
      const delta = 1e-10 * (1 + scale) * n;
      for (let i = 0; i < n; i++) t[i * n + i] += delta;
      if (!cholFactor(n, t)) fail("invalid problem: `Q` must be positive semidefinite (a convex QP), but it has a negative eigenvalue (Cholesky failed)");
    }
  }
  return { name: parts.name ?? "problem", n, c: parts.c, Q, Aeq, beq, Aineq, bineq, lb, ub, rowNames: parts.rowNames, colNames: parts.colNames };
}

/** Builds a CSR matrix from dense rows. */
export function csrFromDense(rows: ArrayLike<ArrayLike<number>>, cols: number): CsrOperator {
  const entries: number[][] = [];
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols; j++) if (rows[i][j] !== 0) entries.push([i, j, rows[i][j]]);
  return CsrOperator.fromTriplets(rows.length, cols, entries);
}
