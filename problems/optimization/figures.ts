/**
 * Report figures of an optimization run: x_i(t), the objective and the constraint violation over
 * model time (log scale), with the time the feasible set is reached marked, and the report of a run.
 */
import { emptyFigure, finiteOrNull, PALETTE, spreadIndices, type Figure } from "../../src/plot/figure.ts";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";
import type { Report } from "../../src/report/report.ts";
import type { OptimizationResult } from "./solve.ts";

function marker(t: number | null): Record<string, unknown>[] {
  return t === null ? [] : [{ type: "line", x0: t, x1: t, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#2ca02c" } }];
}

function timeAxis(tr: { t: Float64Array }): Record<string, unknown> {
  const positive = tr.t.length > 2 && tr.t[1] > 0 && tr.t[tr.t.length - 1] / tr.t[1] > 100;
  return { title: { text: "model time t" }, type: positive ? "log" : "linear" };
}

/** x_i(t) for up to `maxStates` variables (evenly spread). */
export function stateFigure(r: OptimizationResult, names?: string[], maxStates = 12): Figure {
  const tr = r.trajectory;
  if (!tr || tr.t.length === 0) return emptyFigure("State x_i(t)", "no trajectory recorded");
  const n = r.x.length;
  const ts = Array.from(tr.t).slice(1);
  const data = spreadIndices(n, maxStates).map((i, c) => ({
    type: "scatter",
    mode: "lines+markers",
    name: names?.[i] ?? `x${i + 1}`,
    x: ts,
    y: ts.map((_, r2) => tr.x[(r2 + 1) * n + i]),
    line: { color: PALETTE[c % PALETTE.length], shape: "hv" },
  }));
  return {
    title: "State x_i(t)",
    data,
    layout: { xaxis: timeAxis(tr), yaxis: { title: { text: "x_i" } }, shapes: marker(tr.feasibleAt) },
    caption: tr.feasibleAt === null ? "the feasible set was not reached" : `dotted line: feasible set reached at t = ${tr.feasibleAt.toPrecision(4)}`,
  };
}

/** Objective f(x(t)) and constraint violation Φ(x) + ‖Ax − b‖∞ over t (log scales). */
export function convergenceFigures(r: OptimizationResult): Figure[] {
  const tr = r.trajectory;
  if (!tr || tr.t.length === 0) return [emptyFigure("Objective", "no trajectory recorded")];
  const ts = Array.from(tr.t).slice(1);
  const f = Array.from(tr.objective).slice(1);
  const v = Array.from(tr.violation).slice(1);
  const fStar = r.objective;
  const gap = f.map((x) => finiteOrNull(Math.abs(x - fStar), true));
  return [
    {
      title: "Objective f(x(t))",
      data: [{ type: "scatter", mode: "lines+markers", name: "f(x(t))", x: ts, y: f }],
      layout: { xaxis: timeAxis(tr), yaxis: { title: { text: "f" } }, shapes: marker(tr.feasibleAt) },
    },
    {
      title: "Objective gap and constraint violation",
      data: [
        { type: "scatter", mode: "lines+markers", name: "|f(x(t)) − f(x_final)|", x: ts, y: gap },
        { type: "scatter", mode: "lines+markers", name: "Φ(x) + ‖Ax − b‖∞", x: ts, y: v.map((x) => finiteOrNull(x, true)) },
      ],
      layout: { xaxis: timeAxis(tr), yaxis: { type: "log", title: { text: "value (log)" } }, shapes: marker(tr.feasibleAt) },
      caption: "zero values are not drawn on the log axis; the dotted line marks when the feasible set is reached",
    },
  ];
}

/**
 * The report of one run of the network on an LP/QP: verdict, residuals, σ and its lower bound, and
 * the figures x_i(t), objective and constraint violation over t (log scale, feasible set marked).
 */
export function optimizationReport(problem: OptimizationProblem, r: OptimizationResult, title = `solve ${problem.name}`): Report {
  const tr = r.trajectory;
  return {
    title,
    summary: {
      status: r.status,
      objective: r.objective,
      "equality residual": r.residuals.equality,
      "inequality residual": r.residuals.inequality,
      "bound residual": r.residuals.bounds,
      model: r.network.model,
      sigma: r.network.sigma,
      "sigma lower bound": r.network.sigmaLowerBound ?? "n/a",
      epsilon: r.network.epsilon,
      solver: r.solver.name,
      steps: r.solver.steps,
      "feasible set reached at t": tr?.feasibleAt ?? "never",
      "model time": r.t,
    },
    sections: [
      { title: "Verdict", text: r.message },
      { title: "Trajectories", figures: [stateFigure(r, problem.colNames), ...convergenceFigures(r)] },
    ],
  };
}
