import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { IdentityOperator } from "../../src/model/operator.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { runMonitored } from "../../problems/convergence/measures.ts";

describe("measures on dx/dt ∈ −sgn(x) (exact solution x(t) = x0 − t·sgn(x0) until 0, then sliding at 0)", () => {
  it("hitting time |x0| within one step, settling time, switches, sliding time and a monotone energy |x|", () => {
    const inc = createInclusion({ G: new IdentityOperator(1, -1), laws: LawSet.uniform(lawFromSpec("sign"), 1) });
    const h = 0.01;
    const { measures } = runMonitored(implicitEuler, { inclusion: inc, x0: Float64Array.of(1.234), t0: 0, tEnd: 3 }, { h }, { penalty: (x) => Math.abs(x[0]), feasTol: 1e-12, distance: (x) => Math.abs(x[0]), optTol: 1e-9, energy: (x) => Math.abs(x[0]) }, { restVelocity: 0 });
    expect(measures.tFeasible!).toBeGreaterThanOrEqual(1.234 - 1e-12);
    expect(measures.tFeasible!).toBeLessThanOrEqual(1.234 + h);
    expect(measures.tOptimal).toBe(measures.tFeasible);
    expect(measures.stayedFeasible).toBe(true);
    expect(measures.switches).toBeGreaterThanOrEqual(1);
    expect(Math.abs(measures.slidingTime - (3 - 1.234))).toBeLessThanOrEqual(h);
    expect(measures.energy!.monotone).toBe(true);
    expect(measures.energy!.initial).toBeCloseTo(1.234, 14);
    expect(measures.energy!.final).toBe(0);
    expect(measures.ended).toBe("success");
  });
});

describe("filippov sweep (node bin/filippov.js, worker threads)", () => {
  it("200-run σ sweep of the §5.1 LP on 2 workers: JSON, CSV, report; t_feasible ≤ bound + h on every run with a bound", () => {
    const dir = mkdtempSync(join(tmpdir(), "sweep-"));
    const csv = join(dir, "r.csv");
    const html = join(dir, "r.html");
    const r = runCli(["sweep", "--problem", "liu-wang-lp", "--param", "sigma=4.6:30:40", "--x0", "random:7:5", "--workers", "2", "--json", "--out", csv, "--report", html, "--t-end", "60"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs).toHaveLength(200);
    expect(out.timing.workers).toBe(2);
    expect(out.timing.wallSeconds).toBeLessThan(20);
    let withBound = 0;
    for (const run of out.runs) {
      if (run.tFeasibleBound !== null && run.tFeasibleBound > 0) {
        withBound++;
        expect(run.tFeasible).not.toBeNull();
        expect(run.tFeasible).toBeLessThanOrEqual(run.tFeasibleBound + run.h * (1 + 1e-9));
      }
    }
    expect(withBound).toBeGreaterThan(20);
    // Monte-Carlo summary per σ: fraction and quantiles consistent with the runs
    for (const g of out.groups) {
      const runs = out.runs.filter((x: any) => x.sigma === g.point.sigma);
      expect(g.runs).toBe(5);
      expect(g.fraction).toBe(runs.filter((x: any) => x.converged).length / 5);
      if (g.tOptimal) expect(g.tOptimal.max).toBe(Math.max(...runs.filter((x: any) => x.converged).map((x: any) => x.tOptimal)));
    }
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines).toHaveLength(201);
    expect(lines[0].split(",")).toContain("t_feasible_bound");
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, "utf8")).toContain("finite-time bound");
  });

  it("basins of attraction of the classic QP below the threshold (σ = 5): one wrong equilibrium (5, 7.5) everywhere", () => {
    const r = runCli(["sweep", "--problem", "classic-qp", "--sigma", "5", "--param", "x1=-10:10:4", "--param", "x2=-10:10:4", "--json", "--workers", "2", "--t-end", "60"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs).toHaveLength(16);
    for (const run of out.runs) {
      expect(run.converged).toBe(false);
      expect(run.equilibrium).toBe(1);
      expect(Math.abs(run.xFinal[1] - 7.5)).toBeLessThan(1e-6);
    }
  });

  it.each([
    [["--param", "sigma="], /empty grid/],
    [["--param", "sigma=5:3:0"], /empty grid/],
    [["--param", "sigma=4,5", "--param", "sigma=6"], /given twice/],
    [["--param", "sigma=4,5", "--sigma", "3"], /conflicts with/],
    [["--problem", "classic-qp", "--param", "x1=0,1", "--x0", "random:1:3"], /--x0` conflicts/],
    [["--param", "lambda=1,2"], /lambda/],
    [["--param", "n=3,4"], /size/],
    [["--param", "sigma=5", "--x0", "random:1:0"], /COUNT/],
    [["--param", "sigma=5", "--solver", "rk4"], /--solver/],
    [["--param", "sigma=4,5", "--param", "h=0.1", "--param", "theta=1"], /at most two/],
    [["--param", "h=1e-7", "--t-end", "1e6", "--sigma", "4.4", "--max-minutes", "1"], /would take about .*--yes/],
  ])("bad input %j: one line on stderr, exit 2", (args, msg) => {
    const r = runCli(["sweep", ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(msg as RegExp);
  });
});
