/**
 * Convergence curves (distance to the optimum, energy gap, constraint violation vs t on a log
 * scale), solver comparisons (work–precision, log–log) and parameter sweeps.
 */
import type { Solution } from "../solution.ts";
import { PALETTE, emptyFigure, finiteOrNull, thinIndices, type Figure, type Trace } from "./figure.ts";

/** One curve of a convergence plot. */
export interface ConvergenceSeries {
  name: string;
  t: ArrayLike<number>;
  /** Non-negative quantity (values ≤ 0 or non-finite are not drawn on the log axis). */
  values: ArrayLike<number>;
}

/** Options of {@link convergenceFigure}. */
export interface ConvergenceOptions {
  /** Figure title (default "Convergence"). */
  title?: string;
  /** y-axis title (default "distance / gap"). */
  yTitle?: string;
  /** Time at which the feasible set was reached: drawn as a vertical dashed line with a label. */
  reached?: { t: number; label?: string };
  /** Linear instead of log y axis. */
  linearY?: boolean;
  /** Log time axis (for runs whose steps grow geometrically; t ≤ 0 is not drawn). */
  logT?: boolean;
  /** x-axis title (default "t"). */
  tTitle?: string;
  /** Largest number of points per curve (default 5000). */
  maxPoints?: number;
}

/**
 * Builds a convergence plot: each series against t, log y axis.
 *
 * Traces: one line per series with at least one positive finite value, plus, when `reached` is
 * given and finite, one marker trace "feasible set reached" (a marker on each curve at that time; the
 * vertical line itself is a layout shape). Empty input gives an {@link emptyFigure}; never throws.
 * @example convergenceFigure([{ name: "‖x − x*‖", t, values }], { reached: { t: 1.3 } })
 */
export function convergenceFigure(series: readonly ConvergenceSeries[], options: ConvergenceOptions = {}): Figure {
  const title = options.title ?? "Convergence";
  const log = !options.linearY;
  const data: Trace[] = [];
  const reached = options.reached && Number.isFinite(options.reached.t) ? options.reached : undefined;
  const marks = { x: [] as number[], y: [] as number[] };
  (series ?? []).forEach((s, j) => {
    const len = Math.min(s.t?.length ?? 0, s.values?.length ?? 0);
    const rows = thinIndices(len, options.maxPoints ?? 5000);
    const y = rows.map((r) => finiteOrNull(s.values[r], log));
    if (!y.some((v) => v !== null)) return;
    const x = rows.map((r) => (options.logT ? finiteOrNull(s.t[r], true) : s.t[r]));
    data.push({ type: "scatter", mode: "lines", name: s.name, x, y, line: { width: 1.8, color: PALETTE[j % PALETTE.length] } });
    if (reached) {
      // value at the reach time (last sample at or before it)
      let r = -1;
      for (let i = 0; i < len; i++) if (s.t[i] <= reached.t) r = i;
      const v = r >= 0 ? finiteOrNull(s.values[r], log) : null;
      if (v !== null) {
        marks.x.push(reached.t);
        marks.y.push(v);
      }
    }
  });
  if (data.length === 0) return emptyFigure(title, log ? "no positive values to plot on a log scale" : "no data to plot");
  const layout: Record<string, unknown> = {
    xaxis: { title: { text: options.tTitle ?? "t" }, type: options.logT ? "log" : "linear", exponentformat: "power" },
    yaxis: { title: { text: options.yTitle ?? "distance / gap" }, type: log ? "log" : "linear", exponentformat: "power" },
    hovermode: "x unified",
    margin: { t: 50, r: 20 },
  };
  if (reached) {
    const label = reached.label ?? `feasible set reached, t = ${reached.t.toPrecision(4)}`;
    data.push({ type: "scatter", mode: "markers", name: label, x: marks.x.length ? marks.x : [reached.t], y: marks.x.length ? marks.y : [null], marker: { symbol: "diamond", size: 11, color: "#2ca02c", line: { width: 1, color: "#000" } } });
    layout.shapes = [{ type: "line", name: "reached", xref: "x", yref: "paper", x0: reached.t, x1: reached.t, y0: 0, y1: 1, line: { dash: "dash", color: "#2ca02c", width: 1.5 } }];
    // annotations on a log axis take log10 of the value (shapes take the value itself)
    layout.annotations = [{ x: options.logT ? Math.log10(Math.max(reached.t, 1e-300)) : reached.t, y: 1, xref: "x", yref: "paper", text: label, showarrow: false, xanchor: "left", yanchor: "bottom", font: { size: 11, color: "#2ca02c" } }];
  }
  return { title, data, layout };
}

/**
 * Distance ‖x(t) − x*‖₂ at every saved time of a solution (for {@link convergenceFigure}).
 * @param states - restrict the distance to these state indices (default all).
 * @example distanceSeries(sol, xStar) // { name: "‖x − x*‖", t, values }
 */
export function distanceSeries(sol: Solution, xStar: ArrayLike<number>, name = "‖x − x*‖", states?: number[]): ConvergenceSeries {
  const nt = sol.t.length;
  const n = sol.n;
  const idx = states ?? Array.from({ length: Math.min(n, xStar.length) }, (_, i) => i);
  const values = new Float64Array(nt);
  for (let r = 0; r < nt; r++) {
    let s = 0;
    for (let j = 0; j < idx.length; j++) {
      const d = sol.x[r * n + idx[j]] - xStar[states ? j : idx[j]];
      s += d * d;
    }
    values[r] = Math.sqrt(s);
  }
  return { name, t: sol.t, values };
}

/** One measurement of a work–precision diagram. */
export interface WorkPrecisionPoint {
  /** Solver name: one trace per solver. */
  solver: string;
  wallSeconds: number;
  error: number;
  /** What was varied (e.g. "h = 1e-3"), shown on hover. */
  label?: string;
}

/**
 * Builds a work–precision diagram: error against wall time, log–log, one trace per solver (points
 * joined in the order given, i.e. the order of the varied step or tolerance; `sortByTime` joins them
 * by increasing time instead). Points with a non-positive or non-finite time or error are dropped.
 * Empty input gives an {@link emptyFigure}; never throws.
 * @example workPrecisionFigure([{ solver: "implicit-euler", wallSeconds: 0.01, error: 1e-3 }]).data.length // 1
 */
export function workPrecisionFigure(points: readonly WorkPrecisionPoint[], options: { title?: string; errorTitle?: string; sortByTime?: boolean } = {}): Figure {
  const title = options.title ?? "Work–precision";
  const bySolver = new Map<string, WorkPrecisionPoint[]>();
  for (const p of points ?? []) {
    if (!(p.wallSeconds > 0) || !(p.error > 0) || !Number.isFinite(p.wallSeconds) || !Number.isFinite(p.error)) continue;
    const list = bySolver.get(p.solver) ?? [];
    list.push(p);
    bySolver.set(p.solver, list);
  }
  if (bySolver.size === 0) return emptyFigure(title, "no measurement with a positive time and error");
  const data: Trace[] = [...bySolver].map(([solver, list], j) => {
    if (options.sortByTime) list.sort((a, b) => a.wallSeconds - b.wallSeconds);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: solver,
      x: list.map((p) => p.wallSeconds),
      y: list.map((p) => p.error),
      text: list.map((p) => p.label ?? ""),
      marker: { size: 8, color: PALETTE[j % PALETTE.length] },
      line: { color: PALETTE[j % PALETTE.length] },
      hovertemplate: `${solver}<br>%{text}<br>time %{x:.3g} s, error %{y:.3g}<extra></extra>`,
    };
  });
  return {
    title,
    data,
    layout: {
      xaxis: { title: { text: "wall time (s)" }, type: "log", exponentformat: "power" },
      yaxis: { title: { text: options.errorTitle ?? "error" }, type: "log", exponentformat: "power" },
      hovermode: "closest",
      margin: { t: 50, r: 20 },
    },
  };
}

/** A parameter sweep: one or more quantities against one parameter. */
export interface SweepSpec {
  /** Figure title (default "Parameter sweep"). */
  title?: string;
  /** Parameter name (x-axis title), e.g. "σ". */
  parameter: string;
  /** Parameter values. */
  x: ArrayLike<number>;
  /** Quantities measured at each parameter value (null or NaN: not available, e.g. the run failed). */
  series: Array<{ name: string; y: ArrayLike<number | null> }>;
  /** y-axis title. */
  yTitle?: string;
  /** A theoretical bound drawn as a dashed black line: a curve over `x`, or a horizontal line at `y`. */
  bound?: { name: string; y: number | ArrayLike<number> };
  /** A critical parameter value drawn as a vertical dotted line (e.g. the gain bound). */
  threshold?: { x: number; label: string };
  /** Per parameter value: whether the run failed; contiguous failures are shaded. */
  failed?: ArrayLike<boolean>;
  /** Label of the shaded failure region (default "failed"). */
  failureLabel?: string;
  logX?: boolean;
  logY?: boolean;
}

/**
 * Builds a parameter-sweep figure: one line+marker trace per series, an optional bound trace, and
 * (when some run failed) one legend-only entry for the shaded failure region; the shading itself is
 * a layout rectangle per run of consecutive failures, extending halfway to the neighbouring values.
 * Empty input gives an {@link emptyFigure}; never throws.
 * @example sweepFigure({ parameter: "σ", x: [1, 2], series: [{ name: "T", y: [3, 1] }], failed: [true, false] })
 */
export function sweepFigure(spec: SweepSpec): Figure {
  const title = spec?.title ?? "Parameter sweep";
  const len = spec?.x?.length ?? 0;
  if (len === 0 || !spec.series || spec.series.length === 0) return emptyFigure(title, "the sweep has no parameter values");
  const x = Array.from(spec.x);
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const xs = order.map((i) => x[i]);
  const data: Trace[] = spec.series.map((s, j) => ({
    type: "scatter",
    mode: "lines+markers",
    name: s.name,
    x: xs,
    y: order.map((i) => {
      const v = s.y[i];
      return v === null || v === undefined ? null : finiteOrNull(v, !!spec.logY);
    }),
    marker: { size: 7, color: PALETTE[j % PALETTE.length] },
    line: { color: PALETTE[j % PALETTE.length] },
  }));
  const layout: Record<string, unknown> = {
    xaxis: { title: { text: spec.parameter }, type: spec.logX ? "log" : "linear" },
    yaxis: { title: { text: spec.yTitle ?? "" }, type: spec.logY ? "log" : "linear" },
    hovermode: "closest",
    margin: { t: 50, r: 20 },
  };
  if (spec.bound) {
    const b = spec.bound.y;
    const y = typeof b === "number" ? xs.map(() => b) : order.map((i) => finiteOrNull((b as ArrayLike<number>)[i], !!spec.logY));
    data.push({ type: "scatter", mode: "lines", name: spec.bound.name, x: xs, y, line: { dash: "dash", color: "#000", width: 1.5 } });
  }
  const shapes: unknown[] = [];
  const annotations: unknown[] = [];
  if (spec.threshold && Number.isFinite(spec.threshold.x)) {
    shapes.push({ type: "line", name: "threshold", xref: "x", yref: "paper", x0: spec.threshold.x, x1: spec.threshold.x, y0: 0, y1: 1, line: { dash: "dot", color: "#555", width: 1.5 } });
    annotations.push({ x: spec.threshold.x, y: 1, xref: "x", yref: "paper", text: spec.threshold.label, showarrow: false, xanchor: "left", yanchor: "bottom", font: { size: 11 } });
  }
  if (spec.failed && spec.failed.length === len) {
    const f = order.map((i) => !!spec.failed![i]);
    const edge = (a: number, b: number) => (spec.logX && a > 0 && b > 0 ? Math.sqrt(a * b) : (a + b) / 2);
    let count = 0;
    for (let i = 0; i < f.length; i++) {
      if (!f[i] || (i > 0 && f[i - 1])) continue;
      let j = i;
      while (j + 1 < f.length && f[j + 1]) j++;
      const x0 = i > 0 ? edge(xs[i - 1], xs[i]) : xs[i];
      const x1 = j < f.length - 1 ? edge(xs[j], xs[j + 1]) : xs[j];
      shapes.push({ type: "rect", name: "failure", xref: "x", yref: "paper", x0, x1: x1 > x0 ? x1 : x0, y0: 0, y1: 1, fillcolor: "#d62728", opacity: 0.12, line: { width: 0 }, layer: "below" });
      count++;
    }
    if (count > 0) data.push({ type: "scatter", mode: "markers", name: spec.failureLabel ?? "failed", x: [null], y: [null], marker: { symbol: "square", size: 12, color: "#d62728", opacity: 0.25 }, hoverinfo: "skip" });
  }
  if (shapes.length) layout.shapes = shapes;
  if (annotations.length) layout.annotations = annotations;
  return { title, data, layout };
}
