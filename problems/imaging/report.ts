/**
 * The report of one restoration: observed / restored / reference / difference images, the energy
 * of the network over time (log scale) beside the chattering explicit-Euler baseline on the same
 * network, and the run summary.
 */
import type { BlurSpec } from "../../src/image/blur.ts";
import { makeImage, type Image } from "../../src/image/image.ts";
import { encodePng } from "../../src/image/png.ts";
import { convergenceFigure, type ConvergenceSeries } from "../../src/plot/convergence.ts";
import type { Report, ReportSection } from "../../src/report/report.ts";
import { buildRestorationNetwork, explicitEulerTrace, type Fidelity } from "./network.ts";
import type { RestoreMethod, RestoreResult } from "./restore.ts";

/** What the report needs to know about the run. */
export interface RestorationRun {
  observed: Image;
  result: RestoreResult;
  reference?: Image;
  blur: BlurSpec;
  fidelity: Fidelity;
  method: RestoreMethod;
  /** Summary table entries (metrics, parameters). */
  summary: Record<string, string | number | boolean | null>;
}

/** Builds the restoration report. */
export function restorationReport(title: string, run: RestorationRun): Report {
  const { observed, result, reference, blur, fidelity, method } = run;
  const nc = observed.channels.length;
  const sections: ReportSection[] = [];
  const images = [
    { caption: "observed", png: encodePng(observed, 8) },
    { caption: "restored", png: encodePng(result.image, 8) },
  ];
  if (reference) {
    images.push({ caption: "reference", png: encodePng(reference, 8) });
    const diff = makeImage(observed.width, observed.height, result.image.channels.map((p, c) => p.map((v, j) => 0.5 + (v - reference.channels[c][j]))));
    images.push({ caption: "difference restored − reference (gray = 0)", png: encodePng(diff, 8) });
  }
  sections.push({ title: "Images", images });
  const series: ConvergenceSeries[] = result.channels.map((c, i) => ({ name: nc > 1 ? `primal-dual, channel ${i}` : "primal-dual (implicit Euler)", t: c.energyTimes, values: c.energy }));
  // baseline: explicit Euler on the same network (channel 0), same model time axis
  const g0 = observed.channels[0];
  const net = buildRestorationNetwork({ width: observed.width, height: observed.height, observed: g0, blur, lambda: result.lambda, fidelity });
  // as many steps of h = 1e-2 as reach the model time of the network's first few steps (≤ 2000)
  const hEE = 1e-2;
  const tShown = Math.min(20, result.channels[0].energyTimes[Math.min(8, result.channels[0].energyTimes.length - 1)] || 20);
  const ee = explicitEulerTrace(net, g0, hEE, Math.max(200, Math.min(2000, Math.round(tShown / hEE))));
  series.push({ name: `explicit Euler h = ${hEE} (direct fidelity, channel 0)`, t: Float64Array.from(ee.energy, (_, i) => i * hEE), values: ee.energy });
  sections.push({
    title: "Energy of the network vs time",
    text:
      "E(x(t)) along the gradient flow dx/dt ∈ −∂E(x), integrated by implicit Euler with growing steps (primal-dual solver). " +
      `The naive explicit Euler scheme on the same network chatters (last-quarter step amplitude ${ee.chatter.toExponential(2)}) and stalls above the minimum (best ${ee.best.toPrecision(6)} vs ${result.channels[0].objective.toPrecision(6)}${method === "two-phase" ? " for the weighted two-phase energy" : ""}).`,
    figures: [convergenceFigure(series, { title: "Energy vs time", yTitle: "E", logT: true })],
  });
  sections.push({ title: "Run", table: result.channels.map((c, i) => [`channel ${i}`, `${c.status}: ${c.steps} steps, ${c.innerIterations} inner iterations, E = ${c.objective.toPrecision(8)}; ${c.message}`]) });
  const summary = Object.fromEntries(Object.entries(run.summary).map(([k, v]) => [k, v === null ? "—" : typeof v === "number" ? Number(v.toPrecision(6)) : v]));
  return { title, summary, sections };
}
