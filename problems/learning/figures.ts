/**
 * Plotly figures for the learning runs: decision boundary over the data, loss / mistakes curves,
 * weight trajectories and the staircase activation against its envelope.
 */
import type { Figure, Trace } from "../../src/plot/figure.ts";
import type { Dataset } from "./datasets.ts";
import { staircaseValue, type StaircaseActivation } from "./staircase.ts";

/**
 * Decision boundary of a classifier over the data: a heatmap of the score sgn-coloured on a grid
 * covering the points, the contour score = 0, and the two classes as scatter traces.
 * @param title - figure title.
 * @param data - the labelled points (2-D).
 * @param score - writes the scores of the m grid points (row-major m × 2) into `out`.
 * @param resolution - grid points per axis (default 80).
 */
export function decisionBoundaryFigure(title: string, data: Dataset, score: (pts: Float64Array, out: Float64Array) => void, resolution = 80): Figure {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < data.n; i++) {
    x0 = Math.min(x0, data.x[2 * i]);
    x1 = Math.max(x1, data.x[2 * i]);
    y0 = Math.min(y0, data.x[2 * i + 1]);
    y1 = Math.max(y1, data.x[2 * i + 1]);
  }
  const px = 0.1 * (x1 - x0 || 1);
  const py = 0.1 * (y1 - y0 || 1);
  x0 -= px;
  x1 += px;
  y0 -= py;
  y1 += py;
  const m = resolution;
  const gx = Array.from({ length: m }, (_, j) => x0 + ((x1 - x0) * j) / (m - 1));
  const gy = Array.from({ length: m }, (_, j) => y0 + ((y1 - y0) * j) / (m - 1));
  const pts = new Float64Array(2 * m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      pts[2 * (r * m + c)] = gx[c];
      pts[2 * (r * m + c) + 1] = gy[r];
    }
  }
  const out = new Float64Array(m * m);
  score(pts, out);
  const z: number[][] = [];
  for (let r = 0; r < m; r++) z.push(Array.from(out.subarray(r * m, (r + 1) * m), (s) => Math.max(-5, Math.min(5, s))));
  const cls = (label: number): Trace => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < data.n; i++) {
      if (data.y[i] === label) {
        xs.push(data.x[2 * i]);
        ys.push(data.x[2 * i + 1]);
      }
    }
    return { type: "scatter", mode: "markers", name: `y = ${label > 0 ? "+1" : "−1"}`, x: xs, y: ys, marker: { size: 6, color: label > 0 ? "#d62728" : "#1f77b4", line: { width: 0.5, color: "#fff" } } };
  };
  return {
    title,
    data: [
      { type: "heatmap", name: "score", x: gx, y: gy, z, colorscale: "RdBu", reversescale: false, zmid: 0, opacity: 0.55, showscale: true, colorbar: { title: { text: "score" } } },
      { type: "contour", name: "boundary", x: gx, y: gy, z, showscale: false, contours: { start: 0, end: 0, size: 1, coloring: "lines" }, line: { color: "#000", width: 2 } },
      cls(-1),
      cls(1),
    ],
    layout: { xaxis: { title: { text: "x₁" } }, yaxis: { title: { text: "x₂" }, scaleanchor: "x" }, legend: { orientation: "h", y: -0.15 } },
  };
}

/**
 * Line plot of one or more series against the epoch (or update) index.
 * @param title - figure title.
 * @param series - named series (index 0 is epoch 0 unless `x` is given).
 * @param yTitle - y-axis label.
 * @param logY - logarithmic y axis.
 */
export function curvesFigure(title: string, series: Array<{ name: string; y: ArrayLike<number>; x?: ArrayLike<number> }>, yTitle: string, xTitle = "epoch", logY = false): Figure {
  return {
    title,
    data: series.map((s) => ({ type: "scatter", mode: "lines", name: s.name, x: s.x ? Array.from(s.x) : Array.from({ length: s.y.length }, (_, i) => i), y: Array.from(s.y) })),
    layout: { xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle }, type: logY ? "log" : "linear" } },
  };
}

/**
 * Trajectory of the perceptron weights (w₁, w₂, b) after each update, drawn as the path (w₁, w₂)
 * with the bias b as colour.
 * @param trajectory - rows (w₁, w₂, b), row-major.
 * @param rows - number of rows.
 */
export function perceptronTrajectoryFigure(trajectory: Float64Array, rows: number): Figure {
  const w1: number[] = [];
  const w2: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < rows; k++) {
    w1.push(trajectory[3 * k]);
    w2.push(trajectory[3 * k + 1]);
    b.push(trajectory[3 * k + 2]);
  }
  return {
    title: "Perceptron weights after each update (w₁, w₂), colour = bias b",
    data: [
      { type: "scatter", mode: "lines+markers", name: "w_k", x: w1, y: w2, line: { color: "#888", width: 1 }, marker: { size: 5, color: b, colorscale: "Viridis", showscale: true, colorbar: { title: { text: "b" } } } },
      { type: "scatter", mode: "markers", name: "start", x: [w1[0]], y: [w2[0]], marker: { size: 10, symbol: "x", color: "#000" } },
    ],
    layout: { xaxis: { title: { text: "w₁" } }, yaxis: { title: { text: "w₂" } } },
  };
}

/**
 * Trajectories of the first `count` parameters of a network over the epochs.
 * @param title - figure title.
 * @param history - parameters per epoch, row-major (epochs + 1) × P.
 * @param P - number of parameters.
 * @param count - how many parameters to draw (default 12).
 */
export function parameterTrajectoryFigure(title: string, history: Float64Array, P: number, count = 12): Figure {
  const rows = history.length / P;
  const data: Trace[] = [];
  for (let k = 0; k < Math.min(count, P); k++) {
    const y: number[] = [];
    for (let e = 0; e < rows; e++) y.push(history[e * P + k]);
    data.push({ type: "scatter", mode: "lines", name: `θ${k}`, x: Array.from({ length: rows }, (_, i) => i), y });
  }
  return { title, data, layout: { xaxis: { title: { text: "epoch" } }, yaxis: { title: { text: "weight" } } } };
}

/**
 * The staircase activation Q (with its jumps drawn as vertical segments, the Filippov hull) against
 * its smooth envelope tanh.
 * @param act - the staircase.
 */
export function staircaseFigure(act: StaircaseActivation): Figure {
  const lo = Math.min(-3, (act.thresholds[0] ?? 0) - 1);
  const hi = Math.max(3, (act.thresholds[act.thresholds.length - 1] ?? 0) + 1);
  const qx: number[] = [lo];
  const qy: number[] = [staircaseValue(act, lo)];
  for (let j = 0; j < act.thresholds.length; j++) {
    const t = act.thresholds[j];
    qx.push(t, t);
    qy.push(act.levels[j], act.levels[j + 1]);
  }
  qx.push(hi);
  qy.push(act.levels[act.levels.length - 1]);
  const tx = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  return {
    title: `Staircase activation (${act.levels.length} levels) and its envelope tanh`,
    data: [
      { type: "scatter", mode: "lines", name: "staircase Q(a) (hull at jumps)", x: qx, y: qy, line: { shape: "linear", width: 2 } },
      { type: "scatter", mode: "lines", name: "tanh(a)", x: tx, y: tx.map(Math.tanh), line: { dash: "dot" } },
    ],
    layout: { xaxis: { title: { text: "a" } }, yaxis: { title: { text: "activation" } } },
  };
}
