/**
 * Solving a relay problem once the piece of every unit is fixed (a *pattern*): units on a flat
 * piece 2j take s_i = v_j; units on a breakpoint b_j (odd piece 2j − 1) must have w_i = b_j, so
 *
 *     M_II s_I = q_I − b_I − M_IJ s_J.
 *
 * This linear solve is the Newton step of the semismooth (primal–dual active-set) method and the
 * inner step of enumeration. The solves with M_II go through {@link ActiveBlockSolver}: a cached
 * factorisation (pivoted Cholesky when M_II is symmetric semidefinite, else LU) reused while M
 * stays the same, updated by bordering when the active set changes by a few units (the usual Newton
 * iteration and time step) and refactorised otherwise. A singular semidefinite M_II (degenerate
 * active sets of penalty networks) gives the basic solution: the units whose equations are dependent
 * keep s_i = 0 and get their true w_i = q_i − (M s)_i, which the next Newton iteration reads.
 *
 * Scale-aware reuse: M = scale · M̂ with M̂ fixed while the matrix's `version` stays (see
 * {@link RelayMatrix}); the cached factors are those of M̂_II and a solve with M_II is
 * M̂_II s_I = rhs / scale, so a step that only rescales M (e.g. a growing step size, M = hK) costs
 * O(m²) plus the border update.
 */
import { ActiveBlockSolver } from "./active-block.ts";
import type { RelayMatrix } from "./matrix.ts";
import type { RelayProblem } from "./problem.ts";

/** Preallocated buffers for pattern solves on problems with up to `k` units. */
export class PatternWorkspace {
  readonly pattern: Int32Array;
  readonly active: Int32Array;
  readonly rhs: Float64Array;
  /** Scratch for residual checks. */
  readonly wScratch: Float64Array;
  private readonly block: ActiveBlockSolver;
  private cachedM: RelayMatrix | null = null;
  private cachedMVersion = -1;
  /** Units on flat pieces, their values, and products with M. */
  private readonly flat: Int32Array;
  private readonly sFlat: Float64Array;
  private readonly product: Float64Array;
  /**
   * Units of the last solve whose equations were dropped as dependent (`dropped[0..droppedCount)`):
   * s_i = 0 and w_i is their true value, off the breakpoint when the pattern's system is inconsistent.
   */
  readonly dropped: Int32Array;
  droppedCount = 0;
  /** Scratch for the solvers: a piece per dropped unit. */
  readonly droppedPiece: Int32Array;

  constructor(readonly k: number) {
    this.pattern = new Int32Array(k);
    this.active = new Int32Array(k);
    this.rhs = new Float64Array(k);
    this.wScratch = new Float64Array(k);
    this.block = new ActiveBlockSolver(k);
    this.flat = new Int32Array(k);
    this.sFlat = new Float64Array(k);
    this.product = new Float64Array(k);
    this.dropped = new Int32Array(k);
    this.droppedPiece = new Int32Array(k);
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
    const { pattern: pat, active: act, flat, sFlat, product, rhs } = this;
    let m = 0;
    let nf = 0;
    for (let i = 0; i < k; i++) {
      const pc = pat[i];
      if (pc & 1) act[m++] = i;
      else {
        s[i] = laws.value(i, pc >> 1);
        flat[nf] = i;
        sFlat[nf++] = s[i];
      }
    }
    let nd = 0;
    if (m > 0) {
      if (this.cachedM !== M || this.cachedMVersion !== M.version) {
        this.block.invalidate();
        this.cachedM = M;
        this.cachedMVersion = M.version;
      }
      if (!this.block.prepare(M, act, m)) {
        this.block.invalidate();
        return false;
      }
      // M_II s_I = q_I − b_I − M_IJ s_J, solved as M̂_II s_I = (…) / scale
      M.multiplyBlock(act, m, flat, nf, sFlat, product);
      const inv = 1 / M.scale;
      for (let a = 0; a < m; a++) {
        const i = act[a];
        rhs[a] = (q[i] - laws.breakpoint(i, (pat[i] + 1) >> 1) - product[a]) * inv;
      }
      this.block.solve(act, m, rhs);
      for (let a = 0; a < m; a++) s[act[a]] = rhs[a];
      nd = this.block.dropped(this.dropped);
    }
    this.droppedCount = nd;
    // w_J = q_J − (M s)_J; w_I is the breakpoint except for dropped units (their true value)
    M.multiplyBlock(flat, nf, null, k, s, product);
    for (let b = 0; b < nf; b++) w[flat[b]] = q[flat[b]] - product[b];
    for (let a = 0; a < m; a++) w[act[a]] = laws.breakpoint(act[a], (pat[act[a]] + 1) >> 1);
    if (nd > 0) {
      M.multiplyBlock(this.dropped, nd, null, k, s, product);
      for (let a = 0; a < nd; a++) w[this.dropped[a]] = q[this.dropped[a]] - product[a];
    }
    return true;
  }
}
