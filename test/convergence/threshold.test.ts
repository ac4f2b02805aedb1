import { describe, expect, it } from "vitest";
import highsNs from "highs";
import { classicQp } from "../../problems/optimization/examples.ts";
import { quadprogSolve } from "../optimization/reference.ts";
import { WorkerPool } from "../../problems/convergence/parallel.ts";
import { bisectThreshold, planSweep } from "../../problems/convergence/sweep.ts";

const loadHighs = ((highsNs as any).default ?? highsNs) as typeof highsNs.default;

/** Threshold of the swept σ from a grid sweep alone (fixed σ, fixed step), bisected to ±tol, on 2 worker threads. */
async function measuredThreshold(problem: string, grid: string, tEnd: number, tol: number) {
  const plan = planSweep({ problem, params: [grid], tEnd });
  const pool = new WorkerPool(plan.settings, { workers: 2 });
  try {
    const results = await pool.run(plan.runs);
    return { th: await bisectThreshold(plan, results, pool, tol), results };
  } finally {
    await pool.close();
  }
}

/**
 * The smallest ‖μ‖∞ over the KKT multipliers of the penalised constraints at x* (rows as written,
 * bounds with unit weight — the penalty of the network as built): x* from quadprog, then the LP
 * min t s.t. Σ μ_i a_i = −∇f(x*), 0 ≤ μ_i ≤ t over the active constraints, solved by HiGHS.
 */
async function exactPenaltyThreshold(): Promise<number> {
  const p = classicQp();
  const x = quadprogSolve(p).x;
  const grad = [0, 1].map((i) => p.c[i] + p.Q![i * 2] * x[0] + p.Q![i * 2 + 1] * x[1]);
  const rows: Array<{ a: number[]; b: number }> = [
    { a: [5 / 12, -1], b: 35 / 12 },
    { a: [5 / 2, 1], b: 35 / 2 },
    { a: [-1, 0], b: 5 },
    { a: [0, -1], b: 5 },
    { a: [1, 0], b: 5 },
    { a: [0, 1], b: 5 },
  ];
  const active = rows.filter((r) => r.a[0] * x[0] + r.a[1] * x[1] - r.b >= -1e-7);
  const terms = (i: number) => active.map((r, k) => `${r.a[i] >= 0 ? "+" : "-"} ${Math.abs(r.a[i]).toPrecision(17)} m${k}`).join(" ");
  const lp = `Minimize\n obj: t\nSubject To\n g0: ${terms(0)} = ${(-grad[0]).toPrecision(17)}\n g1: ${terms(1)} = ${(-grad[1]).toPrecision(17)}\n${active.map((_, k) => ` c${k}: m${k} - t <= 0`).join("\n")}\nBounds\n t >= 0\nEnd\n`;
  const r = (await loadHighs()).solve(lp);
  expect(r.Status).toBe("Optimal");
  return r.ObjectiveValue;
}

describe("gain thresholds reproduced from sweeps alone (fixed σ, implicit Euler h = 0.01, 2 worker threads)", () => {
  it("§5.1 LP: smallest converging σ on the grid 3:6:31, bisected to ±0.01, is 4.5 within 0.01", async () => {
    const { th, results } = await measuredThreshold("liu-wang-lp", "sigma=3:6:31", 20, 0.01);
    expect(th.note).toBe("");
    expect(th.upper - th.lower).toBeLessThanOrEqual(0.01);
    expect(Math.abs(th.estimate - 4.5)).toBeLessThanOrEqual(0.01);
    // below the threshold the run settles at the under-penalised minimiser (−9.5, −5, 1.5)
    const low = results.find((r) => r.sigma === 4)!;
    expect(low.converged).toBe(false);
    expect(low.status).toBe("rest");
    [-9.5, -5, 1.5].forEach((v, i) => expect(Math.abs(low.xFinal[i] - v)).toBeLessThan(1e-8));
  });

  it("classic QP: the measured threshold equals the smallest ‖μ*‖∞ of the model as built (HiGHS + quadprog: 9)", async () => {
    const exact = await exactPenaltyThreshold();
    expect(exact).toBeCloseTo(9, 9);
    const { th, results } = await measuredThreshold("classic-qp", "sigma=5:12:15", 50, 0.01);
    expect(th.note).toBe("");
    expect(Math.abs(th.estimate - exact)).toBeLessThanOrEqual(0.01);
    const at5 = results.find((r) => r.sigma === 5)!;
    expect(at5.converged).toBe(false);
    expect(Math.abs(at5.xFinal[0] - 5)).toBeLessThan(1e-6);
    expect(Math.abs(at5.xFinal[1] - 7.5)).toBeLessThan(1e-6);
  });
});
