/**
 * The report of one simulation: summary (status, solver, parameters, statistics), state
 * trajectories with switching events and sliding intervals, a phase portrait with the switching
 * surfaces, and the activation values (the Filippov selection) over time.
 */
import type { Inclusion } from "../model/inclusion.ts";
import { phasePortraitFigure } from "../plot/phase.ts";
import { trajectoryFigure } from "../plot/trajectories.ts";
import type { Figure } from "../plot/figure.ts";
import type { Solution } from "../solution.ts";
import type { Report } from "./report.ts";

/** The activation values s(t) (the selection in Law(y)) of up to 10 units. */
export function activationFigure(sol: Solution, unitNames: readonly string[]): Figure {
  const units = Array.from({ length: Math.min(sol.k, 10) }, (_, i) => i);
  return {
    title: "Activation values s(t) ∈ Law(y) (the Filippov selection)",
    data: units.map((i) => ({
      type: "scatter",
      mode: "lines",
      name: unitNames[i] ?? `s${i + 1}`,
      x: Array.from(sol.t),
      y: Array.from({ length: sol.t.length }, (_, r) => sol.s[r * sol.k + i]),
      line: { shape: "hv" },
    })),
    layout: { xaxis: { title: { text: "t" } }, yaxis: { title: { text: "s" } } },
  };
}

/**
 * Builds the report of a run.
 * @param parameters - what the user chose (solver options, file, ...), shown in the summary.
 */
export function simulationReport(title: string, inc: Inclusion, sol: Solution, parameters: Record<string, string | number | boolean>): Report {
  const st = sol.stats;
  return {
    title,
    summary: {
      status: sol.status,
      message: sol.message,
      solver: sol.solver,
      ...parameters,
      states: sol.n,
      "activation units": sol.k,
      "t reached": sol.tFinal,
      steps: st.steps,
      switches: st.switches,
      "time in sliding": Number(st.slidingTime.toPrecision(6)),
      "relay solves": st.relaySolves,
      "relay iterations": st.relayIterations,
      "wall time (s)": Number(st.wallSeconds.toPrecision(3)),
    },
    sections: [
      { title: "State trajectories", text: "Switching events are marked; shaded intervals are where at least one unit slides on its switching surface.", figures: [trajectoryFigure(sol, { inclusion: inc })] },
      ...(sol.n >= 2 ? [{ title: "Phase portrait", text: "Switching surfaces are drawn as lines; sliding segments are highlighted.", figures: [phasePortraitFigure(inc, sol)] }] : []),
      { title: "Activation values", figures: [activationFigure(sol, inc.unitNames)] },
    ],
  };
}
