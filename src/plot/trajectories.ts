/**
 * State trajectories x_i(t) of a {@link Solution}: one line per shown state, switching events as a
 * strip of markers under the plot, and sliding intervals shaded.
 */
import type { Inclusion } from "../model/inclusion.ts";
import type { Solution } from "../solution.ts";
import { PALETTE, SLIDING_COLOR, emptyFigure, spreadIndices, thinIndices, finiteOrNull, type Figure, type Trace } from "./figure.ts";
import { mergeIntervals, slidingIntervals } from "./sliding.ts";

/** Options of {@link trajectoryFigure}. */
export interface TrajectoryOptions {
  /** Figure title (default "State trajectories"). */
  title?: string;
  /** Which states to draw (indices). Default: at most `maxTraces`, evenly spread over 0..n−1. */
  states?: number[];
  /** Largest number of state traces when `states` is not given (default 10). */
  maxTraces?: number;
  /** Display names of the states (default: the inclusion's names, else x1, x2, ...). */
  names?: string[];
  /** Legend groups: states listed in a group share one legend entry group with this title. */
  groups?: Array<{ name: string; states: number[] }>;
  /** Mark switching events (default true). */
  events?: boolean;
  /** Shade sliding intervals (default true). */
  sliding?: boolean;
  /** The inclusion, for state names and for reading sliding from activation values when the event log has none. */
  inclusion?: Inclusion;
  /** Largest number of points per trace; longer runs are thinned keeping event times (default 5000). */
  maxPoints?: number;
}

/** Bottom of the main plot; the event/sliding strip sits under it. */
const STRIP_TOP = 0.24;

const EVENT_STYLE = {
  cross: { name: "switch (crossing)", symbol: "line-ns-open", color: "#444" },
  "enter-sliding": { name: "enter sliding", symbol: "triangle-right", color: SLIDING_COLOR },
  "leave-sliding": { name: "leave sliding", symbol: "triangle-left", color: "#2ca02c" },
} as const;

/**
 * Builds the figure of the state trajectories x_i(t).
 *
 * Traces, in order: one line per shown state; then one marker trace per event kind present
 * (`cross`, `enter-sliding`, `leave-sliding`), drawn in a strip under the main plot at height =
 * unit index; then, when some unit slides and `sliding` is on, one trace "sliding" in the same strip
 * with a bar per unit and sliding interval. The main plot is shaded where at least one unit slides
 * (layout shapes named "sliding", one per merged interval).
 *
 * An empty solution (no saved points) gives an {@link emptyFigure}; never throws.
 * @example trajectoryFigure(sol, { states: [0, 1] }).data.length // 2 (+ event and sliding entries)
 */
export function trajectoryFigure(sol: Solution, options: TrajectoryOptions = {}): Figure {
  const title = options.title ?? "State trajectories";
  const nt = sol?.t?.length ?? 0;
  const n = sol?.n ?? 0;
  if (nt === 0 || n === 0) return emptyFigure(title, "the solution has no saved points");
  const states = (options.states ?? spreadIndices(n, options.maxTraces ?? 10)).filter((i) => Number.isInteger(i) && i >= 0 && i < n);
  if (states.length === 0) return emptyFigure(title, "no state selected");
  const names = options.names ?? options.inclusion?.stateNames ?? Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const events = options.events === false ? [] : (sol.events ?? []);
  const intervals = options.sliding === false ? [] : slidingIntervals(sol, options.inclusion);
  const merged = mergeIntervals(intervals);
  const strip = events.length > 0 || merged.length > 0;

  // keep the saved points nearest to events when thinning
  const keep: number[] = [];
  if (nt > (options.maxPoints ?? 5000)) {
    let r = 0;
    for (const e of [...events].sort((a, b) => a.t - b.t)) {
      while (r < nt - 1 && sol.t[r] < e.t) r++;
      keep.push(r);
    }
  }
  const rows = thinIndices(nt, options.maxPoints ?? 5000, keep);
  const tt = rows.map((r) => sol.t[r]);
  const groupOf = new Map<number, string>();
  for (const g of options.groups ?? []) for (const i of g.states) if (!groupOf.has(i)) groupOf.set(i, g.name);
  const groupTitled = new Set<string>();

  const data: Trace[] = states.map((i, j) => {
    const group = groupOf.get(i);
    const tr: Trace = {
      type: "scatter",
      mode: "lines",
      name: names[i] ?? `x${i + 1}`,
      x: tt,
      y: rows.map((r) => finiteOrNull(sol.x[r * n + i])),
      line: { width: 1.6, color: PALETTE[j % PALETTE.length] },
      legendgroup: group ?? names[i] ?? `x${i + 1}`,
      hovertemplate: `${names[i] ?? `x${i + 1}`}: %{y:.4g} at t=%{x:.4g}<extra></extra>`,
    };
    if (group && !groupTitled.has(group)) {
      tr.legendgrouptitle = { text: group };
      groupTitled.add(group);
    }
    return tr;
  });

  const layout: Record<string, unknown> = {
    xaxis: { title: { text: "t" }, anchor: "y" },
    yaxis: { title: { text: "x(t)" }, domain: strip ? [STRIP_TOP, 1] : [0, 1] },
    hovermode: "closest",
    legend: { groupclick: "toggleitem" },
    margin: { t: 50, r: 20 },
  };
  if (states.length < n) {
    layout.annotations = [{ text: `showing ${states.length} of ${n} states`, xref: "paper", yref: "paper", x: 1, y: 1.06, xanchor: "right", showarrow: false, font: { size: 11, color: "#666" } }];
  }

  if (strip) {
    const k = Math.max(1, sol.k);
    layout.yaxis2 = { domain: [0, 0.15], anchor: "x", title: { text: "unit", font: { size: 11 } }, range: [-0.5, k - 0.5], zeroline: false, showgrid: false, tickfont: { size: 9 } };
    layout.xaxis = { ...(layout.xaxis as object), anchor: "y2" };
    for (const kind of ["cross", "enter-sliding", "leave-sliding"] as const) {
      const evs = events.filter((e) => e.kind === kind);
      if (evs.length === 0) continue;
      const st = EVENT_STYLE[kind];
      data.push({
        type: "scatter",
        mode: "markers",
        name: `${st.name} (${evs.length})`,
        x: evs.map((e) => e.t),
        y: evs.map((e) => e.unit),
        yaxis: "y2",
        marker: { symbol: st.symbol, size: 7, color: st.color, line: { width: 1, color: st.color } },
        legendgroup: "events",
        hovertemplate: `${st.name}: unit %{y} at t=%{x:.6g}<extra></extra>`,
      });
    }
  }

  if (merged.length > 0) {
    const total = merged.reduce((a, m) => a + (m.t1 - m.t0), 0);
    // per-unit sliding bars in the strip under the plot (also the legend entry of the shading)
    const bx: Array<number | null> = [];
    const by: Array<number | null> = [];
    for (const iv of intervals) bx.push(iv.t0, iv.t1, null), by.push(iv.unit, iv.unit, null);
    data.push({
      type: "scatter",
      mode: "lines",
      name: `sliding (${total.toPrecision(3)} time units)`,
      x: bx,
      y: by,
      yaxis: "y2",
      line: { color: SLIDING_COLOR, width: 5 },
      opacity: 0.45,
      legendgroup: "sliding",
      hovertemplate: "unit %{y} sliding<extra></extra>",
    });
    layout.shapes = merged.map((m) => ({
      type: "rect",
      name: "sliding",
      xref: "x",
      yref: "paper",
      x0: m.t0,
      x1: m.t1 > m.t0 ? m.t1 : m.t0 + 1e-12,
      y0: STRIP_TOP,
      y1: 1,
      fillcolor: SLIDING_COLOR,
      opacity: 0.08,
      line: { width: 0 },
      layer: "below",
    }));
  }
  return { title, data, layout };
}
