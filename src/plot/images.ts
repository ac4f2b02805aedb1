/**
 * Image panels: observed / restored / reference / difference images side by side as heatmaps, with
 * an optional energy curve (for image restoration runs).
 */
import { emptyFigure, finiteOrNull, type Figure, type Trace } from "./figure.ts";

/** One image panel (grey values, row-major, row 0 at the top). */
export interface ImagePanel {
  title: string;
  width: number;
  height: number;
  data: ArrayLike<number>;
  /** `difference` uses a diverging colour scale symmetric around 0; `image` (default) a grey scale. */
  kind?: "image" | "difference";
  /** Colour range (default: [0, 1] for images whose values lie in [0, 1], else the data range). */
  zmin?: number;
  zmax?: number;
}

/** Options of {@link imagePanelsFigure}. */
export interface ImagePanelsOptions {
  title?: string;
  /** An energy curve E(t) drawn in a last panel (log y when all values are positive). */
  energy?: { t: ArrayLike<number>; values: ArrayLike<number>; name?: string };
}

/**
 * Pixel-wise difference a − b of two images of the same size (for a `difference` panel).
 * Never throws: returns an empty array when the sizes differ (the panel is then skipped).
 */
export function imageDifference(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) return new Float64Array(0);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/**
 * Builds a row of image panels (one `heatmap` trace each, square pixels, row 0 on top) and, when
 * `energy` is given, one more panel with the energy curve (one `scatter` trace). Panels whose data
 * length is not width×height are skipped; no valid panel and no energy gives an
 * {@link emptyFigure}. Never throws.
 * @example imagePanelsFigure([{ title: "observed", width: 64, height: 64, data: y }], { energy: { t, values: E } })
 */
export function imagePanelsFigure(panels: readonly ImagePanel[], options: ImagePanelsOptions = {}): Figure {
  const title = options.title ?? "Images";
  const valid = (panels ?? []).filter((p) => p.width > 0 && p.height > 0 && p.data && p.data.length === p.width * p.height);
  const energyLen = options.energy ? Math.min(options.energy.t.length, options.energy.values.length) : 0;
  const count = valid.length + (energyLen > 0 ? 1 : 0);
  if (count === 0) return emptyFigure(title, "no image to show");
  const gap = 0.04;
  const w = (1 - gap * (count - 1)) / count;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { margin: { t: 60, r: 20, l: 40, b: 40 }, annotations: [] as unknown[], showlegend: false };
  const annotations = layout.annotations as unknown[];
  valid.forEach((p, j) => {
    const ax = j === 0 ? "" : String(j + 1);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.data.length; i++) {
      const v = p.data[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
    const diff = p.kind === "difference";
    const m = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
    const zmin = p.zmin ?? (diff ? -m : lo >= 0 && hi <= 1 ? 0 : lo);
    const zmax = p.zmax ?? (diff ? m : lo >= 0 && hi <= 1 ? 1 : hi);
    const z: Array<Array<number | null>> = [];
    for (let r = 0; r < p.height; r++) {
      const row: Array<number | null> = new Array(p.width);
      for (let c = 0; c < p.width; c++) row[c] = finiteOrNull(p.data[r * p.width + c]);
      z.push(row);
    }
    data.push({
      type: "heatmap",
      name: p.title,
      z,
      zmin,
      zmax,
      colorscale: diff ? "RdBu" : "Greys",
      showscale: diff,
      xaxis: `x${ax}`,
      yaxis: `y${ax}`,
      hovertemplate: `${p.title}<br>(%{x}, %{y}): %{z:.4g}<extra></extra>`,
      ...(diff ? { colorbar: { len: 0.8, thickness: 10, x: j * (w + gap) + w, xanchor: "left" } } : {}),
    });
    const x0 = j * (w + gap);
    layout[`xaxis${ax}`] = { domain: [x0, x0 + w], showticklabels: false, showgrid: false, zeroline: false, anchor: `y${ax}`, constrain: "domain" };
    layout[`yaxis${ax}`] = { autorange: "reversed", showticklabels: false, showgrid: false, zeroline: false, anchor: `x${ax}`, scaleanchor: `x${ax}`, constrain: "domain" };
    annotations.push({ text: p.title, x: x0 + w / 2, y: 1.0, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
  });
  if (energyLen > 0 && options.energy) {
    const j = valid.length;
    const ax = j === 0 ? "" : String(j + 1);
    const e = options.energy;
    const rows = Array.from({ length: energyLen }, (_, i) => i);
    const positive = rows.every((i) => e.values[i] > 0 || !Number.isFinite(e.values[i]));
    data.push({ type: "scatter", mode: "lines", name: e.name ?? "energy", x: rows.map((i) => e.t[i]), y: rows.map((i) => finiteOrNull(e.values[i])), xaxis: `x${ax}`, yaxis: `y${ax}`, line: { color: "#1f77b4", width: 1.8 } });
    const x0 = j * (w + gap);
    // ticks on the right, clear of a colour bar on the left
    layout[`xaxis${ax}`] = { domain: [x0 + 0.03, x0 + w], anchor: `y${ax}`, title: { text: "t" } };
    layout[`yaxis${ax}`] = { anchor: `x${ax}`, side: "right", type: positive ? "log" : "linear", exponentformat: "power" };
    layout.margin = { ...(layout.margin as object), r: 60 };
    annotations.push({ text: e.name ?? "energy", x: x0 + w / 2, y: 1.0, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
  }
  return { title, data, layout };
}
