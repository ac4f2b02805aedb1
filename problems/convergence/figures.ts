/**
 * Figures of a sweep: time to feasibility and to the optimum against a parameter with the
 * finite-time bound as a line and the failure region shaded; heatmaps for 2-D grids; basins of
 * attraction (a grid of initial points coloured by the equilibrium reached); final error vs h per
 * solver; the Monte-Carlo distribution of convergence times; energy (Lyapunov function) over time.
 */
import { sweepFigure } from "../../src/plot/convergence.ts";
import { PALETTE, emptyFigure, type Figure, type Trace } from "../../src/plot/figure.ts";
import { isStateParam, paramLabel } from "./grid.ts";
import type { RunResult } from "./run.ts";
import { equilibriumLabels, type GroupSummary, type SweepPlan, type ThresholdResult } from "./sweep.ts";

const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/**
 * Builds the figures of a sweep (see the module comment).
 * @param plan - the planned sweep; `results` in the order of `plan.runs`; `groups` from `summarize`.
 * @returns the figures that apply to this sweep's shape (never empty; never throws).
 */
export function sweepFigures(plan: SweepPlan, results: RunResult[], groups: GroupSummary[], threshold?: ThresholdResult): Figure[] {
  const figs: Figure[] = [];
  const axes = plan.axes;
  const gain = results.find((r) => r.gainBound !== null);
  if (axes.length === 1 && !plan.basin) {
    const a = axes[0];
    const logX = a.name === "h" || a.name === "epsilon";
    for (const solver of plan.solvers) {
      const gs = groups.filter((g) => g.solver === solver);
      const x = gs.map((g) => g.point[a.name]);
      const isGain = a.name === "sigma" && gain?.gainBound !== null && gain?.gainBoundKind !== "lambda_min(AA^T)";
      figs.push(
        sweepFigure({
          title: `Time to the feasible set and to x* vs ${paramLabel(a.name)} (${solver}${plan.x0Count > 1 ? `, median over ${plan.x0Count} initial points` : ""})`,
          parameter: paramLabel(a.name),
          x,
          series: [
            { name: "t feasible (measured)", y: gs.map((g) => num(g.tFeasible?.q50)) },
            { name: "t optimal (measured)", y: gs.map((g) => num(g.tOptimal?.q50)) },
          ],
          yTitle: "model time t",
          bound: gs.some((g) => g.boundMedian !== null) ? { name: "finite-time bound εΦ(x₀)/(β(σβ − L))", y: gs.map((g) => g.boundMedian ?? NaN) } : undefined,
          threshold: threshold && Number.isFinite(threshold.estimate) ? { x: threshold.estimate, label: `measured threshold ${threshold.estimate.toFixed(3)}` } : isGain ? { x: gain!.gainBound!, label: `L/β = ${gain!.gainBound!.toPrecision(4)}` } : undefined,
          failed: gs.map((g) => g.fraction < 1),
          failureLabel: "does not converge to x*",
          logX,
          logY: true,
        }),
      );
    }
    if (a.name === "h") {
      const hs = [...new Set(groups.map((g) => g.point.h))].sort((p, q) => p - q);
      figs.push(
        sweepFigure({
          title: "Final error vs step h, per solver",
          parameter: "h",
          x: hs,
          series: plan.solvers.map((s) => ({ name: s, y: hs.map((h) => num(groups.find((g) => g.solver === s && g.point.h === h)?.finalErrorMedian)) })),
          yTitle: "‖x(t_end) − x*‖∞",
          logX: true,
          logY: true,
        }),
      );
    }
    if (plan.x0Count > 1) {
      const gs = groups.filter((g) => g.solver === plan.solvers[0]);
      figs.push(sweepFigure({ title: `Fraction of ${plan.x0Count} random initial points converging to x*`, parameter: paramLabel(a.name), x: gs.map((g) => g.point[a.name]), series: [{ name: "fraction converged", y: gs.map((g) => g.fraction) }], yTitle: "fraction", logX }));
    }
  } else if (axes.length === 2 && !plan.basin) {
    const [a, b] = axes;
    for (const [title, pick] of [
      ["Fraction converged", (g: GroupSummary) => g.fraction],
      ["Median time to x*", (g: GroupSummary) => num(g.tOptimal?.q50)],
    ] as const) {
      const gs = groups.filter((g) => g.solver === plan.solvers[0]);
      figs.push(heatmap(`${title} over (${paramLabel(a.name)}, ${paramLabel(b.name)})`, a.values, b.values, (u, v) => {
        const g = gs.find((q) => q.point[a.name] === u && q.point[b.name] === v);
        return g ? pick(g) : null;
      }, paramLabel(a.name), paramLabel(b.name)));
    }
  }
  if (plan.basin) figs.push(basinFigure(plan, results));
  const conv = results.filter((r) => r.converged && r.tOptimal !== null);
  if (plan.x0Count > 1 && conv.length > 0) {
    figs.push({
      title: `Distribution of the time to x* (${conv.length} converged runs)`,
      data: [{ type: "histogram", x: conv.map((r) => r.tOptimal), name: "t optimal", marker: { color: PALETTE[0] } }],
      layout: { xaxis: { title: { text: "t optimal" } }, yaxis: { title: { text: "runs" } }, margin: { t: 50, r: 20 } },
    });
  }
  const withEnergy = results.filter((r) => r.energyT.length > 1).slice(0, 6);
  if (withEnergy.length) {
    figs.push({
      title: "Energy (Lyapunov function) along the first runs",
      data: withEnergy.map((r, j): Trace => ({ type: "scatter", mode: "lines", name: `run ${r.index}${r.energyMonotone ? "" : " (not monotone)"}`, x: r.energyT, y: r.energyV, line: { color: PALETTE[j % PALETTE.length] } })),
      layout: { xaxis: { title: { text: "t" } }, yaxis: { title: { text: "V(x(t))" } }, margin: { t: 50, r: 20 } },
    });
  }
  return figs.length ? figs : [emptyFigure("Sweep", "nothing to plot for this sweep")];
}

function heatmap(title: string, xs: number[], ys: number[], z: (x: number, y: number) => number | null, xt: string, yt: string, extra: Record<string, unknown> = {}): Figure {
  const sx = [...xs].sort((p, q) => p - q);
  const sy = [...ys].sort((p, q) => p - q);
  return {
    title,
    data: [{ type: "heatmap", x: sx, y: sy, z: sy.map((v) => sx.map((u) => z(u, v))), colorscale: "Viridis", ...extra }],
    layout: { xaxis: { title: { text: xt } }, yaxis: { title: { text: yt } }, margin: { t: 50, r: 20 } },
  };
}

/** Basins of attraction: initial points coloured by the equilibrium reached (0 = x*). */
export function basinFigure(plan: SweepPlan, results: RunResult[]): Figure {
  const { labels, points } = equilibriumLabels(results);
  const stateAxes = plan.axes.filter((a) => isStateParam(a.name));
  const idx = stateAxes.map((a) => Number(a.name.slice(1)) - 1);
  const names = ["x*", ...points.map((p, i) => `E${i + 1} = (${p.map((v) => +v.toPrecision(4)).join(", ")})`)];
  const title = `Basins of attraction (${plan.solvers[0]}): equilibrium reached from each initial point`;
  if (stateAxes.length < 2) {
    return sweepFigure({ title, parameter: paramLabel(stateAxes[0].name), x: results.map((r) => r.x0[idx[0]]), series: [{ name: "equilibrium label (0 = x*, −1 = not at rest)", y: labels }], yTitle: "label" });
  }
  const own = plan.runs.map((s, i) => ({ s, i })).filter(({ s }) => s.solver === plan.solvers[0]);
  return heatmap(title, stateAxes[0].values, stateAxes[1].values, (u, v) => {
    const hit = own.find(({ s }) => s.x0![idx[0]] === u && s.x0![idx[1]] === v);
    return hit ? labels[hit.i] : null;
  }, `${stateAxes[0].name}(0)`, `${stateAxes[1].name}(0)`, {
    colorscale: "Portland",
    colorbar: { title: { text: "equilibrium" }, tickvals: names.map((_, i) => i), ticktext: names },
    hovertemplate: "x(0) = (%{x}, %{y})<br>equilibrium %{z}<extra></extra>",
  });
}
