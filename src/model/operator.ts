/**
 * Linear operators: the `G`, `C` and `B` of the model `dx/dt ∈ −Bx + u + G s, s ∈ Law(Cx − d)`.
 *
 * One interface, three storage forms: dense (row-major `Float64Array`), sparse CSR, and
 * matrix-free (`apply` / `applyTranspose` callbacks, e.g. a convolution). Every `apply` writes into
 * a caller-supplied output and returns it; none allocates.
 */
import { InputError, describe } from "../errors.ts";
import { gemv, gemvT } from "../linalg/dense.ts";

/** A linear map ℝ^cols → ℝ^rows with its adjoint. */
export interface LinearOperator {
  /** Number of rows (output length of {@link apply}). */
  readonly rows: number;
  /** Number of columns (input length of {@link apply}). */
  readonly cols: number;
  /** Storage form, for diagnostics and fast paths. */
  readonly kind: "dense" | "csr" | "matrix-free" | "identity";
  /** out = A x. `out` must not alias `x`. */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** out = Aᵀ y. `out` must not alias `y`. */
  applyTranspose(y: Float64Array, out: Float64Array): Float64Array;
  /**
   * Optional fused kernel (a projected dual step and the adjoint of its result):
   *
   *     p_i ← clip(p_i + σ((Ax)_i − c_i), −r_i, r_i) for every row i,   then   adjoint = Aᵀp,
   *
   * without forming Ax and without a second pass over p. Must give the same values as
   * {@link apply}, the update evaluated in that form, then {@link applyTranspose}. Solvers use it
   * when present. `adjoint` (length cols) must not alias the other arguments. No allocation.
   */
  applyClippedAscent?(x: Float64Array, p: Float64Array, sigma: number, c: Float64Array, r: Float64Array, adjoint: Float64Array): Float64Array;
  /**
   * Optional fused kernel: e + Σ_i w_i |(Ax)_i − c_i|, added to the running sum e in row order
   * (rows with w_i = 0 skipped), without forming Ax: the same value as {@link apply} followed by that
   * loop. No allocation.
   */
  weightedAbsResidual?(x: Float64Array, c: Float64Array, w: Float64Array, e: number): number;
}

/**
 * p_i ← clip(p_i + σ(y_i − c_i), −r_i, r_i) for i in [from, to) — the update behind
 * {@link LinearOperator.applyClippedAscent}, y = Ax already formed. No allocation.
 */
export function clippedAscent(y: Float64Array, p: Float64Array, sigma: number, c: Float64Array, r: Float64Array, from = 0, to = p.length): Float64Array {
  for (let i = from; i < to; i++) {
    const ri = r[i];
    const z = p[i] + sigma * (y[i] - c[i]);
    p[i] = z < -ri ? -ri : z > ri ? ri : z;
  }
  return p;
}

/** Dense matrix stored row-major: entry (i, j) at `data[i * cols + j]`. */
export class DenseOperator implements LinearOperator {
  readonly kind = "dense";
  constructor(readonly rows: number, readonly cols: number, readonly data: Float64Array) {
    if (data.length !== rows * cols) {
      throw new InputError(`invalid argument: dense matrix data must have ${rows}×${cols} = ${rows * cols} entries, got ${data.length}`);
    }
  }
  /** Builds a dense operator from an array of rows; `name` is used in error messages. */
  static fromRows(rowsArr: ArrayLike<ArrayLike<number>>, name = "matrix"): DenseOperator {
    const m = rowsArr.length;
    const n = m > 0 ? rowsArr[0].length : 0;
    const data = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const r = rowsArr[i];
      if (!r || r.length !== n) {
        throw new InputError(`invalid argument: \`${name}[${i}]\` must have ${n} entries (the length of row 0), got ${r ? r.length : describe(r)}`);
      }
      for (let j = 0; j < n; j++) {
        const v = r[j];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new InputError(`invalid argument: \`${name}[${i}][${j}]\` must be a finite number, got ${describe(v)}`);
        }
        data[i * n + j] = v;
      }
    }
    return new DenseOperator(m, n, data);
  }
  apply(x: Float64Array, out: Float64Array): Float64Array {
    return gemv(this.rows, this.cols, this.data, x, out);
  }
  applyTranspose(y: Float64Array, out: Float64Array): Float64Array {
    return gemvT(this.rows, this.cols, this.data, y, out);
  }
}

/** Sparse matrix in compressed sparse row form (0-based, column indices sorted within a row). */
export class CsrOperator implements LinearOperator {
  readonly kind = "csr";
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    readonly values: Float64Array,
  ) {}
  /**
   * Builds a CSR matrix from coordinate triplets `[i, j, v]` (duplicates are summed).
   * @throws InputError naming `name` and the bad entry when an index is out of range or a value is not finite.
   */
  static fromTriplets(rows: number, cols: number, entries: ArrayLike<ArrayLike<number>>, name = "matrix"): CsrOperator {
    const count = new Int32Array(rows + 1);
    for (let e = 0; e < entries.length; e++) {
      const t = entries[e];
      if (!t || t.length !== 3) throw new InputError(`invalid argument: \`${name}.entries[${e}]\` must be [i, j, v], got ${describe(t)}`);
      const [i, j, v] = [t[0], t[1], t[2]];
      if (!Number.isInteger(i) || i < 0 || i >= rows) throw new InputError(`invalid argument: \`${name}.entries[${e}]\` row index must be an integer in [0, ${rows}), got ${describe(i)}`);
      if (!Number.isInteger(j) || j < 0 || j >= cols) throw new InputError(`invalid argument: \`${name}.entries[${e}]\` column index must be an integer in [0, ${cols}), got ${describe(j)}`);
      if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`invalid argument: \`${name}.entries[${e}]\` value must be a finite number, got ${describe(v)}`);
      count[i + 1]++;
    }
    const order = Array.from({ length: entries.length }, (_, e) => e).sort(
      (a, b) => entries[a][0] - entries[b][0] || entries[a][1] - entries[b][1],
    );
    const rowPtr = new Int32Array(rows + 1);
    const colIdx: number[] = [];
    const values: number[] = [];
    let last = -1;
    let lastRow = -1;
    for (const e of order) {
      const i = entries[e][0];
      const j = entries[e][1];
      const v = entries[e][2];
      if (i === lastRow && j === last) {
        values[values.length - 1] += v;
      } else {
        colIdx.push(j);
        values.push(v);
        rowPtr[i + 1]++;
      }
      lastRow = i;
      last = j;
    }
    for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
    return new CsrOperator(rows, cols, rowPtr, Int32Array.from(colIdx), Float64Array.from(values));
  }
  apply(x: Float64Array, out: Float64Array): Float64Array {
    const { rowPtr, colIdx, values } = this;
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += values[p] * x[colIdx[p]];
      out[i] = s;
    }
    return out;
  }
  applyTranspose(y: Float64Array, out: Float64Array): Float64Array {
    const { rowPtr, colIdx, values } = this;
    out.fill(0, 0, this.cols);
    for (let i = 0; i < this.rows; i++) {
      const yi = y[i];
      if (yi === 0) continue;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) out[colIdx[p]] += values[p] * yi;
    }
    return out;
  }
}

/** A matrix-free operator given by its action, the action of its adjoint and optionally a fused kernel. */
export class MatrixFreeOperator implements LinearOperator {
  readonly kind = "matrix-free";
  /** See {@link LinearOperator.weightedAbsResidual}; present only when given to the constructor. */
  readonly weightedAbsResidual?: (x: Float64Array, c: Float64Array, w: Float64Array, e: number) => number;
  /** See {@link LinearOperator.applyClippedAscent}; present only when given to the constructor. */
  readonly applyClippedAscent?: (x: Float64Array, p: Float64Array, sigma: number, c: Float64Array, r: Float64Array, adjoint: Float64Array) => Float64Array;
  constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly applyFn: (x: Float64Array, out: Float64Array) => Float64Array,
    private readonly applyTransposeFn: (y: Float64Array, out: Float64Array) => Float64Array,
    clippedAscentFn?: (x: Float64Array, p: Float64Array, sigma: number, c: Float64Array, r: Float64Array, adjoint: Float64Array) => Float64Array,
    weightedAbsFn?: (x: Float64Array, c: Float64Array, w: Float64Array, e: number) => number,
  ) {
    if (clippedAscentFn) this.applyClippedAscent = clippedAscentFn;
    if (weightedAbsFn) this.weightedAbsResidual = weightedAbsFn;
  }
  apply(x: Float64Array, out: Float64Array): Float64Array {
    return this.applyFn(x, out);
  }
  applyTranspose(y: Float64Array, out: Float64Array): Float64Array {
    return this.applyTransposeFn(y, out);
  }
}

/** α·I on ℝⁿ (α = 1 by default). */
export class IdentityOperator implements LinearOperator {
  readonly kind = "identity";
  readonly rows: number;
  readonly cols: number;
  constructor(n: number, readonly scale = 1) {
    this.rows = n;
    this.cols = n;
  }
  apply(x: Float64Array, out: Float64Array): Float64Array {
    for (let i = 0; i < this.rows; i++) out[i] = this.scale * x[i];
    return out;
  }
  applyTranspose(y: Float64Array, out: Float64Array): Float64Array {
    return this.apply(y, out);
  }
}

/**
 * The dense row-major matrix of any operator (for setup work on small problems: forming the relay
 * matrix, factorising). Costs `cols` applications for matrix-free operators.
 */
export function toDense(op: LinearOperator): Float64Array {
  if (op instanceof DenseOperator) return op.data;
  const { rows, cols } = op;
  const out = new Float64Array(rows * cols);
  if (op instanceof CsrOperator) {
    for (let i = 0; i < rows; i++) {
      for (let p = op.rowPtr[i]; p < op.rowPtr[i + 1]; p++) out[i * cols + op.colIdx[p]] += op.values[p];
    }
    return out;
  }
  const e = new Float64Array(cols);
  const col = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    e[j] = 1;
    op.apply(e, col);
    e[j] = 0;
    for (let i = 0; i < rows; i++) out[i * cols + j] = col[i];
  }
  return out;
}

/** Throws an {@link InputError} unless `op` is `rows`×`cols`. */
export function requireShape(op: LinearOperator, rows: number, cols: number, name: string): void {
  if (op.rows !== rows || op.cols !== cols) {
    throw new InputError(`invalid argument: \`${name}\` must be ${rows}×${cols}, got ${op.rows}×${op.cols}`);
  }
}
