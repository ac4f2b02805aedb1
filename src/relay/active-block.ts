/**
 * Solves with the active block M̂_II of a fixed k×k matrix M̂ (M = scale · M̂, read through
 * {@link RelayMatrix}: blocks by `gather`) for an active set I that changes a few units at a time —
 * the Newton iterations of a relay solve and consecutive time steps.
 *
 * A *base* block A₀ = M̂_{I₀I₀} is factorised: by diagonally pivoted Cholesky when M̂_II is exactly
 * symmetric and semidefinite — the base is then the r independent units of I (r = numerical rank;
 * the dependent units of I are bordered below) — else by LU with partial pivoting. A nearby set
 * I = (I₀ \ R) ∪ N is handled by bordering (the Schur-complement update of active-set QP solvers,
 * Gill, Murray, Saunders & Wright 1990):
 *
 *     [ A₀         M̂_{I₀N}  E_R ] [x₀]   [r₀]        x_R = 0 through the multipliers λ of E_R,
 *     [ M̂_{NI₀}   M̂_{NN}   0   ] [x_N] = [r_N]       the rows of R are freed by λ, so the
 *     [ E_Rᵀ       0        0   ] [λ ]   [0 ]        solution is that of M̂_II x_I = r_I.
 *
 * With W = A₀⁻¹[M̂_{I₀N}, E_R], D = [M̂_{NI₀}; E_Rᵀ] and the c×c Schur complement
 * S = [[M̂_NN, 0], [0, 0]] − D W, a solve is y = A₀⁻¹r₀, z = S⁻¹(r_c − D y), x₀ = y − W z. The
 * columns of W and rows of D are cached per unit while the base stays; when more than `maxBorder`
 * units differ from the base the block is refactorised and becomes the new base. Cost:
 * O(m₀²c + c²m₀ + c³) instead of O(m³).
 *
 * Symmetric semidefinite case: S_RR = −(A₀⁻¹)_RR is negative definite, and eliminating λ leaves
 * T = S_NN − S_NR S_RR⁻¹ S_RN, the Schur complement of M̂_{I₀\R} in M̂_II, which is positive
 * semidefinite. T is factorised by pivoted Cholesky; when M̂_II is singular the dependent units of N
 * get x = 0 and their equations are not enforced (the basic solution, exact when the system is
 * consistent; see {@link ActiveBlockSolver.dropped}).
 */
import { cholFactor, cholFactorPivoted, cholSolve, cholSolvePivoted, luFactor, luSolve } from "../linalg/dense.ts";
import type { RelayMatrix } from "./matrix.ts";

/** Largest voluntary border (units differing from the base) before refactorising. */
function maxBorder(m0: number): number {
  return Math.min(64, Math.max(8, m0 >> 3));
}

/** Border capacity: also holds the dependent units of a semidefinite block. */
const CAPACITY = 160;

/** u·machine-epsilon multiple used for numerical ranks. */
const ULP = 2.3e-16;

/** Factorisations of active blocks with bordered updates; buffers for up to `k` units. */
export class ActiveBlockSolver {
  /** Base factor: pivoted Cholesky (row stride `ld`, base in pivot order) or LU (m₀×m₀). */
  private readonly lu: Float64Array;
  private ld = 0;
  private readonly piv: Int32Array;
  private readonly diag: Float64Array;
  private cholesky = false;
  /** Whether the matrix of the base is semidefinite by construction (`RelayMatrix.semidefinite`). */
  private semidefinite = false;
  private baseMaxDiag = 0;
  /** Base size, and the rank of its factor (< m₀ only for a base with many dependent units). */
  private m0 = -1;
  private rank = 0;
  /** Base units in factor order, each unit's position in the base (−1 if absent), set membership. */
  private readonly base: Int32Array;
  private readonly basePos: Int32Array;
  private readonly inSet: Uint8Array;
  /**
   * Cached per unit (slot) while the base stays: A₀⁻¹B_u (`cols`), D_u (`rows`), and the Schur
   * complement entries S(u, v) between slots (`pairs`, capacity × capacity); `slotsSymmetric` while
   * every cached row equals its column and M̂ is symmetric on the cached pairs (bitwise).
   */
  private readonly slotOf: Int32Array;
  private readonly slotUnit: Int32Array;
  private slotsSymmetric = true;
  private slots = 0;
  private readonly pairs: Float64Array;
  private readonly pairRow: Float64Array;
  private readonly pairCol: Float64Array;
  /** The rounding level of M̂_uu per slot (`termScale`, for rank tolerances). */
  private readonly slotDiag: Float64Array;
  private readonly cols: Float64Array[];
  private readonly rows: Float64Array[];
  private readonly capacity: number;
  /** Current border: added units (∉ base) in increasing order, then removed units (∈ base). */
  private readonly border: Int32Array;
  private c = 0;
  private na = 0;
  private readonly S: Float64Array;
  private readonly spiv: Int32Array;
  /** Symmetric elimination: G = −S_RR (Cholesky), X = G⁻¹S_RN, T (pivoted Cholesky, rank `tRank`). */
  private symmetricBorder = false;
  private readonly G: Float64Array;
  private readonly X: Float64Array;
  private readonly T: Float64Array;
  private readonly tperm: Int32Array;
  private readonly tdiag: Float64Array;
  private tRank = 0;
  private readonly one = new Int32Array(1);
  private readonly r0: Float64Array;
  private readonly rc: Float64Array;
  private readonly rt: Float64Array;
  private readonly work: Float64Array;
  private readonly work2: Float64Array;
  /** Dependent units bordered by the last factorisation (allowed on top of the voluntary border). */
  private dependents = 0;
  /** Full factorisations done (for profiling and tests). */
  factorizations = 0;

  constructor(readonly k: number) {
    const cap = Math.min(k, CAPACITY);
    this.capacity = cap;
    this.lu = new Float64Array(k * k);
    this.piv = new Int32Array(k);
    this.diag = new Float64Array(k);
    this.base = new Int32Array(k);
    this.basePos = new Int32Array(k).fill(-1);
    this.inSet = new Uint8Array(k);
    this.slotOf = new Int32Array(k).fill(-1);
    this.slotUnit = new Int32Array(cap);
    this.pairs = new Float64Array(cap * cap);
    this.pairRow = new Float64Array(cap);
    this.pairCol = new Float64Array(cap);
    const cols = new Float64Array(cap * k);
    this.cols = Array.from({ length: cap }, (_, t) => cols.subarray(t * k, (t + 1) * k));
    const rows = new Float64Array(cap * k);
    this.rows = Array.from({ length: cap }, (_, t) => rows.subarray(t * k, (t + 1) * k));
    this.border = new Int32Array(cap + 1);
    this.S = new Float64Array(cap * cap);
    this.spiv = new Int32Array(cap);
    this.G = new Float64Array(cap * cap);
    this.X = new Float64Array(cap * cap);
    this.T = new Float64Array(cap * cap);
    this.tperm = new Int32Array(cap);
    this.tdiag = new Float64Array(cap);
    this.slotDiag = new Float64Array(cap);
    this.r0 = new Float64Array(k);
    this.rc = new Float64Array(cap);
    this.rt = new Float64Array(cap);
    this.work = new Float64Array(Math.max(k, cap));
    this.work2 = new Float64Array(cap);
  }

  /** Forgets the base factorisation (call when M̂ changes). */
  invalidate(): void {
    for (let a = 0; a < this.m0; a++) this.basePos[this.base[a]] = -1;
    this.clearSlots();
    this.m0 = -1;
    this.c = 0;
  }

  private clearSlots(): void {
    for (let t = 0; t < this.slots; t++) this.slotOf[this.slotUnit[t]] = -1;
    this.slots = 0;
    this.slotsSymmetric = true;
  }

  /**
   * Prepares solves with M̂_II, I = act[0..m) in increasing order, M̂ = M / scale.
   * @returns false when M̂_II is singular (nonsymmetric case) or has more dependent units than the border holds.
   */
  prepare(M: RelayMatrix, act: Int32Array, m: number): boolean {
    if (this.m0 >= 0 && this.rank < this.m0) {
      // a base with many dependent units serves its own set only
      if (m === this.m0 && this.covers(act, m)) return true;
    } else if (this.m0 >= 0) {
      // border = I \ I₀ (in the order of act), then I₀ \ I
      const { base, basePos, border, inSet, m0 } = this;
      const lim = Math.min(this.capacity, maxBorder(m0) + this.dependents);
      let c = 0;
      for (let a = 0; a < m && c <= lim; a++) if (basePos[act[a]] < 0) border[c++] = act[a];
      const na = c;
      for (let a = 0; a < m; a++) inSet[act[a]] = 1;
      for (let b = 0; b < m0 && c <= lim; b++) if (inSet[base[b]] === 0) border[c++] = base[b];
      for (let a = 0; a < m; a++) inSet[act[a]] = 0;
      if (c <= lim && this.setBorder(M, c, na)) return true;
    }
    return this.factor(M, act, m);
  }

  /**
   * Units of the prepared set whose equations were dropped as dependent (a semidefinite block of
   * rank < m): their solution entries are 0 and their rows of M̂_II x = r are not enforced.
   * @returns the number of such units, listed in `out`.
   */
  dropped(out: Int32Array): number {
    if (this.rank < this.m0) {
      for (let a = this.rank; a < this.m0; a++) out[a - this.rank] = this.base[a];
      return this.m0 - this.rank;
    }
    if (!this.symmetricBorder) return 0;
    const { na, tRank, tperm, border } = this;
    for (let a = tRank; a < na; a++) out[a - tRank] = border[tperm[a]];
    return na - tRank;
  }

  /**
   * Full factorisation of M̂_II: diagonally pivoted Cholesky when exactly symmetric (rank-revealing
   * for a semidefinite block, tolerance m·u·max diag; the dependent units are bordered), else LU.
   */
  private factor(M: RelayMatrix, act: Int32Array, m: number): boolean {
    this.invalidate();
    const { lu } = this;
    M.gather(act, m, act, m, lu);
    let symmetric = true;
    let maxDiag = 0;
    for (let a = 0; a < m; a++) maxDiag = Math.max(maxDiag, M.termScale[act[a]]);
    for (let a = 0; a < m && symmetric; a++) {
      for (let b = 0; b < a; b++) {
        if (lu[a * m + b] !== lu[b * m + a]) {
          symmetric = false;
          break;
        }
      }
    }
    this.factorizations++;
    let rank = m;
    if (symmetric) {
      const tol = m * ULP * maxDiag;
      rank = cholFactorPivoted(m, lu, this.piv, this.diag, tol);
      this.semidefinite = M.semidefinite;
      symmetric = rank === m || M.semidefinite || semidefiniteRest(lu, m, rank, this.diag, tol);
      if (!symmetric) M.gather(act, m, act, m, lu); // indefinite: restore (rows and columns were permuted) for LU
    }
    this.cholesky = symmetric;
    this.ld = m;
    this.c = 0;
    this.symmetricBorder = false;
    if (symmetric) {
      if (rank === 0) return false;
      this.baseMaxDiag = maxDiag;
      for (let a = 0; a < m; a++) this.base[a] = act[this.piv[a]];
    } else {
      if (!luFactor(m, lu, this.piv)) return false;
      for (let a = 0; a < m; a++) this.base[a] = act[a];
      rank = m;
    }
    const dependents = m - rank;
    // few dependent units: the independent ones are the base and the others are bordered; many: the
    // whole set is the base (basic solution) and is not bordered
    this.m0 = dependents > maxBorder(rank) ? m : rank;
    this.rank = rank;
    this.dependents = this.m0 === m ? 0 : dependents;
    for (let a = 0; a < this.m0; a++) this.basePos[this.base[a]] = a;
    if (this.m0 === m) return true;
    // the dependent units, in increasing order, form the border
    const { border } = this;
    let c = 0;
    for (let a = 0; a < m; a++) if (this.basePos[act[a]] < 0) border[c++] = act[a];
    if (this.setBorder(M, c, c)) return true;
    this.invalidate();
    return false;
  }

  private baseSolve(b: Float64Array): void {
    if (this.cholesky) {
      cholSolve(this.rank, this.lu, b, this.ld);
      b.fill(0, this.rank, this.m0); // dependent units of a many-dependents base
    } else luSolve(this.m0, this.lu, this.piv, b);
  }

  /** Whether every unit of act[0..m) is in the base. */
  private covers(act: Int32Array, m: number): boolean {
    for (let a = 0; a < m; a++) if (this.basePos[act[a]] < 0) return false;
    return true;
  }

  /**
   * Computes A₀⁻¹B_u, D_u and the Schur complement entries with the cached units for a border unit:
   * S(u, v) = −(A₀⁻¹B_v)_u for u in the base (removed), M̂_uv[v added] − D_u·A₀⁻¹B_v otherwise.
   * @returns false when out of slots.
   */
  private column(M: RelayMatrix, unit: number): boolean {
    if (this.slotOf[unit] >= 0) return true;
    if (this.slots >= this.capacity) return false;
    const { m0, base, basePos, one, slotUnit, cols, rows, pairs, capacity: cap, pairRow, pairCol } = this;
    const t = this.slots++;
    this.slotOf[unit] = t;
    slotUnit[t] = unit;
    const col = cols[t];
    const pu = basePos[unit];
    one[0] = unit;
    if (pu >= 0) {
      col.fill(0, 0, m0);
      col[pu] = 1;
    } else {
      const row = rows[t];
      M.gather(one, 1, base, m0, row); // D_u = M̂_{u I₀}
      M.gather(base, m0, one, 1, col); // B_u = M̂_{I₀ u}
      for (let a = 0; a < m0 && this.slotsSymmetric; a++) if (row[a] !== col[a]) this.slotsSymmetric = false;
    }
    this.baseSolve(col);
    // M̂ between u and the cached units (used where both are added)
    M.gather(one, 1, slotUnit, t + 1, pairRow);
    M.gather(slotUnit, t + 1, one, 1, pairCol);
    this.slotDiag[t] = M.termScale[unit];
    for (let v = 0; v <= t; v++) {
      const pv = basePos[slotUnit[v]];
      if (pu < 0 && pv < 0 && pairRow[v] !== pairCol[v]) this.slotsSymmetric = false;
      pairs[t * cap + v] = this.entry(t, pu, v, pv, pairRow[v]);
      if (v < t) pairs[v * cap + t] = this.entry(v, pv, t, pu, pairCol[v]);
    }
    return true;
  }

  /** S(u, v) for slots tu, tv with base positions pu, pv (−1 when added) and m̂ = M̂_uv. */
  private entry(tu: number, pu: number, tv: number, pv: number, m: number): number {
    const wv = this.cols[tv];
    if (pu >= 0) return -wv[pu];
    const du = this.rows[tu];
    let s = 0;
    for (let a = 0; a < this.m0; a++) s += du[a] * wv[a];
    return pv < 0 ? m - s : -s;
  }

  /**
   * Sets up the Schur complement of border[0..c), whose first `na` units are added (∉ base, in
   * increasing order) and the rest removed. @returns false to refactorise.
   */
  private setBorder(M: RelayMatrix, c: number, na: number): boolean {
    const { border } = this;
    for (let q = 0; q < c; q++) {
      if (!this.column(M, border[q])) {
        this.clearSlots();
        return false;
      }
    }
    this.c = c;
    this.na = na;
    this.symmetricBorder = false;
    if (c === 0) return true;
    // LU of S when it is clearly nonsingular (the usual case, and the cheaper one); a symmetric
    // semidefinite border with a tiny pivot takes the rank-revealing elimination instead
    this.fillS(c);
    let maxDiag = this.baseMaxDiag;
    for (let p = 0; p < c; p++) maxDiag = Math.max(maxDiag, this.slotDiag[this.slotOf[border[p]]]);
    const lu = luFactor(c, this.S, this.spiv);
    let minPivot = Infinity;
    if (lu) for (let p = 0; p < c; p++) minPivot = Math.min(minPivot, Math.abs(this.S[p * c + p]));
    if (lu && minPivot > (this.m0 + c) * ULP * maxDiag) return true;
    if (this.cholesky && this.slotsSymmetric) {
      this.fillS(c);
      this.symmetricBorder = this.eliminateSymmetric(c, na);
      if (this.symmetricBorder) return true;
    }
    if (lu) {
      this.fillS(c); // S was overwritten by the elimination attempt: factor it again
      luFactor(c, this.S, this.spiv);
      return true;
    }
    this.c = 0;
    return false;
  }

  /** S (c×c) from the cached pairwise entries of the border units. */
  private fillS(c: number): void {
    const { S, border, pairs, slotOf, capacity: cap } = this;
    for (let p = 0; p < c; p++) {
      const tp = slotOf[border[p]] * cap;
      for (let q = 0; q < c; q++) S[p * c + q] = pairs[tp + slotOf[border[q]]];
    }
  }

  /**
   * Symmetric semidefinite border: G = −S_RR by Cholesky, X = G⁻¹S_RN, T = S_NN + S_NR X
   * (symmetrised) by pivoted Cholesky. @returns false when G is not positive definite or T not
   * semidefinite (then S takes LU).
   */
  private eliminateSymmetric(c: number, na: number): boolean {
    const { S, G, X, T } = this;
    const nr = c - na;
    for (let a = 0; a < nr; a++) for (let b = 0; b < nr; b++) G[a * nr + b] = -S[(na + a) * c + na + b];
    if (nr > 0 && !cholFactor(nr, G)) return false;
    // X (nr×na), column q = G⁻¹ S_{R,q}
    const col = this.work;
    for (let q = 0; q < na; q++) {
      for (let a = 0; a < nr; a++) col[a] = S[(na + a) * c + q];
      cholSolve(nr, G, col);
      for (let a = 0; a < nr; a++) X[a * na + q] = col[a];
    }
    let maxDiag = this.baseMaxDiag;
    for (let p = 0; p < na; p++) {
      maxDiag = Math.max(maxDiag, this.slotDiag[this.slotOf[this.border[p]]]);
      for (let q = 0; q <= p; q++) {
        let t1 = S[p * c + q];
        let t2 = S[q * c + p];
        for (let a = 0; a < nr; a++) {
          t1 += S[p * c + na + a] * X[a * na + q];
          t2 += S[q * c + na + a] * X[a * na + p];
        }
        const v = 0.5 * (t1 + t2);
        T[p * na + q] = v;
        T[q * na + p] = v;
      }
    }
    const tol = (this.m0 + na) * ULP * maxDiag;
    this.tRank = na > 0 ? cholFactorPivoted(na, T, this.tperm, this.tdiag, tol) : 0;
    return this.tRank === na || this.semidefinite || semidefiniteRest(T, na, this.tRank, this.tdiag, tol);
  }

  /**
   * Solves M̂_II x = r for the prepared set; `r` and the result are in the order of `act`.
   * @param r - in: right-hand side (length m); out: solution (0 for dropped units).
   */
  solve(act: Int32Array, m: number, r: Float64Array): void {
    const { m0, c, na, basePos, border, r0, rc } = this;
    r0.fill(0, 0, m0);
    for (let a = 0; a < m; a++) {
      const p = basePos[act[a]];
      if (p >= 0) r0[p] = r[a];
    }
    if (c === 0) {
      this.baseSolve(r0); // I is the base
      for (let a = 0; a < m; a++) r[a] = r0[basePos[act[a]]];
      return;
    }
    this.baseSolve(r0);
    // r_c − D y: added units first (in the order of act), then removed
    let nc = 0;
    for (let p = 0; p < c; p++) {
      const u = border[p];
      if (p >= na) rc[p] = -r0[basePos[u]];
      else {
        const du = this.rows[this.slotOf[u]];
        let s = 0;
        for (let a = 0; a < m0; a++) s += du[a] * r0[a];
        while (act[nc] !== u) nc++;
        rc[p] = r[nc] - s;
      }
    }
    if (this.symmetricBorder) this.solveSymmetric(c, na);
    else luSolve(c, this.S, this.spiv, rc);
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

  /** rc ← S⁻¹ rc by the symmetric elimination (x_N by the basic solution of T, then λ). */
  private solveSymmetric(c: number, na: number): void {
    const { S, G, X, T, rc, rt } = this;
    const nr = c - na;
    // S_RR = −G: row R gives λ = G⁻¹(S_RN x_N − rc_R) = X x_N − t₁ with t₁ = G⁻¹rc_R, and row N
    // gives T x_N = rc_N + S_NR t₁
    const t1 = this.work;
    for (let a = 0; a < nr; a++) t1[a] = rc[na + a];
    if (nr > 0) cholSolve(nr, G, t1);
    for (let p = 0; p < na; p++) {
      let s = rc[p];
      for (let a = 0; a < nr; a++) s += S[p * c + na + a] * t1[a];
      rt[p] = s;
    }
    cholSolvePivoted(na, this.tRank, T, this.tperm, rt, this.work2);
    // λ = −G⁻¹(rc_R − S_RN x_N) = X x_N − G⁻¹ rc_R
    for (let a = 0; a < nr; a++) {
      let s = -t1[a];
      for (let q = 0; q < na; q++) s += X[a * na + q] * rt[q];
      rc[na + a] = s;
    }
    for (let p = 0; p < na; p++) rc[p] = rt[p];
  }
}

/**
 * Whether the Schur complement left by a pivoted Cholesky of a (n×n, row-major) stopped at
 * rank r < n is zero to the tolerance (a semidefinite block: |S_ij| ≤ √(S_ii S_jj) ≤ tol up to
 * rounding) rather than an indefinite remainder (a negative diagonal or a large off-diagonal entry).
 */
function semidefiniteRest(a: Float64Array, n: number, r: number, diag: Float64Array, tol: number): boolean {
  const lim = 4 * tol;
  for (let i = r; i < n; i++) {
    if (!(diag[i] >= -lim)) return false;
    const ri = i * n;
    for (let j = r; j < i; j++) {
      let s = a[ri + j];
      const rj = j * n;
      for (let c = 0; c < r; c++) s -= a[ri + c] * a[rj + c];
      if (!(Math.abs(s) <= lim)) return false;
    }
  }
  return true;
}
