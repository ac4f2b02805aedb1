import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assignmentProblem, classicQp, randomProblem, svmDual } from "../../problems/optimization/examples.ts";
import { solveLP, solveQP } from "../../problems/optimization/solve.ts";
import { isFeasible } from "../../problems/optimization/analysis.ts";
import { parseMps } from "../../src/io/mps.ts";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";
import { repoRoot } from "../helpers/cli.ts";
import { highsSolve, quadprogSolve } from "./reference.ts";

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const maxViolation = (r: { residuals: { equality: number; inequality: number; bounds: number } }) => Math.max(r.residuals.equality, r.residuals.inequality, r.residuals.bounds);

async function checkLp(p: OptimizationProblem, opts = {}) {
  const ref = await highsSolve(p);
  expect(ref.status).toBe("Optimal");
  const r = solveLP(p, { record: false, ...opts });
  expect(r.status, r.message).toBe("optimal");
  expect(relErr(r.objective, ref.objective)).toBeLessThanOrEqual(1e-6);
  expect(maxViolation(r)).toBeLessThanOrEqual(1e-6);
  expect(isFeasible(p, r.x, 1e-9)).toBe(true);
  return { r, ref };
}

describe("LPs against HiGHS", () => {
  it.each([
    [10, 1],
    [10, 2],
    [30, 3],
    [60, 4],
    [100, 5],
    [500, 6],
  ])("random LP n = %i (seed %i) is solved exactly", async (n, seed) => {
    await checkLp(randomProblem(n, seed));
  });

  it("degenerate LP (every inequality tight at the generating point)", async () => {
    await checkLp(randomProblem(30, 11, { tightFraction: 1, mineq: 40 }));
  });

  it("the generic θ-operators path (buildThetaOperators per step size) agrees with HiGHS too", async () => {
    await checkLp(randomProblem(20, 7), { structured: false });
  });

  it("assignment problem: cost 10 with a permutation matrix", async () => {
    const { r } = await checkLp(assignmentProblem());
    expect(Math.abs(r.objective - 10)).toBeLessThan(1e-9);
    for (const v of r.x) expect(Math.min(Math.abs(v), Math.abs(v - 1))).toBeLessThan(1e-9);
  });

  it("AFIRO (netlib): −464.7531429", async () => {
    const p = parseMps(readFileSync(join(repoRoot, "test/data/afiro.mps"), "utf8"), "afiro.mps");
    const { r, ref } = await checkLp(p);
    expect(relErr(ref.objective, -464.7531429)).toBeLessThan(1e-8);
    expect(relErr(r.objective, -464.7531429)).toBeLessThan(1e-8);
  });
});

describe("QPs against quadprog and HiGHS", () => {
  it("classic 2-D QP: (5, 5), f* = −225", async () => {
    const p = classicQp();
    const r = solveQP(p, { record: false });
    const ref = quadprogSolve(p);
    expect(r.status).toBe("optimal");
    expect(relErr(r.objective, ref.objective)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[0] - 5) + Math.abs(r.x[1] - 5)).toBeLessThan(1e-8);
  });

  it("SVM dual: f* = −0.25 (HiGHS QP)", async () => {
    const p = svmDual();
    const r = solveQP(p, { record: false });
    const ref = await highsSolve(p);
    expect(r.status).toBe("optimal");
    expect(relErr(r.objective, ref.objective)).toBeLessThan(1e-6);
    expect(Math.abs(r.objective + 0.25)).toBeLessThan(1e-9);
    expect(maxViolation(r)).toBeLessThan(1e-9);
  });

  it.each([
    [10, 21, 10],
    [30, 22, 30],
    [40, 23, 20],
    [500, 24, 250],
  ])("random QP n = %i (seed %i, rank %i) against quadprog and HiGHS", async (n, seed, rank) => {
    const p = randomProblem(n, seed, { qpRank: rank });
    const r = solveQP(p, { record: false });
    expect(r.status, r.message).toBe("optimal");
    const ref = await highsSolve(p);
    expect(relErr(r.objective, ref.objective)).toBeLessThanOrEqual(1e-6);
    if (rank === n) {
      const qp = quadprogSolve(p);
      expect(relErr(r.objective, qp.objective)).toBeLessThanOrEqual(1e-6);
    }
    expect(maxViolation(r)).toBeLessThanOrEqual(1e-6);
  });
});
