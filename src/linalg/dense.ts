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

/**
 * Σ_{i<n} x[xo + i]·y[yo + i] with four partial sums (independent chains run in parallel on the
 * FPU): a dot product of a row of a row-major matrix with a vector, without a subarray view.
 */
export function dotAt(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[xo + i] * y[yo + i];
    a1 += x[xo + i + 1] * y[yo + i + 1];
    a2 += x[xo + i + 2] * y[yo + i + 2];
    a3 += x[xo + i + 3] * y[yo + i + 3];
  }
  for (; i < n; i++) a0 += x[xo + i] * y[yo + i];
  return a0 + a1 + (a2 + a3);
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
    choleskyColumn(n, a, j, Math.sqrt(d), null);
  }
  return true;
}

/**
 * Column j of a left-looking Cholesky factor (row-major, lower triangle): a[j][j] = ljj and
 * a[i][j] = (a[i][j] − Σ_{k<j} a[i][k] a[j][k]) / ljj for i > j; `d` (when given) receives
 * d[i] −= a[i][j]². Four rows at a time share the loads of row j (each dot product keeps its order).
 */
function choleskyColumn(n: number, a: Float64Array, j: number, ljj: number, d: Float64Array | null): void {
  const rj = j * n;
  a[rj + j] = ljj;
  let i = j + 1;
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
    s0 /= ljj;
    s1 /= ljj;
    s2 /= ljj;
    s3 /= ljj;
    a[r0 + j] = s0;
    a[r1 + j] = s1;
    a[r2 + j] = s2;
    a[r3 + j] = s3;
    if (d) {
      d[i] -= s0 * s0;
      d[i + 1] -= s1 * s1;
      d[i + 2] -= s2 * s2;
      d[i + 3] -= s3 * s3;
    }
  }
  for (; i < n; i++) {
    let s = a[i * n + j];
    for (let k = 0; k < j; k++) s -= a[i * n + k] * a[rj + k];
    s /= ljj;
    a[i * n + j] = s;
    if (d) d[i] -= s * s;
  }
}

/**
 * Solves L Lᵀ x = b in place from the factor of {@link cholFactor}: L is the leading n×n lower
 * triangle of `l` stored with row stride `ld` (default n; a larger stride reads the leading block of
 * a bigger factor, e.g. the first r columns of {@link cholFactorPivoted}).
 */
export function cholSolve(n: number, l: Float64Array, b: Float64Array, ld = n): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const row = i * ld;
    for (let k = 0; k < i; k++) s -= l[row + k] * b[k];
    b[i] = s / l[row + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * ld + i] * b[k];
    b[i] = s / l[i * ld + i];
  }
  return b;
}

/**
 * Cholesky factorisation with diagonal pivoting of a symmetric positive *semi*definite A (n×n,
 * full row-major storage): Πᵀ A Π = L Lᵀ with L (n×r) lower trapezoidal, r the numerical rank.
 * At step j the largest remaining diagonal of the Schur complement is brought to position j; the
 * factorisation stops when it is ≤ `tol` (LAPACK `dpstrf`; Higham, *Accuracy and Stability of
 * Numerical Algorithms*, 2nd ed., §10.3). A common choice is tol = n·u·max_i A_ii.
 *
 * In place: columns 0…r−1 of the lower triangle of `a` become L (in pivoted order); the rest of
 * `a` is scratch. `perm[i]` is the original index of pivoted position i; `d` (length ≥ n) is
 * scratch for the running diagonal.
 * @returns the rank r (0 ≤ r ≤ n); r = n with positive pivots is an ordinary Cholesky factor of ΠᵀAΠ.
 */
export function cholFactorPivoted(n: number, a: Float64Array, perm: Int32Array, d: Float64Array, tol: number): number {
  for (let i = 0; i < n; i++) {
    perm[i] = i;
    d[i] = a[i * n + i];
  }
  for (let j = 0; j < n; j++) {
    let p = j;
    let best = d[j];
    for (let i = j + 1; i < n; i++) {
      if (d[i] > best) {
        best = d[i];
        p = i;
      }
    }
    if (!(best > tol) || !Number.isFinite(best)) return j;
    if (p !== j) {
      // symmetric swap of positions j and p: whole rows, then the columns of rows ≥ j
      const rj = j * n;
      const rp = p * n;
      for (let c = 0; c < n; c++) {
        const t = a[rj + c];
        a[rj + c] = a[rp + c];
        a[rp + c] = t;
      }
      for (let i = j; i < n; i++) {
        const t = a[i * n + j];
        a[i * n + j] = a[i * n + p];
        a[i * n + p] = t;
      }
      const tp = perm[j];
      perm[j] = perm[p];
      perm[p] = tp;
      d[p] = d[j];
    }
    choleskyColumn(n, a, j, Math.sqrt(best), d);
  }
  return n;
}

/**
 * Solves A x = b in place from the factor of {@link cholFactorPivoted} with rank r: the basic
 * solution of the leading r pivoted equations, L₁₁L₁₁ᵀ y = (Πᵀb)₁, x = Π[y; 0]. When r < n and b
 * is in the range of A this is an exact solution (the dropped equations are dependent); otherwise
 * they are not satisfied. `work` (length ≥ n) is scratch.
 */
export function cholSolvePivoted(n: number, r: number, l: Float64Array, perm: Int32Array, b: Float64Array, work: Float64Array): Float64Array {
  for (let i = 0; i < r; i++) {
    let s = b[perm[i]];
    const row = i * n;
    for (let k = 0; k < i; k++) s -= l[row + k] * work[k];
    work[i] = s / l[row + i];
  }
  for (let i = r - 1; i >= 0; i--) {
    let s = work[i];
    for (let k = i + 1; k < r; k++) s -= l[k * n + i] * work[k];
    work[i] = s / l[i * n + i];
  }
  for (let i = 0; i < r; i++) b[perm[i]] = work[i];
  for (let i = r; i < n; i++) b[perm[i]] = 0;
  return b;
}
