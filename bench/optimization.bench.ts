/**
 * Time to the exact optimum vs n for sparse random LPs/QPs: implicit Euler with a growing step
 * (the Liu–Wang network run to equilibrium), explicit Euler (fixed step, chatters; its error at a
 * fixed budget), and HiGHS on the same problems as the reference. Reports the fitted scaling exponent
 * of the implicit solver's wall time (slope of log time vs log n, over n ≤ 500 and over n ≥ 500) and
 * the target check: every problem of the accuracy test set with n ≤ 500 solved exactly in ≤ 2 s.
 * Writes out/bench/optimization.html: time to the optimum vs n on log axes, HiGHS as the reference line.
 *
 * The relay matrices are dense k×k (k = bounds + inequalities = 1.5n here), so memory grows as
 * 8·k² bytes per matrix: n = 2000 is the largest LP run (n = 5000 would need ≈ 0.5 GB per matrix),
 * n = 1000 the largest QP (HiGHS, the reference, needs minutes on a dense Hessian beyond n = 500, so
 * those rows have no reference). Sizes: OPT_LP_SIZES, OPT_QP_SIZES (comma-separated).
 */
import { mkdirSync, readFileSync } from "node:fs";
import highsNs from "highs";
import { parseMps } from "../src/io/mps.ts";
import type { OptimizationProblem } from "../src/io/optimization-problem.ts";
import { logLogSlope } from "../src/fit.ts";
import { assignmentProblem, classicQp, randomProblem, svmDual } from "../problems/optimization/examples.ts";
import { solveOptimization } from "../problems/optimization/solve.ts";
import { toLpFormat } from "../test/optimization/reference.ts";
import type { Figure } from "../src/plot/figure.ts";
import { PALETTE } from "../src/plot/figure.ts";
import { writeReport } from "../src/report/report.ts";

const loadHighs = ((highsNs as any).default ?? highsNs) as typeof highsNs.default;

/** The accuracy test set (test/optimization/accuracy.test.ts) with n ≤ 500. */
function testSet(): Array<{ name: string; problem: OptimizationProblem }> {
  const lp: Array<[number, number]> = [[10, 1], [10, 2], [30, 3], [60, 4], [100, 5], [500, 6]];
  const qp: Array<[number, number, number]> = [[10, 21, 10], [30, 22, 30], [40, 23, 20], [500, 24, 250]];
  return [
    ...lp.map(([n, seed]) => ({ name: `random LP n=${n} seed ${seed}`, problem: randomProblem(n, seed) })),
    { name: "degenerate LP", problem: randomProblem(30, 11, { tightFraction: 1, mineq: 40 }) },
    { name: "assignment 4×4", problem: assignmentProblem() },
    { name: "AFIRO", problem: parseMps(readFileSync("test/data/afiro.mps", "utf8"), "afiro.mps") },
    { name: "classic QP", problem: classicQp() },
    { name: "SVM dual", problem: svmDual() },
    ...qp.map(([n, seed, rank]) => ({ name: `random QP n=${n} seed ${seed} rank ${rank}`, problem: randomProblem(n, seed, { qpRank: rank }) })),
  ];
}

export async function run(): Promise<object> {
  const highs = await loadHighs();
  const list = (v: string | undefined, dflt: string) => (v ?? dflt).split(",").map(Number);
  const sizes = { lp: list(process.env.OPT_LP_SIZES, "50,100,200,300,500,1000,2000"), qp: list(process.env.OPT_QP_SIZES, "50,100,200,300,500,1000") };
  const rows: Array<Record<string, unknown>> = [];
  const rel = (f: number, ref: number) => Math.abs(f - ref) / Math.max(1, Math.abs(ref));
  const violation = (r: ReturnType<typeof solveOptimization>) => Math.max(r.residuals.equality, r.residuals.inequality, r.residuals.bounds);
  for (const kind of ["lp", "qp"] as const) {
    for (const n of sizes[kind]) {
      const p = randomProblem(n, 1000 + n, kind === "qp" ? { qpRank: Math.ceil(n / 2) } : {});
      // HiGHS's QP solver needs minutes on the dense Hessian beyond n = 500: no reference there
      const withRef = kind === "lp" || n <= 500;
      const t0 = performance.now();
      const ref = withRef ? highs.solve(toLpFormat(p)) : null;
      const highsSeconds = withRef ? (performance.now() - t0) / 1000 : null;
      const imp = solveOptimization(p, { record: false, maxWallSeconds: 600 });
      const exp = n <= 200 ? solveOptimization(p, { solver: "explicit-euler", record: false, h: 1e-4, tEnd: 2, maxWallSeconds: 30 }) : null;
      const row = {
        kind,
        n,
        k: p.lb.length + p.Aineq.rows,
        highsStatus: ref ? ref.Status : "skipped",
        highsSeconds,
        implicit: { status: imp.status, seconds: imp.solver.seconds, steps: imp.solver.steps, objective: imp.objective, relObjError: ref ? rel(imp.objective, ref.ObjectiveValue) : null, violation: violation(imp) },
        explicit: exp && { status: exp.status, seconds: exp.solver.seconds, steps: exp.solver.steps, relObjError: ref ? rel(exp.objective, ref.ObjectiveValue) : null, violation: violation(exp) },
      };
      process.stderr.write(JSON.stringify(row) + "\n");
      rows.push(row);
    }
  }
  const fit = (kind: string, lo: number, hi: number) => {
    const r = rows.filter((x) => x.kind === kind && (x.n as number) >= lo && (x.n as number) <= hi && (x.implicit as { status: string }).status === "optimal");
    return r.length >= 2 ? logLogSlope(r.map((x) => x.n as number), r.map((x) => (x.implicit as { seconds: number }).seconds)) : null;
  };
  const target = testSet().map(({ name, problem }) => {
    const ref = highs.solve(toLpFormat(problem));
    const r = solveOptimization(problem, { record: false });
    const entry = { name, n: problem.n, status: r.status, seconds: r.solver.seconds, relObjError: rel(r.objective, ref.ObjectiveValue), violation: violation(r) };
    process.stderr.write(JSON.stringify(entry) + "\n");
    return entry;
  });
  const slowest = target.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  writeFigure(rows);
  return {
    rows,
    scalingExponent: { lp: fit("lp", 50, 500), qp: fit("qp", 50, 500), lpLarge: fit("lp", 500, 1e9), qpLarge: fit("qp", 500, 1e9) },
    target: { rule: "every test problem with n ≤ 500 optimal, objective within 1e-6 relative of HiGHS, violation ≤ 1e-6, in ≤ 2 s", met: target.every((t) => t.status === "optimal" && t.seconds <= 2 && t.relObjError <= 1e-6 && t.violation <= 1e-6), slowest, problems: target },
  };
}

/** Time to the optimum vs n (log-log): implicit and explicit Euler per kind, HiGHS as the reference line. */
function writeFigure(rows: Array<Record<string, unknown>>): void {
  type Run = { status: string; seconds: number } | null;
  const traces = (["lp", "qp"] as const).flatMap((kind, c) => {
    const r = rows.filter((x) => x.kind === kind);
    const line = (name: string, pick: (x: Record<string, unknown>) => number | null, dash: string) => {
      const pts = r.map((x) => [x.n as number, pick(x)] as const).filter((p): p is readonly [number, number] => p[1] !== null);
      return { type: "scatter", mode: "lines+markers", name: `${kind.toUpperCase()} ${name}`, x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), line: { color: PALETTE[c], dash } };
    };
    const seconds = (run: Run) => (run ? run.seconds : null);
    return [
      line("implicit Euler (exact)", (x) => seconds(x.implicit as Run), "solid"),
      line("explicit Euler (h = 1e-4, t = 2ε; chatters)", (x) => seconds(x.explicit as Run), "dot"),
      line("HiGHS", (x) => x.highsSeconds as number | null, "dash"),
    ];
  });
  const figure: Figure = {
    title: "Time to the optimum vs n",
    data: traces,
    layout: { xaxis: { type: "log", title: { text: "n (variables)" } }, yaxis: { type: "log", title: { text: "wall time [s]" } } },
    caption: "Sparse random LPs and QPs (m = n/5 equalities, n/2 inequalities, rank Q = n/2). Implicit Euler reaches the optimum exactly; explicit Euler stops at t = 2ε with a percent-level objective error; HiGHS is the reference (no HiGHS QP beyond n = 500).",
  };
  mkdirSync("out/bench", { recursive: true });
  writeReport("out/bench/optimization.html", { title: "LP/QP through Liu–Wang networks: time vs n", summary: {}, sections: [{ title: "Scaling", figures: [figure] }] });
}
