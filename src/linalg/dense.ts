/**
 * Dense linear-algebra kernels on row-major `Float64Array` matrices.
 *
 * Every kernel writes into a caller-supplied output and returns it; none allocates, so they are
 * safe inside a time step. A matrix `A` with `m` rows and `n` columns stores `A[i][j]` at
 * `a[i * n + j]`.
 */

/** out = A x for A (m×n, row-major). `out` must not alias `x`. */
export function gemv(m: number, n: number, a: Float64Array, x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += a[row + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** out = Aᵀ y for A (m×n, row-major). `out` must not alias `y`. */
export function gemvT(m: number, n: number, a: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const yi = y[i];
    if (yi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j] * yi;
  }
  return out;
}

/** C = A B for A (m×k), B (k×n), all row-major. `c` must not alias `a` or `b`. */
export function gemm(m: number, k: number, n: number, a: Float64Array, b: Float64Array, c: Float64Array): Float64Array {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const brow = p * n;
      const crow = i * n;
      for (let j = 0; j < n; j++) c[crow + j] += aip * b[brow + j];
    }
  }
  return c;
}

/** y ← y + α x over the first `n` entries. */
export function axpy(n: number, alpha: number, x: Float64Array, y: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
  return y;
}

/** Dot product of the first `n` entries. */
export function dot(n: number, x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

/** Max-norm of the first `n` entries. */
export function normInf(n: number, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(x[i]);
    if (v > s) s = v;
  }
  return s;
}

/** Euclidean norm of the first `n` entries. */
export function norm2(n: number, x: ArrayLike<number>): number {
  return Math.sqrt(dot(n, x, x));
}

/**
 * LU factorisation with partial pivoting, in place: `a` (n×n) is overwritten by L (unit lower,
 * below the diagonal) and U; `piv[i]` is the row swapped with row i.
 *
 * @returns false when a pivot is exactly zero or not finite (singular to working precision).
 */
export function luFactor(n: number, a: Float64Array, piv: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(best > 0) || !Number.isFinite(best)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    const inv = 1 / a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const lik = (a[i * n + k] *= inv);
      if (lik === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= lik * a[k * n + j];
    }
  }
  return true;
}

/** Solves A x = b in place (`b` becomes x) from the factors of {@link luFactor}. */
export function luSolve(n: number, lu: Float64Array, piv: Int32Array, b: Float64Array): Float64Array {
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i];
    const row = i * n;
    for (let j = 0; j < i; j++) s -= lu[row + j] * b[j];
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    const row = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[row + j] * b[j];
    b[i] = s / lu[row + i];
  }
  return b;
}

/**
 * Cholesky factorisation A = L Lᵀ in place (lower triangle of `a` becomes L; the upper triangle
 * is left untouched).
 *
 * @returns false when A is not (numerically) positive definite.
 */
export function cholFactor(n: number, a: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    const rj = j * n;
    let i = j + 1;
    // four rows at a time share the loads of row j (each dot product keeps its order)
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = a[r0 + j];
      let s1 = a[r1 + j];
      let s2 = a[r2 + j];
      let s3 = a[r3 + j];
      for (let k = 0; k < j; k++) {
        const l = a[rj + k];
        s0 -= a[r0 + k] * l;
        s1 -= a[r1 + k] * l;
        s2 -= a[r2 + k] * l;
        s3 -= a[r3 + k] * l;
      }
      a[r0 + j] = s0 / ljj;
      a[r1 + j] = s1 / ljj;
      a[r2 + j] = s2 / ljj;
      a[r3 + j] = s3 / ljj;
    }
    for (; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[rj + k];
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place from the factor of {@link cholFactor}. */
export function cholSolve(n: number, l: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}
