/**
 * Demo topic "sliding modes": the canonical systems simulated with the default implicit scheme, and
 * the naive explicit scheme beside it where it chatters.
 */
import { canonicalSystems, type CanonicalSystem } from "../../../problems/canonical/index.ts";
import { explicitEuler } from "../../../solvers/explicit-euler.ts";
import { implicitEuler } from "../../../solvers/implicit-euler.ts";
import type { Figure } from "../../plot/figure.ts";
import { simulationReport } from "../../report/simulation-report.ts";
import { solve } from "../../solver.ts";
import type { DemoReport } from "./topic.ts";

function run(sys: CanonicalSystem, theta = 1) {
  return solve(implicitEuler, sys.problem, { h: sys.suggestedStep, theta });
}

/**
 * x(t) of the implicit and the explicit scheme on the same system, to show chattering: the whole
 * run, and a zoom on the band of width a few h around the surface after arrival.
 */
function chatterFigures(sys: CanonicalSystem, state: number, arrival: number): Figure[] {
  const im = solve(implicitEuler, sys.problem, { h: sys.suggestedStep });
  const ex = solve(explicitEuler, sys.problem, { h: sys.suggestedStep });
  const line = (sol: typeof im, name: string, color: string) => ({
    type: "scatter",
    mode: "lines",
    name,
    x: Array.from(sol.t),
    y: Array.from({ length: sol.t.length }, (_, r) => sol.x[r * sol.n + state]),
    line: { color, shape: "linear" },
  });
  const data = [line(ex, "explicit Euler (sign(0) = 0)", "#ff7f0e"), line(im, "implicit Euler (relay step)", "#1f77b4")];
  const h = sys.suggestedStep;
  const yTitle = { title: { text: sys.problem.inclusion.stateNames[state] } };
  return [
    { title: `${sys.title}: implicit and explicit Euler (h = ${h.toPrecision(3)})`, data, layout: { xaxis: { title: { text: "t" } }, yaxis: yTitle } },
    {
      title: "Zoom on the switching surface: explicit Euler chatters with amplitude O(h), implicit Euler is exactly 0",
      data,
      layout: { xaxis: { title: { text: "t" }, range: [arrival - 20 * h, arrival + 60 * h] }, yaxis: { ...yTitle, range: [-3 * h, 3 * h] } },
    },
  ];
}

/** The reports of this topic. */
export function canonicalDemo(): DemoReport[] {
  const out: DemoReport[] = [];
  const add = (name: string, description: string, theta = 1, extra?: Figure[]) => {
    const sys = canonicalSystems[name]();
    const sol = run(sys, theta);
    const report = simulationReport(sys.title, sys.problem.inclusion, sol, { system: name, h: sys.suggestedStep, theta, reference: JSON.stringify(sys.reference).slice(0, 200) });
    if (extra) report.sections.unshift({ title: "Implicit vs explicit", text: "The explicit scheme flips side of the surface every step (chattering with amplitude O(h)); the implicit scheme lands on it in finitely many steps and stays there exactly.", figures: extra });
    report.sections.unshift({ title: "The system", text: sys.description });
    out.push({ file: `${name}.html`, title: sys.title, description, report });
  };
  const drift = canonicalSystems["sliding-drift"]();
  add("sliding-drift", "Reaches x = 0 in finite time and slides there with the Filippov selection s = a; explicit Euler chatters.", 1, chatterFigures(drift, 0, drift.reference.arrival as number));
  add("coulomb", "Stick–slip friction oscillator: turning points at t = nπ, sticks for good at t = 3π, x = −0.1 (phase portrait with the switching line v = 0).", 0.5);
  add("codim2-spiral", "Spirals into the intersection of two switching surfaces and reaches the origin exactly (Siconos's Filippov example).");
  add("relay-feedback", "Relay feedback system of Piiroinen & Kuznetsov: a periodic orbit with sliding segments (3-D phase portrait).", 0.5);
  add("hopfield", "Hopfield-type network with hard-limiter feedback: unique equilibrium, two neurons sliding at 0 for good.");
  add("siconos-relay", "Siconos's relay example: both states reach 0 exactly at t = 0.5.", 0.5);
  return out;
}
