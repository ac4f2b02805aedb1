/**
 * Solving a relay problem once the piece of every unit is fixed (a *pattern*): units on a flat
 * piece 2j take s_i = v_j; units on a breakpoint b_j (odd piece 2j − 1) must have w_i = b_j, so
 *
 *     M_II s_I = q_I − b_I − M_IJ s_J.
 *
 * This linear solve is the Newton step of the semismooth (primal–dual active-set) method and the
 * inner step of enumeration. The solves with M_II go through {@link ActiveBlockSolver}: a cached
 * factorisation (Cholesky when M_II is symmetric positive definite, else LU) reused while M stays
 * the same, updated by bordering when the active set changes by a few units (the usual Newton
 * iteration and time step) and refactorised otherwise.
 *
 * Scale-aware reuse: when the owner declares M = `mScale` · M̂ with M̂ fixed (same `mVersion`), the
 * cached factors are those of M̂_II and a solve with M_II is M̂_II s_I = rhs / mScale, so a step
 * that only rescales M (e.g. a growing step size, M = hK) costs O(m²) plus the border update.
 */
import { ActiveBlockSolver } from "./active-block.ts";
import type { RelayProblem } from "./problem.ts";

/** Preallocated buffers for pattern solves on problems with up to `k` units. */
export class PatternWorkspace {
  readonly pattern: Int32Array;
  readonly active: Int32Array;
  readonly rhs: Float64Array;
  /** Scratch for residual checks. */
  readonly wScratch: Float64Array;
  private readonly block: ActiveBlockSolver;
  private cachedM: Float64Array | null = null;
  private cachedMVersion = -1;
  /** Incremented by the owner whenever the contents of M change in place (other than by `mScale`). */
  mVersion = 0;
  /**
   * M = mScale · M̂ with M̂ fixed while `mVersion` stays the same (default 1). The owner may change
   * it without bumping `mVersion`; it must be positive.
   */
  mScale = 1;

  constructor(readonly k: number) {
    this.pattern = new Int32Array(k);
    this.active = new Int32Array(k);
    this.rhs = new Float64Array(k);
    this.wScratch = new Float64Array(k);
    this.block = new ActiveBlockSolver(k);
  }

  /** Full factorisations of active blocks so far. */
  get factorizations(): number {
    return this.block.factorizations;
  }

  /** Forgets the cached factorisation. */
  invalidate(): void {
    this.block.invalidate();
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
      if (this.cachedM !== M || this.cachedMVersion !== this.mVersion) {
        this.block.invalidate();
        this.cachedM = M;
        this.cachedMVersion = this.mVersion;
      }
      if (!this.block.prepare(M, this.mScale, act, m)) {
        this.block.invalidate();
        return false;
      }
      const inv = 1 / this.mScale;
      for (let a = 0; a < m; a++) {
        const i = act[a];
        let r = q[i] - laws.breakpoint(i, (pat[i] + 1) >> 1);
        const row = i * k;
        for (let j = 0; j < k; j++) if ((pat[j] & 1) === 0) r -= M[row + j] * s[j];
        this.rhs[a] = r * inv;
      }
      this.block.solve(act, m, this.rhs, M, this.mScale);
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
