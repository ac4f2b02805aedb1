/**
 * The relay matrix M (k×k) as the relay solvers read it: by blocks and products, never entry by
 * entry, so that an owner can keep M in a structured form (dense, scaled, low-rank corrected) and
 * the solvers cost what the structure allows.
 *
 * Scale convention: M = scale · M̂ with M̂ fixed while `version` stays the same. Factorisations of
 * blocks of M̂ (the active blocks of semismooth Newton) stay valid across a change of scale — the
 * implicit step of a penalty network with a growing step size only rescales M = τσK.
 */
import { InputError } from "../errors.ts";
import { dotAt } from "../linalg/dense.ts";

/**
 * Maintained products of M for Gauss–Seidel sweeps. A sweep needs the row products (M s)_i while
 * single coordinates of s change; when M has a cheap factored form, e.g.
 *
 *     M = a (FᵀF − GᵀG),   F (p×k) sparse, G (m×k),
 *
 * the owner keeps f = F s and g = G s and returns (M s)_i = a (F_iᵀ f − G_iᵀ g) (F_i, G_i the
 * columns of F, G) in O(nnz(F_i) + m) work, and the update s_i += δ costs the same
 * (f += δ F_i, g += δ G_i), instead of the O(k) of a dense row. Implementations allocate nothing
 * in these calls.
 */
export interface RelayCoordinateOps {
  /** Starts a sweep sequence from `s` (recomputes the maintained products from scratch). */
  begin(s: Float64Array): void;
  /** (M s)_i for the s of the last `begin` with all `update`s applied. */
  rowDot(i: number): number;
  /** Records the change s_i ← s_i + delta (the caller then writes s_i itself). */
  update(i: number, delta: number): void;
}

/** Read access to a relay matrix M = scale · M̂ (see the module comment). */
export interface RelayMatrix {
  readonly k: number;
  /** Current scale of M = scale · M̂ (positive). */
  readonly scale: number;
  /** Changes whenever M̂ changes (not when only `scale` does). */
  readonly version: number;
  /** M_ii at the current scale (length k). */
  readonly diagonal: Float64Array;
  /**
   * Per unit, the size of the terms M̂_ii is computed from (|M̂_ii| when M̂ is stored entrywise;
   * larger when M̂_ii is a difference of larger terms): the rounding level of row i, for rank decisions.
   */
  readonly termScale: Float64Array;
  /** Row products for projected Gauss–Seidel. */
  readonly coord: RelayCoordinateOps;
  /**
   * Whether the owner guarantees that M̂ is symmetric positive semidefinite (by construction, e.g.
   * a Gram matrix): rank-deficient blocks then skip the test for an indefinite remainder.
   */
  readonly semidefinite: boolean;
  /** out = M s (length k; `out` must not alias `s`). */
  multiply(s: Float64Array, out: Float64Array): void;
  /**
   * out[a] = Σ_b M[rows[a], cols[b]] x[b] for a < nr — or over all k columns when `cols` is null
   * (then x has length k).
   */
  multiplyBlock(rows: Int32Array, nr: number, cols: Int32Array | null, nc: number, x: Float64Array, out: Float64Array): void;
  /** out[a·nc + b] = M̂[rows[a], cols[b]] for a < nr, b < nc (the unscaled M̂ = M / scale). */
  gather(rows: Int32Array, nr: number, cols: Int32Array, nc: number, out: Float64Array): void;
}

/**
 * A dense row-major M̂ (k×k) with a scale: M = scale · M̂. The owner may rescale (`setScale`) or
 * replace the entries (`assign`, which bumps `version`); the default Gauss–Seidel rows are the dense
 * rows, and a structured {@link RelayCoordinateOps} describing the same M may be supplied instead.
 */
export class DenseRelayMatrix implements RelayMatrix {
  version = 0;
  scale = 1;
  readonly diagonal: Float64Array;
  readonly termScale: Float64Array;
  readonly coord: RelayCoordinateOps;
  private data: Float64Array;

  /**
   * @param data - M̂, row-major k×k (kept by reference: call `assign` after changing it in place).
   * @param coord - optional structured row products of the same M (kept in step by the owner).
   * @param semidefinite - M̂ is symmetric positive semidefinite by construction (see {@link RelayMatrix.semidefinite}).
   * @throws InputError when `data` does not have k² entries.
   */
  constructor(
    readonly k: number,
    data: Float64Array,
    coord?: RelayCoordinateOps,
    readonly semidefinite = false,
  ) {
    if (data.length !== k * k) throw new InputError(`invalid argument: relay matrix \`M\` must have ${k}×${k} entries, got ${data.length}`);
    this.data = data;
    this.diagonal = new Float64Array(k);
    this.termScale = new Float64Array(k);
    this.coord = coord ?? new DenseRows(this);
    this.refreshDiagonal();
  }

  /** The entries of M̂ (row-major). */
  get entries(): Float64Array {
    return this.data;
  }

  /** New entries for M̂ (or the same array changed in place) and a scale; bumps `version`. */
  assign(data: Float64Array, scale = 1): void {
    if (data.length !== this.k * this.k) throw new InputError(`invalid argument: relay matrix \`M\` must have ${this.k}×${this.k} entries, got ${data.length}`);
    this.data = data;
    this.version++;
    this.scale = scale;
    this.refreshDiagonal();
  }

  /** M = scale · M̂ with the same M̂ (factorisations of M̂ blocks stay valid). */
  setScale(scale: number): void {
    if (scale === this.scale) return;
    this.scale = scale;
    this.refreshDiagonal();
  }

  private refreshDiagonal(): void {
    const { k, data, scale } = this;
    for (let i = 0; i < k; i++) {
      this.diagonal[i] = scale * data[i * k + i];
      this.termScale[i] = Math.abs(data[i * k + i]);
    }
  }

  multiply(s: Float64Array, out: Float64Array): void {
    const { k, data, scale } = this;
    for (let i = 0; i < k; i++) out[i] = scale * dotAt(k, data, i * k, s, 0);
  }

  multiplyBlock(rows: Int32Array, nr: number, cols: Int32Array | null, nc: number, x: Float64Array, out: Float64Array): void {
    const { k, data, scale } = this;
    for (let a = 0; a < nr; a++) {
      const row = rows[a] * k;
      if (cols === null) {
        out[a] = scale * dotAt(k, data, row, x, 0);
        continue;
      }
      let acc = 0;
      for (let b = 0; b < nc; b++) acc += data[row + cols[b]] * x[b];
      out[a] = scale * acc;
    }
  }

  gather(rows: Int32Array, nr: number, cols: Int32Array, nc: number, out: Float64Array): void {
    const { k, data } = this;
    for (let a = 0; a < nr; a++) {
      const row = rows[a] * k;
      const o = a * nc;
      for (let b = 0; b < nc; b++) out[o + b] = data[row + cols[b]];
    }
  }
}

/** Gauss–Seidel rows of a dense M: each row product from scratch on the current s (O(k)). */
class DenseRows implements RelayCoordinateOps {
  private s: Float64Array = new Float64Array(0);
  constructor(private readonly m: DenseRelayMatrix) {}
  begin(s: Float64Array): void {
    this.s = s;
  }
  rowDot(i: number): number {
    const { k, scale } = this.m;
    return scale * dotAt(k, this.m.entries, i * k, this.s, 0);
  }
  update(): void {
    // the row products read s directly
  }
}
