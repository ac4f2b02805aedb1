/**
 * Solving a relay problem once the piece of every unit is fixed (a *pattern*): units on a flat
 * piece 2j take s_i = v_j; units on a breakpoint b_j (odd piece 2j − 1) must have w_i = b_j, so
 *
 *     M_II s_I = q_I − b_I − M_IJ s_J.
 *
 * This linear solve is the Newton step of the semismooth (primal–dual active-set) method and the
 * inner step of enumeration. M_II is factorised by Cholesky when it is symmetric and numerically
 * positive definite (half the work of LU; the relay matrices of implicit steps on gradient-like
 * networks are symmetric PSD), otherwise by LU with partial pivoting. The factors are cached and
 * reused while the active set and M stay the same — the common case from one time step to the next.
 *
 * Scale-aware reuse: when the owner declares M = `mScale` · M̂ with M̂ fixed (same `mVersion`), the
 * cached factors are those of M̂_II and a solve with M_II is M̂_II s_I = rhs / mScale, so a step
 * that only rescales M (e.g. a growing step size, M = hK) and keeps the active set costs O(m²).
 */
import { cholFactor, cholSolve, luFactor, luSolve } from "../linalg/dense.ts";
import type { RelayProblem } from "./problem.ts";

/** Preallocated buffers for pattern solves on problems with up to `k` units. */
export class PatternWorkspace {
  readonly pattern: Int32Array;
  readonly active: Int32Array;
  readonly lu: Float64Array;
  readonly piv: Int32Array;
  readonly rhs: Float64Array;
  /** Scratch for residual checks. */
  readonly wScratch: Float64Array;
  /** Active set of the cached factorisation (length `cachedSize`), and the M it belongs to. */
  private readonly cachedActive: Int32Array;
  private cachedSize = -1;
  private cachedM: Float64Array | null = null;
  private cachedMVersion = -1;
  private cachedCholesky = false;
  /** Incremented by the owner whenever the contents of M change in place (other than by `mScale`). */
  mVersion = 0;
  /**
   * M = mScale · M̂ with M̂ fixed while `mVersion` stays the same (default 1). The owner may change
   * it without bumping `mVersion`; it must be positive.
   */
  mScale = 1;
  factorizations = 0;

  constructor(readonly k: number) {
    this.pattern = new Int32Array(k);
    this.active = new Int32Array(k);
    this.lu = new Float64Array(k * k);
    this.piv = new Int32Array(k);
    this.rhs = new Float64Array(k);
    this.wScratch = new Float64Array(k);
    this.cachedActive = new Int32Array(k);
  }

  /** Forgets the cached factorisation. */
  invalidate(): void {
    this.cachedSize = -1;
  }

  /**
   * Computes s for the pattern in `this.pattern` and w = q − M s (with w_I set exactly to the
   * breakpoints). @returns false when M_II is singular.
   */
  solve(p: RelayProblem, s: Float64Array, w: Float64Array): boolean {
    const { k, M, q, laws } = p;
    const pat = this.pattern;
    let m = 0;
    for (let i = 0; i < k; i++) {
      const pc = pat[i];
      if (pc & 1) this.active[m++] = i;
      else s[i] = laws.value(i, pc >> 1);
    }
    if (m > 0) {
      const act = this.active;
      let reuse = this.cachedSize === m && this.cachedM === M && this.cachedMVersion === this.mVersion;
      for (let a = 0; reuse && a < m; a++) if (this.cachedActive[a] !== act[a]) reuse = false;
      if (!reuse) {
        if (!this.factor(M, k, m)) {
          this.cachedSize = -1;
          return false;
        }
        this.cachedActive.set(act.subarray(0, m));
        this.cachedSize = m;
        this.cachedM = M;
        this.cachedMVersion = this.mVersion;
      }
      for (let a = 0; a < m; a++) {
        const i = act[a];
        let r = q[i] - laws.breakpoint(i, (pat[i] + 1) >> 1);
        const row = i * k;
        for (let j = 0; j < k; j++) if ((pat[j] & 1) === 0) r -= M[row + j] * s[j];
        this.rhs[a] = r;
      }
      const inv = 1 / this.mScale;
      for (let a = 0; a < m; a++) this.rhs[a] *= inv;
      if (this.cachedCholesky) cholSolve(m, this.lu, this.rhs);
      else luSolve(m, this.lu, this.piv, this.rhs);
      for (let a = 0; a < m; a++) s[act[a]] = this.rhs[a];
    }
    for (let i = 0; i < k; i++) {
      if (pat[i] & 1) {
        w[i] = laws.breakpoint(i, (pat[i] + 1) >> 1);
      } else {
        let acc = q[i];
        const row = i * k;
        for (let j = 0; j < k; j++) acc -= M[row + j] * s[j];
        w[i] = acc;
      }
    }
    return true;
  }

  /**
   * Factorises M̂_II = M_II / mScale for the first `m` entries of `active` into `lu`: Cholesky when
   * the block is exactly symmetric and the factorisation succeeds, else LU. @returns false when
   * M_II is singular (a zero LU pivot).
   */
  private factor(M: Float64Array, k: number, m: number): boolean {
    const act = this.active;
    const lu = this.lu;
    const inv = 1 / this.mScale;
    let symmetric = true;
    for (let a = 0; a < m; a++) {
      const row = act[a] * k;
      for (let b = 0; b < m; b++) lu[a * m + b] = M[row + act[b]] * inv;
    }
    for (let a = 0; a < m && symmetric; a++) {
      for (let b = 0; b < a; b++) {
        if (lu[a * m + b] !== lu[b * m + a]) {
          symmetric = false;
          break;
        }
      }
    }
    this.factorizations++;
    if (symmetric && cholFactor(m, lu)) {
      this.cachedCholesky = true;
      return true;
    }
    if (symmetric) {
      // not numerically positive definite: restore the block (upper triangle is intact) for LU
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < a; b++) lu[a * m + b] = lu[b * m + a];
        lu[a * m + a] = M[act[a] * k + act[a]] * inv;
      }
    }
    this.cachedCholesky = false;
    return luFactor(m, lu, this.piv);
  }
}
