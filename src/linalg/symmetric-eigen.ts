/**
 * Dense symmetric eigensolver: Householder tridiagonalisation followed by the implicit QL
 * iteration with Wilkinson shifts.
 *
 * References: G. H. Golub & C. F. Van Loan, *Matrix Computations*, 4th ed., §8.3 (Householder
 * tridiagonalisation, Algorithm 8.3.1; implicit symmetric QR step with Wilkinson shift,
 * Algorithm 8.3.2 — QL is the same step run from the bottom of the matrix upwards);
 * R. S. Martin, C. Reinsch & J. H. Wilkinson, "Householder's tridiagonalization of a symmetric
 * matrix", Numer. Math. 11 (1968) 181–195, and H. Bowdler, R. S. Martin, C. Reinsch &
 * J. H. Wilkinson, "The QR and QL algorithms for symmetric matrices", Numer. Math. 11 (1968)
 * 293–306 (the procedures behind EISPACK `tred2`/`tql2`); J. H. Wilkinson, "Global convergence of
 * tridiagonal QR algorithm with origin shifts", Linear Algebra Appl. 1 (1968) 409–420.
 */

import { InputError, require_, requireFinite } from "../errors.ts";

/** Relative tolerance for splitting the tridiagonal matrix (2⁻⁵²). */
const EPS = Number.EPSILON;
/** √x² + y² by the plain formula is trusted between these bounds (no overflow or underflow). */
const HYPOT_LO = 1e-150;
const HYPOT_HI = 1e150;

/**
 * Eigen-decomposition A = V diag(λ) Vᵀ of a symmetric n×n matrix.
 *
 * **Method.** (1) Householder tridiagonalisation Qᵀ A Q = T: for i = n−1, …, 2 a reflector
 * Hᵢ = I − u uᵀ/h, h = ½‖u‖², acting on coordinates 0..i−1 maps row i of the current matrix to a
 * multiple of e_{i−1}; the leading block B is updated as HBH = B − u qᵀ − q uᵀ with p = Bu/h,
 * q = p − (uᵀp / 2h) u (only its lower triangle is stored and touched). Each row is divided by its
 * 1-norm before the reflector is formed, so neither huge nor tiny entries overflow or underflow.
 * Q = H_{n−1} ⋯ H_2 is then accumulated in place ("backward accumulation", growing from the
 * leading corner). (2) Implicit QL on T: an off-diagonal entry tᵢ₊₁,ᵢ is set aside as zero once
 * |tᵢ₊₁,ᵢ| ≤ ε(|tᵢᵢ| + |tᵢ₊₁,ᵢ₊₁|) (or ≤ ε²‖T‖); on each unreduced block [l, m] one sweep
 * applies plane rotations from the bottom up — the first one fixed by the shifted last column
 * (t_mm − σ, t_{m,m−1}), the others chasing the bulge back to the top — with σ the Wilkinson
 * shift (the eigenvalue of the leading 2×2 block nearer t_ll), which converges globally and,
 * generically, cubically (about two sweeps per eigenvalue). The rotations are applied to the rows
 * of Qᵀ, which become the eigenvectors, so the O(n³) part of the work streams through contiguous
 * memory.
 *
 * **Accuracy.** Backward stable: the computed pair is exact for A + E with ‖E‖ a modest multiple
 * of ε‖A‖, and V is orthogonal to a similar level. Eigenvalues therefore carry absolute errors of
 * order ε‖A‖; eigenvalues of a singular positive semidefinite matrix come out as tiny values of
 * either sign and are not clamped. Cost ≈ (8/3)n³ flops for the reduction and accumulation plus
 * ≈ 6n³ for the rotations.
 *
 * Only the symmetric part ½(A + Aᵀ) is used (identical to A for symmetric input).
 *
 * @param n - the order, a non-negative integer.
 * @param a - A, n×n row-major; only read, never modified.
 * @returns `values` (ascending, length n) and `vectors` (n×n row-major; column j is the unit
 *   eigenvector of `values[j]`).
 * @throws InputError if n is not a non-negative integer, `a.length !== n*n`, an entry of `a` is not
 *   finite, or the QL iteration does not converge within 30·n sweeps (counted over all
 *   eigenvalues together).
 */
export function symmetricEigen(n: number, a: Float64Array): { values: Float64Array; vectors: Float64Array } {
  require_(Number.isInteger(n) && n >= 0, "n", "must be a non-negative integer", n);
  require_(a.length === n * n, "a", `must have length n*n = ${n * n}`, `length ${a.length}`);
  requireFinite(a, "a");

  const d = new Float64Array(n); // diagonal of T, then the eigenvalues
  const w = new Float64Array(n * n); // working copy of A, then Qᵀ, then Vᵀ, finally V
  if (n === 0) return { values: d, vectors: w };

  // lower triangle of the symmetric part
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = a[i * n + j];
      const y = a[j * n + i];
      w[i * n + j] = x === y ? x : 0.5 * x + 0.5 * y;
    }
  }

  const e = new Float64Array(n); // off-diagonal of T
  const hs = new Float64Array(n); // h of reflector i (0: no reflector)
  const u = new Float64Array(n); // scratch vectors
  const p = new Float64Array(n);

  tridiagonalise(n, w, d, e, hs, u, p);
  accumulate(n, w, hs, u);
  const sweeps = tridiagonalQl(n, d, e, w, u, p, 30 * n);
  if (sweeps < 0) {
    throw new InputError(`symmetricEigen: the QL iteration did not converge in ${30 * n} sweeps (n = ${n})`);
  }

  // ascending order (selection sort, swapping rows of Vᵀ), then V = (Vᵀ)ᵀ in place
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k !== i) {
      const t = d[i];
      d[i] = d[k];
      d[k] = t;
      const ri = i * n;
      const rk = k * n;
      p.set(w.subarray(ri, ri + n));
      w.copyWithin(ri, rk, rk + n);
      w.set(p, rk);
    }
  }
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const t = w[i * n + j];
      w[i * n + j] = w[j * n + i];
      w[j * n + i] = t;
    }
  }
  return { values: d, vectors: w };
}

/**
 * Householder reduction of the symmetric matrix whose lower triangle is in `w` (n×n), last row
 * first. On return d holds the diagonal of T, e[i] = T[i][i−1] (e[0] = 0), hs[i] the h of
 * reflector i (0 when none was needed) and row i of `w` (columns 0..i−1) its vector u.
 */
function tridiagonalise(
  n: number,
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  hs: Float64Array,
  u: Float64Array,
  p: Float64Array,
): void {
  for (let i = n - 1; i >= 1; i--) {
    const ri = i * n; // row i holds x = A[i][0..i−1]
    const l = i - 1;
    let scale = 0;
    if (i > 1) for (let k = 0; k <= l; k++) scale += Math.abs(w[ri + k]);
    if (scale === 0) {
      // nothing to annihilate (i = 1, or the row is already zero left of the sub-diagonal)
      e[i] = w[ri + l];
      hs[i] = 0;
    } else {
      let sigma = 0;
      for (let k = 0; k <= l; k++) {
        const v = (w[ri + k] /= scale);
        sigma += v * v;
      }
      const alpha = w[ri + l];
      const g = alpha >= 0 ? -Math.sqrt(sigma) : Math.sqrt(sigma);
      e[i] = scale * g; // H x = g e_l (in units of scale)
      const h = sigma - alpha * g; // ½‖u‖² for u = x − g e_l
      w[ri + l] = alpha - g;
      hs[i] = h;
      for (let k = 0; k <= l; k++) u[k] = w[ri + k];
      // p = B u / h with B the leading i×i block; q = p − K u with K = uᵀp / 2h;
      // H B H = B − u qᵀ − q uᵀ. (Scaling u by 1/scale and h by 1/scale² leaves u qᵀ unchanged.)
      symvLower(w, n, i, u, p);
      let up = 0;
      for (let k = 0; k <= l; k++) {
        p[k] /= h;
        up += u[k] * p[k];
      }
      const kk = up / (2 * h);
      for (let k = 0; k <= l; k++) p[k] -= kk * u[k];
      syr2Lower(w, n, i, u, p);
    }
    d[i] = w[ri + i]; // row and column i are final now
  }
  d[0] = w[0];
  e[0] = 0;
}

/**
 * Overwrites `w` with Qᵀ = H_1 H_2 ⋯ H_{n−1} from the reflectors left by {@link tridiagonalise}.
 * Before step i only the leading i×i block differs from I; the vector u of Hᵢ sits in row i, just
 * outside that block, and is read before row and column i are reset to e_i.
 */
function accumulate(n: number, w: Float64Array, hs: Float64Array, u: Float64Array): void {
  w[0] = 1;
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    const h = hs[i];
    if (h !== 0) {
      for (let c = 0; c < i; c++) u[c] = w[ri + c];
      reflectColumns(w, n, i, u, h);
    }
    for (let c = 0; c < i; c++) {
      w[ri + c] = 0;
      w[c * n + i] = 0;
    }
    w[ri + i] = 1;
  }
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal T (diagonal d, e[i] = T[i][i−1]),
 * applying every rotation P to the rows of `w` (Qᵀ becomes Vᵀ). On return d holds the
 * eigenvalues (unsorted), and row j of `w` the eigenvector of d[j].
 *
 * @returns the number of sweeps, or −1 if more than `maxSweeps` would be needed.
 */
function tridiagonalQl(
  n: number,
  d: Float64Array,
  e: Float64Array,
  w: Float64Array,
  cos: Float64Array,
  sin: Float64Array,
  maxSweeps: number,
): number {
  for (let i = 0; i < n - 1; i++) e[i] = e[i + 1]; // from now on e[i] = T[i+1][i]
  e[n - 1] = 0;
  // An off-diagonal entry below ε²‖T‖ is negligible even next to zero diagonal entries (this
  // floor only guarantees termination there; it is far below the backward error).
  let tnorm = 0;
  for (let i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + Math.abs(e[i]));
  const floor = EPS * EPS * tnorm;
  let sweeps = 0;
  for (let l = 0; l < n; l++) {
    for (;;) {
      // the unreduced block starting at l ends at m
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]);
        if (em <= EPS * (Math.abs(d[m]) + Math.abs(d[m + 1])) || em <= floor) break;
      }
      if (m === l) break; // d[l] is an eigenvalue
      if (++sweeps > maxSweeps) return -1;
      qlSweep(d, e, l, m, cos, sin);
      applyRotations(w, n, l, m, cos, sin);
    }
  }
  return sweeps;
}

/**
 * One implicit QL sweep with Wilkinson shift on the unreduced block [l, m] (l < m) of T; the
 * rotation in plane (i, i+1) is returned in cos[i], sin[i].
 */
function qlSweep(d: Float64Array, e: Float64Array, l: number, m: number, cos: Float64Array, sin: Float64Array): void {
  // Wilkinson shift: the eigenvalue of [[d_l, e_l], [e_l, d_{l+1}]] nearer d_l
  const el = e[l];
  const g = (d[l + 1] - d[l]) / (2 * el);
  const root = hypot(g, 1);
  const shift = d[l] - el / (g + (g >= 0 ? root : -root));

  // The rotation in plane (i, i+1) maps (y, x) — rows i and i+1 of column i+2, or for i = m−1
  // of the shifted column m — to (0, r).
  let x = d[m] - shift;
  let y = e[m - 1];
  for (let i = m - 1; i >= l; i--) {
    let c = 1;
    let s = 0;
    let r = x;
    if (y !== 0) {
      r = hypot(x, y);
      c = x / r;
      s = y / r;
    }
    if (i < m - 1) e[i + 1] = r;
    // [[a, b], [b, dd]] ← P [[a, b], [b, dd]] Pᵀ with P = [[c, −s], [s, c]]
    const av = d[i];
    const bv = e[i];
    const dv = d[i + 1];
    const cs = c * s;
    const cc = c * c;
    const ss = s * s;
    const cross = 2 * cs * bv;
    d[i] = cc * av - cross + ss * dv;
    d[i + 1] = ss * av + cross + cc * dv;
    e[i] = cs * (av - dv) + (cc - ss) * bv;
    if (i > l) {
      // row i−1: (e_{i−1}, 0) becomes (c e_{i−1}, s e_{i−1}); the latter is the new bulge
      y = s * e[i - 1];
      e[i - 1] *= c;
      x = e[i];
    }
    cos[i] = c; // c = 1, s = 0 (an exact identity) when nothing needs rotating
    sin[i] = s;
  }
}

/** √(x² + y²) without spurious overflow or underflow. */
function hypot(x: number, y: number): number {
  const r = Math.sqrt(x * x + y * y);
  return r > HYPOT_LO && r < HYPOT_HI ? r : Math.hypot(x, y);
}

// The O(n³) inner kernels are small separate functions so that the JIT optimises them early.

/**
 * p = B u for the leading i×i block B of `w` (row stride n), reading only its lower triangle.
 * Rows are taken in pairs so that each load of u[k] and p[k] serves two rows.
 */
function symvLower(w: Float64Array, n: number, i: number, u: Float64Array, p: Float64Array): void {
  p.fill(0, 0, i);
  let j = 0;
  for (; j + 1 < i; j += 2) {
    const r0 = j * n;
    const r1 = r0 + n;
    const u0 = u[j];
    const u1 = u[j + 1];
    let s0 = 0;
    let s1 = 0;
    for (let k = 0; k < j; k++) {
      const b0 = w[r0 + k];
      const b1 = w[r1 + k];
      const uk = u[k];
      s0 += b0 * uk;
      s1 += b1 * uk;
      p[k] += b0 * u0 + b1 * u1;
    }
    const b10 = w[r1 + j]; // B[j+1][j]
    p[j] += s0 + w[r0 + j] * u0 + b10 * u1;
    p[j + 1] += s1 + b10 * u0 + w[r1 + j + 1] * u1;
  }
  if (j < i) {
    const r0 = j * n;
    const u0 = u[j];
    let s0 = 0;
    for (let k = 0; k < j; k++) {
      const b0 = w[r0 + k];
      s0 += b0 * u[k];
      p[k] += b0 * u0;
    }
    p[j] += s0 + w[r0 + j] * u0;
  }
}

/** B ← B − u qᵀ − q uᵀ on the lower triangle of the leading i×i block of `w` (rows in pairs). */
function syr2Lower(w: Float64Array, n: number, i: number, u: Float64Array, q: Float64Array): void {
  let j = 0;
  for (; j + 1 < i; j += 2) {
    const r0 = j * n;
    const r1 = r0 + n;
    const u0 = u[j];
    const q0 = q[j];
    const u1 = u[j + 1];
    const q1 = q[j + 1];
    for (let k = 0; k <= j; k++) {
      const qk = q[k];
      const uk = u[k];
      w[r0 + k] -= u0 * qk + q0 * uk;
      w[r1 + k] -= u1 * qk + q1 * uk;
    }
    w[r1 + j + 1] -= 2 * u1 * q1;
  }
  if (j < i) {
    const r0 = j * n;
    const u0 = u[j];
    const q0 = q[j];
    for (let k = 0; k <= j; k++) w[r0 + k] -= u0 * q[k] + q0 * u[k];
  }
}

/** B ← B (I − u uᵀ/h) for the leading i×i block B of `w` (rows four at a time). */
function reflectColumns(w: Float64Array, n: number, i: number, u: Float64Array, h: number): void {
  let r = 0;
  for (; r + 3 < i; r += 4) {
    const r0 = r * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let c = 0; c < i; c++) {
      const uc = u[c];
      t0 += w[r0 + c] * uc;
      t1 += w[r1 + c] * uc;
      t2 += w[r2 + c] * uc;
      t3 += w[r3 + c] * uc;
    }
    t0 /= h;
    t1 /= h;
    t2 /= h;
    t3 /= h;
    for (let c = 0; c < i; c++) {
      const uc = u[c];
      w[r0 + c] -= t0 * uc;
      w[r1 + c] -= t1 * uc;
      w[r2 + c] -= t2 * uc;
      w[r3 + c] -= t3 * uc;
    }
  }
  for (; r < i; r++) {
    const r0 = r * n;
    let t0 = 0;
    for (let c = 0; c < i; c++) t0 += w[r0 + c] * u[c];
    t0 /= h;
    for (let c = 0; c < i; c++) w[r0 + c] -= t0 * u[c];
  }
}

/**
 * Applies the rotations of one sweep to `w` (row length n), in the order i = m−1, …, l: rows i and
 * i+1 ← [[cᵢ, −sᵢ], [sᵢ, cᵢ]] applied to them. Four consecutive rotations are fused into one pass
 * over five rows, which carries the row shared by two neighbouring rotations in a register
 * (five loads and five stores per column instead of eight each; the arithmetic is the same).
 */
function applyRotations(w: Float64Array, n: number, l: number, m: number, cos: Float64Array, sin: Float64Array): void {
  let i = m - 1;
  for (; i - 3 >= l; i -= 4) {
    const c1 = cos[i];
    const s1 = sin[i];
    const c2 = cos[i - 1];
    const s2 = sin[i - 1];
    const c3 = cos[i - 2];
    const s3 = sin[i - 2];
    const c4 = cos[i - 3];
    const s4 = sin[i - 3];
    const r0 = (i - 3) * n; // rows i−3 … i+1 start at r0, r0 + n, …, r0 + 4n
    const end = r0 + n;
    const n2 = 2 * n;
    const n3 = 3 * n;
    const n4 = 4 * n;
    for (let k = r0; k < end; k++) {
      let x = w[k + n4]; // row i+1, then the running row i, i−1, i−2
      let y = w[k + n3];
      w[k + n4] = s1 * y + c1 * x;
      x = c1 * y - s1 * x;
      y = w[k + n2];
      w[k + n3] = s2 * y + c2 * x;
      x = c2 * y - s2 * x;
      y = w[k + n];
      w[k + n2] = s3 * y + c3 * x;
      x = c3 * y - s3 * x;
      y = w[k];
      w[k + n] = s4 * y + c4 * x;
      w[k] = c4 * y - s4 * x;
    }
  }
  for (; i >= l; i--) {
    const c = cos[i];
    const s = sin[i];
    const ri = i * n;
    const end = ri + n;
    for (let k = ri; k < end; k++) {
      const y = w[k];
      const x = w[k + n];
      w[k + n] = s * y + c * x;
      w[k] = c * y - s * x;
    }
  }
}
