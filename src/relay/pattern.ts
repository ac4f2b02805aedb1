/**
 * Solving a relay problem once the piece of every unit is fixed (a *pattern*): units on a flat
 * piece 2j take s_i = v_j; units on a breakpoint b_j (odd piece 2j − 1) must have w_i = b_j, so
 *
 *     M_II s_I = q_I − b_I − M_IJ s_J.
 *
 * This linear solve is the Newton step of the semismooth (primal–dual active-set) method and the
 * inner step of enumeration. The LU factors of M_II are cached and reused while the active set and
 * M stay the same — the common case from one time step to the next.
 */
import { luFactor, luSolve } from "../linalg/dense.ts";
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
  /** Incremented by the owner whenever the contents of M change in place. */
  mVersion = 0;
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
        for (let a = 0; a < m; a++) {
          const row = act[a] * k;
          for (let b = 0; b < m; b++) this.lu[a * m + b] = M[row + act[b]];
        }
        this.factorizations++;
        if (!luFactor(m, this.lu, this.piv)) {
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
      luSolve(m, this.lu, this.piv, this.rhs);
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
}
