/**
 * Time to the exact optimum vs n for sparse random LPs/QPs: implicit Euler with a growing step
 * (the Liu–Wang network run to equilibrium), explicit Euler (fixed step, chatters; its error at a
 * fixed budget), and HiGHS on the same problems as the reference. Reports the fitted scaling exponent
 * of the implicit solver's wall time (slope of log time vs log n).
 */
import { logLogSlope } from "../src/fit.ts";
import highsNs from "highs";
import { randomProblem } from "../problems/optimization/examples.ts";
import { solveOptimization } from "../problems/optimization/solve.ts";
import { toLpFormat } from "../test/optimization/reference.ts";

const loadHighs = ((highsNs as any).default ?? highsNs) as typeof highsNs.default;


export async function run(): Promise<object> {
  const highs = await loadHighs();
  const sizes = { lp: [50, 100, 200, 300, 500], qp: [50, 100, 200, 300, 500] };
  const rows: Array<Record<string, unknown>> = [];
  for (const kind of ["lp", "qp"] as const) {
    for (const n of sizes[kind]) {
      const p = randomProblem(n, 1000 + n, kind === "qp" ? { qpRank: Math.ceil(n / 2) } : {});
      const t0 = performance.now();
      const ref = highs.solve(toLpFormat(p));
      const highsSeconds = (performance.now() - t0) / 1000;
      const imp = solveOptimization(p, { record: false, maxWallSeconds: 60 });
      const exp = n <= 200 ? solveOptimization(p, { solver: "explicit-euler", record: false, h: 1e-4, tEnd: 2, maxWallSeconds: 30 }) : null;
      const rel = (f: number) => Math.abs(f - ref.ObjectiveValue) / Math.max(1, Math.abs(ref.ObjectiveValue));
      const row = {
        kind,
        n,
        highsStatus: ref.Status,
        highsSeconds,
        implicit: { status: imp.status, seconds: imp.solver.seconds, steps: imp.solver.steps, relObjError: rel(imp.objective), violation: Math.max(imp.residuals.equality, imp.residuals.inequality, imp.residuals.bounds) },
        explicit: exp && { status: exp.status, seconds: exp.solver.seconds, steps: exp.solver.steps, relObjError: rel(exp.objective), violation: Math.max(exp.residuals.equality, exp.residuals.inequality, exp.residuals.bounds) },
      };
      process.stderr.write(JSON.stringify(row) + "\n");
      rows.push(row);
    }
  }
  const fit = (kind: string) => {
    const r = rows.filter((x) => x.kind === kind && (x.implicit as { status: string }).status === "optimal");
    return r.length >= 2 ? logLogSlope(r.map((x) => x.n as number), r.map((x) => (x.implicit as { seconds: number }).seconds)) : null;
  };
  return { rows, scalingExponent: { lp: fit("lp"), qp: fit("qp") } };
}
