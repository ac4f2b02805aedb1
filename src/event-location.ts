/**
 * Event location on dense output, and the store of dense-output segments of a run.
 *
 * An event is a sign change of a scalar function g(t) = g(t, y(t)) evaluated on the continuous
 * extension of the current step; it is bracketed by samples and located by the Illinois variant of
 * regula falsi with a bisection safeguard, down to a bracket of width ~4·eps·|t| (Shampine &
 * Thompson, "Event location for ordinary differential equations", Comput. Math. Appl. 39 (2000);
 * the Illinois method: Dowell & Jarratt, BIT 11 (1971)). The root returned is the *right* end of the
 * final bracket, where g has already changed sign, so that the state there is the right-hand limit
 * and the new mode is consistent (as in SciPy's `solve_ivp`).
 */
import { evalDense } from "./dopri5.ts";

/** A scalar function of time to bracket (the event function on the dense output). */
export type ScalarOfTime = (t: number) => number;

/** The bracket left after {@link locateRoot}: g(left) > 0 ≥ g(right) (for a downward crossing). */
export interface RootBracket {
  left: number;
  right: number;
  /** Function evaluations used. */
  evals: number;
}

/**
 * Locates a root of g in [ta, tb] where g(ta) > 0 ≥ g(tb), by Illinois regula falsi with bisection
 * whenever the bracket fails to halve within three iterations.
 * @param ga - g(ta) (> 0); @param gb - g(tb) (≤ 0).
 * @param relTol - stop when tb − ta ≤ relTol·max(|ta|, |tb|, tiny) (default 4·eps).
 * @returns the final bracket; `right` is the event time to use (g ≤ 0 there).
 */
export function locateRoot(g: ScalarOfTime, ta: number, tb: number, ga: number, gb: number, relTol = 4 * Number.EPSILON, out?: RootBracket): RootBracket {
  const res = out ?? { left: ta, right: tb, evals: 0 };
  let evals = 0;
  let side = 0;
  let widthRef = tb - ta;
  let sinceHalved = 0;
  for (let it = 0; it < 400; it++) {
    const width = tb - ta;
    const scale = Math.max(Math.abs(ta), Math.abs(tb), Number.MIN_VALUE * 1e10);
    if (width <= relTol * scale || gb === 0) break;
    let tm: number;
    if (sinceHalved >= 3) {
      tm = ta + 0.5 * width;
      sinceHalved = 0;
      widthRef = width;
    } else {
      tm = (ta * gb - tb * ga) / (gb - ga);
      if (!(tm > ta && tm < tb)) tm = ta + 0.5 * width;
    }
    if (tm <= ta || tm >= tb) break; // no representable point inside
    const gm = g(tm);
    evals++;
    if (Number.isNaN(gm)) {
      // keep the bracket valid: treat NaN as "already crossed" (the caller reports the NaN)
      tb = tm;
      gb = 0;
      break;
    }
    if (gm > 0) {
      ta = tm;
      ga = gm;
      if (side === -1) gb *= 0.5;
      side = -1;
    } else {
      tb = tm;
      gb = gm;
      if (side === 1) ga *= 0.5;
      side = 1;
    }
    if (tb - ta <= 0.5 * widthRef) {
      widthRef = tb - ta;
      sinceHalved = 0;
    } else sinceHalved++;
  }
  res.left = ta;
  res.right = tb;
  res.evals = evals;
  return res;
}

/**
 * The dense output of a whole run: one 5-block DOPRI polynomial per accepted (possibly truncated)
 * step, searched by bisection. Growable typed storage; evaluation allocates nothing.
 */
export class DenseHistory {
  private t0s: Float64Array;
  private hs: Float64Array;
  private ends: Float64Array;
  private coef: Float64Array;
  private count = 0;

  constructor(readonly n: number, capacity = 256) {
    this.t0s = new Float64Array(capacity);
    this.hs = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
    this.coef = new Float64Array(capacity * 5 * n);
  }

  /** Number of stored segments. */
  get length(): number {
    return this.count;
  }

  /** Appends the polynomial `cont` of the step [t0, t0 + h], valid up to `end` ≤ t0 + h. */
  push(t0: number, h: number, end: number, cont: Float64Array): void {
    if (this.count === this.t0s.length) this.grow();
    const c = this.count;
    this.t0s[c] = t0;
    this.hs[c] = h;
    this.ends[c] = end;
    this.coef.set(cont.subarray(0, 5 * this.n), c * 5 * this.n);
    this.count++;
  }

  /** y(t) from the segment containing t (the later one at a shared end point: right-hand limit); t is clamped to the covered range. */
  evaluate(t: number, out: Float64Array): Float64Array {
    const c = this.count;
    if (c === 0) throw new Error("dense output is empty");
    // first segment whose end > t (right-hand limit at segment boundaries)
    let lo = 0;
    let hi = c - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    const tc = Math.min(Math.max(t, this.t0s[lo]), this.ends[lo]);
    return evalDense(this.n, this.coef, lo * 5 * this.n, this.t0s[lo], this.hs[lo], tc, out);
  }

  private grow(): void {
    const cap = this.t0s.length * 2;
    const g = (a: Float64Array, m: number) => {
      const b = new Float64Array(cap * m);
      b.set(a);
      return b;
    };
    this.t0s = g(this.t0s, 1);
    this.hs = g(this.hs, 1);
    this.ends = g(this.ends, 1);
    this.coef = g(this.coef, 5 * this.n);
  }
}
