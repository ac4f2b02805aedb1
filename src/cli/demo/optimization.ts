/**
 * Demo topic "LP and QP through network dynamics": the Liu–Wang LP example on both sides of its gain
 * threshold σ* = 4.5 (σ = 4.4 settles at a wrong, infeasible point; σ = 4.6 reaches the optimum
 * (−5, −2.75, 1.5) exactly), and the classic two-variable QP.
 */
import { classicQp, liuWangExample } from "../../../problems/optimization/examples.ts";
import { optimizationReport } from "../../../problems/optimization/figures.ts";
import { solveOptimization } from "../../../problems/optimization/solve.ts";
import type { DemoReport } from "./topic.ts";

/** The reports of this topic. */
export function optimizationDemo(): DemoReport[] {
  const lp = liuWangExample();
  const out: DemoReport[] = [];
  for (const sigma of [4.4, 4.6]) {
    const r = solveOptimization(lp, { sigma, adaptSigma: false });
    out.push({
      file: `liu-wang-lp-sigma-${sigma}.html`,
      title: `Liu–Wang LP with σ = ${sigma} (threshold 4.5)`,
      description: `${r.status}: x = (${Array.from(r.x, (v) => Number(v.toPrecision(6))).join(", ")}), objective ${r.objective.toPrecision(6)} (optimum −19.75).`,
      report: optimizationReport(lp, r, `Liu–Wang LP min 4x1 + x2 + 2x3, σ = ${sigma}`),
    });
  }
  const qp = classicQp();
  const r = solveOptimization(qp);
  out.push({
    file: "classic-qp.html",
    title: "Classic two-variable QP",
    description: `${r.status}: x = (${Array.from(r.x, (v) => Number(v.toPrecision(6))).join(", ")}), objective ${r.objective.toPrecision(6)} (optimum −225 at (5, 5)).`,
    report: optimizationReport(qp, r, "QP min x1² + x2² + x1x2 − 30x1 − 30x2"),
  });
  return out;
}
