/**
 * Solves with the active block M̂_II of a fixed k×k matrix M̂ (M = scale · M̂) for an active set I
 * that changes a few units at a time — the Newton iterations of a relay solve and consecutive time
 * steps. A *base* block A₀ = M̂_{I₀I₀} is factorised (Cholesky when exactly symmetric and positive
 * definite, else LU with partial pivoting); a nearby set I = (I₀ \ R) ∪ N is handled by bordering
 * (the Schur-complement update of active-set QP solvers, Gill, Murray, Saunders & Wright 1990):
 *
 *     [ A₀         M̂_{I₀N}  E_R ] [x₀]   [r₀]        x_R = 0 through the multipliers λ of E_R,
 *     [ M̂_{NI₀}   M̂_{NN}   0   ] [x_N] = [r_N]       the rows of R are freed by λ, so the
 *     [ E_Rᵀ       0        0   ] [λ ]   [0 ]        solution is that of M̂_II x_I = r_I.
 *
 * With B = [M̂_{I₀N}, E_R] (m₀×c), D = [M̂_{NI₀}; E_Rᵀ] and the c×c Schur complement
 * S = [[M̂_NN, 0], [0, 0]] − D A₀⁻¹ B (LU), a solve is y = A₀⁻¹r₀, z = S⁻¹(r_c − D y), x₀ = y − (A₀⁻¹B) z.
 * The columns A₀⁻¹B are cached per unit while the base stays; when more than `maxBorder` units
 * differ from the base the block is refactorised and becomes the new base. S is nonsingular iff
 * M̂_II is (A₀ being nonsingular). Cost: O(m₀²c + c²m₀ + c³) instead of O(m³).
 */
import { cholFactor, cholSolve, luFactor, luSolve } from "../linalg/dense.ts";

/** Largest border (units differing from the base) before refactorising. */
function maxBorder(m0: number): number {
  return Math.min(64, Math.max(8, m0 >> 3));
}

const MAX_BORDER = 64;

/** Factorisations of active blocks with bordered updates; buffers for up to `k` units. */
export class ActiveBlockSolver {
  /** Base factor (m₀×m₀, Cholesky lower triangle or LU) and its pivots. */
  private readonly lu: Float64Array;
  private readonly piv: Int32Array;
  private cholesky = false;
  private m0 = -1;
  /** Base units in increasing order, and each unit's position in the base (−1 if absent). */
  private readonly base: Int32Array;
  private readonly basePos: Int32Array;
  /** Cached columns A₀⁻¹B per unit (slot), −1 when not computed. */
  private readonly slotOf: Int32Array;
  private readonly slotUnit: Int32Array;
  private slots = 0;
  /** One view of length k per slot (the first m₀ entries are used). */
  private readonly cols: Float64Array[];
  /** Current border: units (added ∉ base, removed ∈ base), the Schur complement's LU. */
  private readonly border: Int32Array;
  private c = 0;
  private readonly S: Float64Array;
  private readonly spiv: Int32Array;
  private readonly r0: Float64Array;
  private readonly rc: Float64Array;
  /** Full factorisations done (for profiling and tests). */
  factorizations = 0;

  constructor(readonly k: number) {
    this.lu = new Float64Array(k * k);
    this.piv = new Int32Array(k);
    this.base = new Int32Array(k);
    this.basePos = new Int32Array(k).fill(-1);
    this.slotOf = new Int32Array(k).fill(-1);
    this.slotUnit = new Int32Array(MAX_BORDER);
    const cols = new Float64Array(MAX_BORDER * k);
    this.cols = Array.from({ length: MAX_BORDER }, (_, t) => cols.subarray(t * k, (t + 1) * k));
    this.border = new Int32Array(MAX_BORDER + 1);
    this.S = new Float64Array(MAX_BORDER * MAX_BORDER);
    this.spiv = new Int32Array(MAX_BORDER);
    this.r0 = new Float64Array(k);
    this.rc = new Float64Array(MAX_BORDER);
  }

  /** Forgets the base factorisation (call when M̂ changes). */
  invalidate(): void {
    for (let a = 0; a < this.m0; a++) this.basePos[this.base[a]] = -1;
    this.clearSlots();
    this.m0 = -1;
  }

  private clearSlots(): void {
    for (let t = 0; t < this.slots; t++) this.slotOf[this.slotUnit[t]] = -1;
    this.slots = 0;
  }

  /**
   * Prepares solves with M̂_II, I = act[0..m) in increasing order, M̂ = M / scale (row-major k×k).
   * @returns false when M̂_II is singular.
   */
  prepare(M: Float64Array, scale: number, act: Int32Array, m: number): boolean {
    if (this.m0 >= 0) {
      // border = symmetric difference of I and the base, by merging the sorted lists
      const { base, border, m0 } = this;
      const lim = maxBorder(m0);
      let c = 0;
      let a = 0;
      let b = 0;
      while ((a < m || b < m0) && c <= lim) {
        if (b >= m0 || (a < m && act[a] < base[b])) border[c++] = act[a++];
        else if (a >= m || base[b] < act[a]) border[c++] = base[b++];
        else {
          a++;
          b++;
        }
      }
      if (c <= lim && this.setBorder(M, scale, c)) return true;
    }
    return this.factor(M, scale, act, m);
  }

  /** Full factorisation of M̂_II as the new base. */
  private factor(M: Float64Array, scale: number, act: Int32Array, m: number): boolean {
    this.invalidate();
    const { k, lu } = this;
    const inv = 1 / scale;
    for (let a = 0; a < m; a++) {
      const row = act[a] * k;
      for (let b = 0; b < m; b++) lu[a * m + b] = M[row + act[b]] * inv;
    }
    let symmetric = true;
    for (let a = 0; a < m && symmetric; a++) {
      for (let b = 0; b < a; b++) {
        if (lu[a * m + b] !== lu[b * m + a]) {
          symmetric = false;
          break;
        }
      }
    }
    this.factorizations++;
    let ok: boolean;
    if (symmetric && cholFactor(m, lu)) {
      this.cholesky = true;
      ok = true;
    } else {
      if (symmetric) {
        // not numerically positive definite: restore the block (the upper triangle is intact)
        for (let a = 0; a < m; a++) {
          for (let b = 0; b < a; b++) lu[a * m + b] = lu[b * m + a];
          lu[a * m + a] = M[act[a] * k + act[a]] * inv;
        }
      }
      this.cholesky = false;
      ok = luFactor(m, lu, this.piv);
    }
    if (!ok) return false;
    for (let a = 0; a < m; a++) {
      this.base[a] = act[a];
      this.basePos[act[a]] = a;
    }
    this.m0 = m;
    this.c = 0;
    return true;
  }

  private baseSolve(b: Float64Array): void {
    if (this.cholesky) cholSolve(this.m0, this.lu, b);
    else luSolve(this.m0, this.lu, this.piv, b);
  }

  /** Computes the column A₀⁻¹B of a border unit into its slot. @returns false when out of slots. */
  private column(M: Float64Array, inv: number, unit: number): boolean {
    if (this.slotOf[unit] >= 0) return true;
    if (this.slots >= MAX_BORDER) return false;
    const { m0, k } = this;
    const t = this.slots++;
    this.slotOf[unit] = t;
    this.slotUnit[t] = unit;
    const col = this.cols[t];
    const p = this.basePos[unit];
    if (p >= 0) {
      col.fill(0, 0, m0);
      col[p] = 1;
    } else {
      for (let a = 0; a < m0; a++) col[a] = M[this.base[a] * k + unit] * inv;
    }
    this.baseSolve(col);
    return true;
  }

  /** Sets up the Schur complement of the border border[0..c). @returns false to refactorise. */
  private setBorder(M: Float64Array, scale: number, c: number): boolean {
    const { k, m0, basePos, base, S, border } = this;
    const inv = 1 / scale;
    for (let q = 0; q < c; q++) {
      if (!this.column(M, inv, border[q])) {
        this.clearSlots();
        return false;
      }
    }
    for (let p = 0; p < c; p++) {
      const u = border[p];
      const pp = basePos[u];
      for (let q = 0; q < c; q++) {
        const wq = this.cols[this.slotOf[border[q]]];
        let v: number;
        if (pp >= 0) v = -wq[pp];
        else {
          const row = u * k;
          let s = 0;
          for (let a = 0; a < m0; a++) s += M[row + base[a]] * wq[a];
          v = basePos[border[q]] < 0 ? M[row + border[q]] * inv - s * inv : -s * inv;
        }
        S[p * c + q] = v;
      }
    }
    this.c = c;
    if (c > 0 && !luFactor(c, S, this.spiv)) {
      this.c = 0;
      return false;
    }
    return true;
  }

  /**
   * Solves M̂_II x = r for the prepared set; `r` and the result are in the order of `act`.
   * @param r - in: right-hand side (length m); out: solution.
   */
  solve(act: Int32Array, m: number, r: Float64Array, M: Float64Array, scale: number): void {
    const { k, m0, c, basePos, base, border, r0, rc } = this;
    if (c === 0) {
      this.baseSolve(r); // I is the base
      return;
    }
    const inv = 1 / scale;
    r0.fill(0, 0, m0);
    let nc = 0;
    for (let a = 0; a < m; a++) {
      const p = basePos[act[a]];
      if (p >= 0) r0[p] = r[a];
    }
    this.baseSolve(r0);
    // r_c − D y
    for (let p = 0; p < c; p++) {
      const u = border[p];
      const pp = basePos[u];
      if (pp >= 0) rc[p] = -r0[pp];
      else {
        const row = u * k;
        let s = 0;
        for (let a = 0; a < m0; a++) s += M[row + base[a]] * r0[a];
        while (act[nc] !== u) nc++;
        rc[p] = r[nc] - s * inv;
      }
    }
    luSolve(c, this.S, this.spiv, rc);
    for (let q = 0; q < c; q++) {
      const z = rc[q];
      if (z === 0) continue;
      const wq = this.cols[this.slotOf[border[q]]];
      for (let a = 0; a < m0; a++) r0[a] -= wq[a] * z;
    }
    let q = 0;
    for (let a = 0; a < m; a++) {
      const u = act[a];
      const p = basePos[u];
      if (p >= 0) r[a] = r0[p];
      else {
        while (border[q] !== u) q++;
        r[a] = rc[q];
      }
    }
  }
}
