/**
 * Sliding intervals of a {@link Solution}: the times during which an activation unit sits on one of
 * its switching surfaces y_i = C_i x − d_i = b (its activation value is then strictly inside the
 * jump [v_{j−1}, v_j] of its law: a Filippov sliding mode).
 */
import type { Inclusion } from "../model/inclusion.ts";
import type { Solution } from "../solution.ts";

/** One unit sliding from `t0` to `t1`. */
export interface SlidingInterval {
  unit: number;
  t0: number;
  t1: number;
}

/** A time interval during which at least one unit slides, with the units involved. */
export interface MergedInterval {
  t0: number;
  t1: number;
  units: number[];
}

/** Where sliding intervals are read from (see {@link slidingIntervals}). */
export type SlidingSource = "auto" | "events" | "activations";

function lastTime(sol: Solution): number {
  const nt = sol.t.length;
  return Number.isFinite(sol.tFinal) ? sol.tFinal : nt > 0 ? sol.t[nt - 1] : NaN;
}

function fromEvents(sol: Solution): SlidingInterval[] {
  const events = [...(sol.events ?? [])].sort((a, b) => a.t - b.t);
  const start = sol.t.length > 0 ? sol.t[0] : 0;
  const open = new Map<number, number>();
  const seen = new Set<number>();
  const out: SlidingInterval[] = [];
  for (const e of events) {
    if (e.kind === "enter-sliding") {
      if (!open.has(e.unit)) open.set(e.unit, e.t);
    } else if (e.kind === "leave-sliding" || (e.kind === "cross" && open.has(e.unit))) {
      const t0 = open.get(e.unit);
      if (t0 !== undefined) out.push({ unit: e.unit, t0, t1: e.t });
      else if (e.kind === "leave-sliding" && !seen.has(e.unit)) out.push({ unit: e.unit, t0: start, t1: e.t });
      open.delete(e.unit);
    }
    seen.add(e.unit);
  }
  const end = lastTime(sol);
  for (const [unit, t0] of open) out.push({ unit, t0, t1: Math.max(t0, end) });
  return out.sort((a, b) => a.t0 - b.t0 || a.unit - b.unit);
}

function fromActivations(sol: Solution, inc: Inclusion): SlidingInterval[] {
  const nt = sol.t.length;
  const k = sol.k;
  const laws = inc.laws;
  if (!sol.s || sol.s.length < nt * k || laws.k !== k) return [];
  const out: SlidingInterval[] = [];
  for (let i = 0; i < k; i++) {
    const m = laws.breakpointCount(i);
    const span = Math.max(1e-300, laws.max(i) - laws.min(i));
    const tol = 1e-9 * span;
    let runStart = -1;
    for (let r = 0; r <= nt; r++) {
      let inside = false;
      if (r < nt) {
        const s = sol.s[r * k + i];
        for (let j = 1; j <= m && !inside; j++) {
          const lo = laws.value(i, j - 1);
          const hi = laws.value(i, j);
          inside = s > lo + tol && s < hi - tol;
        }
      }
      if (inside && runStart < 0) runStart = r;
      if (!inside && runStart >= 0) {
        out.push({ unit: i, t0: sol.t[runStart], t1: sol.t[r - 1] });
        runStart = -1;
      }
    }
  }
  return out.sort((a, b) => a.t0 - b.t0 || a.unit - b.unit);
}

/**
 * The sliding intervals of every unit.
 *
 * - `events`: from the event log (`enter-sliding` opens an interval, `leave-sliding` or a `cross`
 *   closes it; an interval still open at the end closes at `tFinal`).
 * - `activations`: from the saved activation values (needs the inclusion's laws): unit i slides at a
 *   saved time when s_i lies strictly inside a jump [v_{j−1}, v_j] of its law.
 * - `auto` (default): the event log when it records sliding, otherwise the activation values when
 *   an inclusion is given.
 *
 * Never throws; an empty solution gives no intervals.
 * @example slidingIntervals(sol) // [{ unit: 0, t0: 0.5, t1: 2 }]
 */
export function slidingIntervals(sol: Solution, inclusion?: Inclusion, source: SlidingSource = "auto"): SlidingInterval[] {
  if (!sol || !sol.t) return [];
  const hasSlidingEvents = (sol.events ?? []).some((e) => e.kind !== "cross");
  if (source === "events" || (source === "auto" && (hasSlidingEvents || !inclusion))) return fromEvents(sol);
  return inclusion ? fromActivations(sol, inclusion) : [];
}

/**
 * Union of intervals: the times during which at least one unit slides, with the units involved.
 * @example mergeIntervals([{unit: 0, t0: 0, t1: 2}, {unit: 1, t0: 1, t1: 3}]) // [{ t0: 0, t1: 3, units: [0, 1] }]
 */
export function mergeIntervals(intervals: readonly SlidingInterval[]): MergedInterval[] {
  const sorted = [...intervals].sort((a, b) => a.t0 - b.t0);
  const out: MergedInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.t0 <= last.t1) {
      last.t1 = Math.max(last.t1, iv.t1);
      if (!last.units.includes(iv.unit)) last.units.push(iv.unit);
    } else out.push({ t0: iv.t0, t1: iv.t1, units: [iv.unit] });
  }
  return out;
}

/**
 * For each saved time of `sol`, whether some unit slides (t inside a merged interval, ends included).
 */
export function slidingMask(sol: Solution, intervals: readonly SlidingInterval[]): boolean[] {
  const merged = mergeIntervals(intervals);
  const nt = sol.t.length;
  const mask = new Array<boolean>(nt).fill(false);
  let j = 0;
  for (let r = 0; r < nt; r++) {
    const t = sol.t[r];
    while (j < merged.length && merged[j].t1 < t) j++;
    mask[r] = j < merged.length && merged[j].t0 <= t && t <= merged[j].t1;
  }
  return mask;
}
