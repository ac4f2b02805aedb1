/**
 * Figures are Plotly JSON built in Node (traces + layout); the page renders them with the
 * plotly.js-dist bundle. Nothing here imports Plotly itself (it is a browser bundle).
 */

/** One Plotly trace (scatter, heatmap, ...), as plain JSON. */
export type Trace = Record<string, unknown> & { type?: string };

/** A figure: a title, its traces and a Plotly layout. */
export interface Figure {
  title: string;
  data: Trace[];
  layout: Record<string, unknown>;
  /** Optional caption shown under the figure in reports. */
  caption?: string;
}

/** Typed arrays become plain arrays for JSON. */
export function plain(values: ArrayLike<number>): number[] {
  return Array.from(values);
}

/** Colour cycle used by the figure builders (Plotly's default "D3" palette). */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Colour used for sliding (trajectory segments and shaded intervals). */
export const SLIDING_COLOR = "#d62728";

/**
 * A figure with no traces and a centred "no data" note. Reports render such a figure as an
 * empty-state message instead of an empty chart.
 * @param title - the figure title.
 * @param reason - why there is nothing to plot (shown in the page).
 * @example emptyFigure("State trajectories", "the solution has no saved points").data.length // 0
 */
export function emptyFigure(title: string, reason = "no data to plot"): Figure {
  return {
    title,
    data: [],
    layout: {
      xaxis: { visible: false },
      yaxis: { visible: false },
      annotations: [{ text: reason, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { size: 16, color: "#666" } }],
    },
    caption: reason,
  };
}

function hasPoints(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<number>).length > 0;
  return true;
}

/**
 * Whether a figure has nothing to draw: no traces, or every trace has no x, y, z or values.
 * @example isEmptyFigure({ title: "t", data: [{ type: "scatter", x: [], y: [] }], layout: {} }) // true
 */
export function isEmptyFigure(fig: Figure): boolean {
  if (!fig || !Array.isArray(fig.data) || fig.data.length === 0) return true;
  return fig.data.every((t) => !["x", "y", "z", "values", "source"].some((key) => hasPoints(t[key])));
}

/**
 * Picks at most `max` indices out of `0..n-1`, evenly spread and always including the first and
 * the last (for readable plots of large networks).
 * @example spreadIndices(100, 4) // [0, 33, 66, 99]
 */
export function spreadIndices(n: number, max: number): number[] {
  if (n <= 0 || max <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max === 1) return [0];
  const out: number[] = [];
  for (let j = 0; j < max; j++) out.push(Math.round((j * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/**
 * Row indices to keep when thinning a time series of `nt` points to at most `maxPoints`: a regular
 * stride plus every index in `keep` (e.g. event times), always with the first and last point.
 */
export function thinIndices(nt: number, maxPoints: number, keep: Iterable<number> = []): number[] {
  if (nt <= maxPoints || maxPoints < 2) return Array.from({ length: nt }, (_, i) => i);
  const stride = Math.ceil(nt / maxPoints);
  const set = new Set<number>();
  for (let i = 0; i < nt; i += stride) set.add(i);
  set.add(nt - 1);
  for (const k of keep) if (k >= 0 && k < nt) set.add(k);
  return [...set].sort((a, b) => a - b);
}

/** A finite number or null (Plotly draws a gap for null; log axes cannot show values ≤ 0). */
export function finiteOrNull(v: number, positive = false): number | null {
  return Number.isFinite(v) && (!positive || v > 0) ? v : null;
}
