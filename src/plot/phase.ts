/**
 * Phase portraits (2-D and 3-D) of a {@link Solution} with the switching surfaces of the inclusion
 * drawn and the sliding parts of the trajectory highlighted.
 *
 * Unit i switches on the surfaces y_i = C_i x − d_i = b for each breakpoint b of its law. In the
 * plane (or space) of the chosen states, with the other states held at their final values x*, that
 * surface is the line (plane) Σ_{a shown} C_ia x_a = b + d_i − Σ_{a not shown} C_ia x*_a.
 */
import type { Inclusion } from "../model/inclusion.ts";
import type { Solution } from "../solution.ts";
import { SLIDING_COLOR, emptyFigure, thinIndices, finiteOrNull, type Figure, type Trace } from "./figure.ts";
import { slidingIntervals, slidingMask } from "./sliding.ts";

/** Options of {@link phasePortraitFigure}. */
export interface PhasePortraitOptions {
  /** Figure title (default "Phase portrait"). */
  title?: string;
  /** The 2 or 3 states to draw (default [0, 1], or [0] against time for a one-state network). */
  states?: number[];
  /** Draw the switching surfaces (default true when an inclusion is given). */
  surfaces?: boolean;
  /** Largest number of surfaces drawn (default 24). */
  maxSurfaces?: number;
  /** Largest number of trajectory points (default 5000). */
  maxPoints?: number;
}

interface Surface {
  unit: number;
  b: number;
  /** coefficients on the shown states */
  c: number[];
  rhs: number;
  label: string;
}

function surfacesOf(inc: Inclusion, sol: Solution, states: number[], max: number): Surface[] {
  const n = inc.n;
  const xRef = sol.xFinal && sol.xFinal.length === n ? sol.xFinal : sol.x.subarray(Math.max(0, sol.t.length - 1) * n, Math.max(1, sol.t.length) * n);
  const e = new Float64Array(inc.k);
  const row = new Float64Array(n);
  const out: Surface[] = [];
  for (let i = 0; i < inc.k && out.length < max; i++) {
    e.fill(0);
    e[i] = 1;
    inc.C.applyTranspose(e, row);
    const c = states.map((a) => row[a]);
    if (c.every((v) => Math.abs(v) < 1e-14)) continue;
    let rest = 0;
    for (let a = 0; a < n; a++) if (!states.includes(a)) rest += row[a] * (xRef[a] ?? 0);
    const m = inc.laws.breakpointCount(i);
    for (let j = 1; j <= m && out.length < max; j++) {
      const b = inc.laws.breakpoint(i, j);
      out.push({ unit: i, b, c, rhs: b + inc.d[i] - rest, label: `y(${inc.unitNames[i] ?? `s${i + 1}`}) = ${+b.toPrecision(4)}` });
    }
  }
  return out;
}

function range(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = Math.max(hi - lo, Math.abs(hi), 1e-9) * 0.15;
  return [lo - pad, hi + pad];
}

/** Clips the line c0 x + c1 y = r to the box; returns its two end points or null. */
function clipLine(c0: number, c1: number, r: number, bx: [number, number], by: [number, number]): [[number, number], [number, number]] | null {
  const pts: Array<[number, number]> = [];
  const eps = 1e-12;
  if (Math.abs(c1) > eps) {
    for (const x of bx) {
      const y = (r - c0 * x) / c1;
      if (y >= by[0] - eps && y <= by[1] + eps) pts.push([x, y]);
    }
  }
  if (Math.abs(c0) > eps) {
    for (const y of by) {
      const x = (r - c1 * y) / c0;
      if (x >= bx[0] - eps && x <= bx[1] + eps) pts.push([x, y]);
    }
  }
  if (pts.length < 2) return null;
  // farthest pair
  let best: [[number, number], [number, number]] = [pts[0], pts[1]];
  let bd = -1;
  for (let a = 0; a < pts.length; a++) {
    for (let b = a + 1; b < pts.length; b++) {
      const d = (pts[a][0] - pts[b][0]) ** 2 + (pts[a][1] - pts[b][1]) ** 2;
      if (d > bd) {
        bd = d;
        best = [pts[a], pts[b]];
      }
    }
  }
  return best;
}

/**
 * Builds a 2-D or 3-D phase portrait.
 *
 * Traces (2-D), in order: the trajectory (`lines`); the sliding parts (thicker, red, with gaps where
 * no unit slides) when some unit slides; the switching surfaces as one dashed trace (one segment per
 * surface, separated by gaps) when an inclusion is given and some surface crosses the plot; start and
 * end markers (one trace). 3-D: the same with `scatter3d`, and each switching plane as its own
 * translucent `surface` trace.
 *
 * Pass `inclusion` as `undefined` to draw only the trajectory. An empty solution gives an
 * {@link emptyFigure}; never throws.
 * @example phasePortraitFigure(inc, sol, { states: [0, 1] })
 */
export function phasePortraitFigure(inclusion: Inclusion | undefined, sol: Solution, options: PhasePortraitOptions = {}): Figure {
  const title = options.title ?? "Phase portrait";
  const nt = sol?.t?.length ?? 0;
  const n = sol?.n ?? 0;
  if (nt === 0 || n === 0) return emptyFigure(title, "the solution has no saved points");
  const requested = options.states ?? (n >= 2 ? [0, 1] : [0]);
  const states = requested.filter((i) => Number.isInteger(i) && i >= 0 && i < n);
  if (states.length < 2 || states.length > 3 || states.length !== requested.length) {
    if (n < 2) return emptyFigure(title, "a phase portrait needs at least two states");
    return emptyFigure(title, `a phase portrait needs 2 or 3 distinct states in 0..${n - 1}, got [${requested.join(", ")}]`);
  }
  const inc = inclusion && inclusion.n === n ? inclusion : undefined;
  const names = states.map((i) => inc?.stateNames[i] ?? `x${i + 1}`);
  const mask = slidingMask(sol, slidingIntervals(sol, inc));
  const keep: number[] = [];
  for (let r = 1; r < nt; r++) if (mask[r] !== mask[r - 1]) keep.push(r - 1, r);
  const rows = thinIndices(nt, options.maxPoints ?? 5000, keep);
  const coord = (a: number) => rows.map((r) => finiteOrNull(sol.x[r * n + states[a]]));
  const cols = states.map((_, a) => coord(a));
  const anySliding = rows.some((r) => mask[r]);
  // sliding segments: keep points where the row or its neighbour slides, gap elsewhere
  const slide = cols.map((col) =>
    col.map((v, j) => {
      const r = rows[j];
      return mask[r] && (mask[rows[j - 1] ?? r] || mask[rows[j + 1] ?? r]) ? v : null;
    }),
  );
  const is3d = states.length === 3;
  const type = is3d ? "scatter3d" : "scatter";
  const xyz = (c: Array<Array<number | null>>) => (is3d ? { x: c[0], y: c[1], z: c[2] } : { x: c[0], y: c[1] });
  const data: Trace[] = [
    { type, mode: "lines", name: "trajectory", ...xyz(cols), line: { width: is3d ? 3 : 1.6, color: "#1f77b4" }, customdata: rows.map((r) => sol.t[r]), hovertemplate: `${names.map((nm, a) => `${nm}=%{${"xyz"[a]}:.4g}`).join(", ")}<br>t=%{customdata:.4g}<extra></extra>` },
  ];
  if (anySliding) data.push({ type, mode: "lines", name: "sliding", ...xyz(slide), line: { width: is3d ? 7 : 4.5, color: SLIDING_COLOR }, connectgaps: false });

  const ranges = cols.map((c) => range(c as number[]));
  const layout: Record<string, unknown> = { hovermode: "closest", margin: { t: 50, r: 20 }, legend: { x: 1, xanchor: "right", y: 1 } };
  const surfaces = inc && options.surfaces !== false ? surfacesOf(inc, sol, states, options.maxSurfaces ?? 24) : [];
  if (!is3d) {
    const sx: Array<number | null> = [];
    const sy: Array<number | null> = [];
    const text: Array<string | null> = [];
    const annotations: unknown[] = [];
    for (const s of surfaces) {
      const seg = clipLine(s.c[0], s.c[1], s.rhs, ranges[0], ranges[1]);
      if (!seg) continue;
      sx.push(seg[0][0], seg[1][0], null);
      sy.push(seg[0][1], seg[1][1], null);
      text.push(s.label, s.label, null);
      if (annotations.length < 12) {
        const f = 0.9 - 0.07 * (annotations.length % 4); // stagger labels of parallel surfaces
        annotations.push({ x: seg[0][0] + f * (seg[1][0] - seg[0][0]), y: seg[0][1] + f * (seg[1][1] - seg[0][1]), text: s.label, showarrow: false, font: { size: 10, color: "#555" }, bgcolor: "rgba(255,255,255,0.7)", xanchor: "center", yanchor: "bottom" });
      }
    }
    if (sx.length > 0) {
      data.push({ type: "scatter", mode: "lines", name: "switching surfaces", x: sx, y: sy, text, line: { dash: "dash", width: 1, color: "#777" }, hovertemplate: "%{text}<extra></extra>" });
      layout.annotations = annotations;
    }
    layout.xaxis = { title: { text: names[0] }, range: ranges[0] };
    layout.yaxis = { title: { text: names[1] }, range: ranges[1] };
  } else {
    for (const s of surfaces) {
      // solve the plane for the coordinate with the largest coefficient
      const a = s.c.reduce((best, v, idx) => (Math.abs(v) > Math.abs(s.c[best]) ? idx : best), 0);
      const [p, q] = [0, 1, 2].filter((v) => v !== a);
      const P = [ranges[p][0], ranges[p][1]];
      const Q = [ranges[q][0], ranges[q][1]];
      const grid = Q.map((vq) => P.map((vp) => (s.rhs - s.c[p] * vp - s.c[q] * vq) / s.c[a]));
      const axes: Record<number, unknown> = {};
      axes[p] = Q.map(() => P);
      axes[q] = Q.map((vq) => P.map(() => vq));
      axes[a] = grid;
      data.push({ type: "surface", name: s.label, x: axes[0], y: axes[1], z: axes[2], opacity: 0.2, showscale: false, colorscale: [[0, "#999"], [1, "#999"]], hoverinfo: "name", showlegend: true });
    }
    layout.scene = {
      xaxis: { title: { text: names[0] }, range: ranges[0] },
      yaxis: { title: { text: names[1] }, range: ranges[1] },
      zaxis: { title: { text: names[2] }, range: ranges[2] },
      aspectmode: "cube",
    };
  }
  const first = 0;
  const last = rows.length - 1;
  const se = cols.map((c) => [c[first], c[last]]);
  data.push({ type, mode: "markers+text", name: "start / end", ...xyz(se), text: ["start", "end"], textposition: "top center", marker: { size: is3d ? 4 : 9, color: ["#2ca02c", "#000"], symbol: is3d ? ["circle", "diamond"] : ["circle", "x"] }, hoverinfo: "text" });
  return { title, data, layout };
}
