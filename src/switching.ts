/**
 * Bookkeeping of switching events shared by the integrators: which piece of its law each unit's
 * y_i sits in, and what a change of piece means (crossing a surface, entering or leaving sliding).
 */
import type { LawSet } from "./model/law.ts";
import { CsrOperator, DenseOperator, IdentityOperator, type LinearOperator } from "./model/operator.ts";
import type { EventKind, Stats, SwitchEvent } from "./solution.ts";

/** Classifies a change of piece (see `LawSet.piece`: odd pieces are switching surfaces). */
export function eventKind(from: number, to: number): EventKind {
  const fromSurface = (from & 1) === 1;
  const toSurface = (to & 1) === 1;
  if (toSurface && !fromSurface) return "enter-sliding";
  if (fromSurface && !toSurface) return "leave-sliding";
  return "cross";
}

/** Tracks the piece of every unit and logs events when they change. */
export class SwitchTracker {
  readonly pieces: Int32Array;
  /** Number of units currently on a switching surface. */
  slidingUnits = 0;

  constructor(readonly laws: LawSet, y0: Float64Array, readonly tol = 0) {
    this.pieces = new Int32Array(laws.k);
    for (let i = 0; i < laws.k; i++) {
      this.pieces[i] = laws.piece(i, y0[i], tol);
      if (this.pieces[i] & 1) this.slidingUnits++;
    }
  }

  /**
   * Updates the pieces from the new switching variables `y` at time t; appends events and counts
   * switches. @returns the number of units that changed piece.
   */
  update(t: number, y: Float64Array, events: SwitchEvent[], stats: Stats): number {
    let changes = 0;
    let sliding = 0;
    for (let i = 0; i < this.laws.k; i++) {
      const p = this.laws.piece(i, y[i], this.tol);
      const old = this.pieces[i];
      if (p !== old) {
        events.push({ t, unit: i, kind: eventKind(old, p), from: old, to: p });
        this.pieces[i] = p;
        changes++;
      }
      if (p & 1) sliding++;
    }
    this.slidingUnits = sliding;
    stats.switches += changes;
    stats.events += changes;
    return changes;
  }
}

/**
 * Snapping to switching surfaces: for units whose row of C selects one coordinate (C_i = c·e_j),
 * a unit on breakpoint b can be put exactly on its surface by x_j = (b + d_i)/c, removing the
 * rounding left by the linear algebra (so that sliding states are exactly 0, not 1e-17).
 */
export class SurfaceSnapper {
  /** Column j and coefficient c of each unit whose C row is a single entry, or −1. */
  readonly column: Int32Array;
  readonly coef: Float64Array;
  constructor(C: LinearOperator) {
    const k = C.rows;
    const n = C.cols;
    this.column = new Int32Array(k).fill(-1);
    this.coef = new Float64Array(k);
    const set = (i: number, j: number, c: number) => {
      this.column[i] = j;
      this.coef[i] = c;
    };
    if (C instanceof IdentityOperator) {
      if (C.scale !== 0) for (let i = 0; i < k; i++) set(i, i, C.scale);
    } else if (C instanceof CsrOperator) {
      for (let i = 0; i < k; i++) {
        let nz = 0;
        let col = -1;
        for (let p = C.rowPtr[i]; p < C.rowPtr[i + 1]; p++) if (C.values[p] !== 0) (nz++, (col = p));
        if (nz === 1) set(i, C.colIdx[col], C.values[col]);
      }
    } else if (C instanceof DenseOperator) {
      for (let i = 0; i < k; i++) {
        let nz = 0;
        let col = -1;
        for (let j = 0; j < n; j++) if (C.data[i * n + j] !== 0) (nz++, (col = j));
        if (nz === 1) set(i, col, C.data[i * n + col]);
      }
    }
  }

  /** Puts x exactly on the surfaces of the units whose piece is odd. */
  snap(x: Float64Array, pieces: Int32Array, laws: LawSet, d: Float64Array): void {
    for (let i = 0; i < pieces.length; i++) {
      const j = this.column[i];
      if (j < 0 || (pieces[i] & 1) === 0) continue;
      x[j] = (laws.breakpoint(i, (pieces[i] + 1) >> 1) + d[i]) / this.coef[i];
    }
  }
}
