/**
 * Demo topic "learning with discontinuous activations": the perceptron on separable blobs (mistakes
 * within Novikoff's bound) and on XOR (cycling, pocket), and a staircase network on two moons beside
 * the same network with tanh units.
 */
import { makeDataset } from "../../../problems/learning/datasets.ts";
import { runPerceptron, runStaircase, type Experiment } from "../../../problems/learning/experiments.ts";
import type { Report } from "../../report/report.ts";
import type { DemoReport } from "./topic.ts";

function report(title: string, e: Experiment): Report {
  const summary: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(e.json)) if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") summary[k] = v;
  return { title, summary, sections: e.sections };
}

/** The reports of this topic. */
export function learningDemo(): DemoReport[] {
  const blobs = runPerceptron(makeDataset("blobs", { n: 200, seed: 1 }), 1000, 1, 1);
  const xor = runPerceptron(makeDataset("xor", { n: 200, seed: 1 }), 1000, 1, 1);
  const moonsTest = makeDataset("moons", { n: 1000, seed: 1_000_004 });
  const moons = runStaircase({ levels: 4, hidden: [16], surrogate: "envelope", scheme: "uniform" }, makeDataset("moons", { n: 200, seed: 3 }), 200, 0.05, 3, moonsTest);
  const j = (e: Experiment, k: string) => e.json[k];
  return [
    {
      file: "perceptron-blobs.html",
      title: "Perceptron on separable blobs",
      description: `Converged after ${j(blobs, "mistakes")} mistakes, within Novikoff's bound (R/γ)² = ${Number(j(blobs, "novikoffBound")).toFixed(0)}.`,
      report: report("Rosenblatt's perceptron on linearly separable blobs", blobs),
    },
    {
      file: "perceptron-xor.html",
      title: "Perceptron on XOR: cycling, and the pocket algorithm",
      description: `The weights cycle (period ${j(xor, "cyclePeriod")} epochs); the pocket keeps the best weights (accuracy ${Number(j(xor, "pocketAccuracy")).toFixed(3)}).`,
      report: report("Rosenblatt's perceptron on XOR (not linearly separable)", xor),
    },
    {
      file: "staircase-moons.html",
      title: "Staircase network (4 levels) on two moons",
      description: `Test accuracy ${Number(j(moons, "testAccuracy")).toFixed(3)} with 4-level staircase units, ${Number(j(moons, "smoothTestAccuracy")).toFixed(3)} with tanh units.`,
      report: report("Findlay's staircase network vs tanh on two moons", moons),
    },
  ];
}
