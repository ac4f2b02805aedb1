import { describe, expect, it } from "vitest";
import { liuWangExample, LIU_WANG_OPTIMUM } from "../../problems/optimization/examples.ts";
import { buildLiuWangNetwork, sigmaBound } from "../../problems/optimization/network.ts";
import { finiteTimeBound, penalty } from "../../problems/optimization/analysis.ts";
import { solveLP } from "../../problems/optimization/solve.ts";
import { solve } from "../../src/solver.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";

describe("Liu–Wang LP example (min 4x1 + x2 + 2x3, two equalities, −5 ≤ x ≤ 5)", () => {
  it("gain bound: L = 9/√5, β = 2/√5 (exact on the line {Ax = b}), σ* = L/β = 4.5", () => {
    const net = buildLiuWangNetwork(liuWangExample());
    const b = sigmaBound(net);
    expect(b.kind).toBe("exact");
    expect(b.L!).toBeCloseTo(9 / Math.sqrt(5), 12);
    expect(b.beta!).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(net.sigmaLowerBound!).toBeCloseTo(LIU_WANG_OPTIMUM.sigmaThreshold, 12);
    expect(net.sigma).toBeCloseTo(1.5 * 4.5, 12);
  });

  it("default σ reaches x* = (−5, −2.75, 1.5), f* = −19.75 exactly", () => {
    const r = solveLP(liuWangExample());
    expect(r.status).toBe("optimal");
    r.x.forEach((v, i) => expect(Math.abs(v - LIU_WANG_OPTIMUM.x[i])).toBeLessThan(1e-10));
    expect(Math.abs(r.objective - LIU_WANG_OPTIMUM.objective)).toBeLessThan(1e-10);
  });

  it("σ = 4.4 (below 4.5) settles at the wrong, infeasible point (−9.5, −5, 1.5); σ = 4.6 converges", () => {
    const low = solveLP(liuWangExample(), { sigma: 4.4, adaptSigma: false });
    expect(low.status).toBe("not_converged");
    expect(low.message).toMatch(/violates the constraints/);
    [-9.5, -5, 1.5].forEach((v, i) => expect(Math.abs(low.x[i] - v)).toBeLessThan(1e-9));
    expect(low.residuals.bounds).toBeCloseTo(4.5, 9);
    const high = solveLP(liuWangExample(), { sigma: 4.6, adaptSigma: false });
    expect(high.status).toBe("optimal");
    high.x.forEach((v, i) => expect(Math.abs(v - LIU_WANG_OPTIMUM.x[i])).toBeLessThan(1e-10));
  });

  it("with σ adaptation, σ = 4.4 is doubled after the infeasible equilibrium and the optimum is reached", () => {
    const r = solveLP(liuWangExample(), { sigma: 4.4 });
    expect(r.status).toBe("optimal");
    expect(r.network.sigma).toBeCloseTo(8.8, 12);
    expect(Math.abs(r.objective + 19.75)).toBeLessThan(1e-10);
  });

  it("explicit Euler chatters: close but not exact, and never reported optimal", () => {
    const r = solveLP(liuWangExample(), { solver: "explicit-euler", h: 1e-3, tEnd: 20 });
    expect(r.status).toBe("not_converged");
    const err = Math.max(...r.x.map((v, i) => Math.abs(v - LIU_WANG_OPTIMUM.x[i])));
    expect(err).toBeGreaterThan(1e-6);
    expect(err).toBeLessThan(0.05);
  });

  it("the network is an Inclusion that the fixed-step implicit Euler integrates to x* as well", () => {
    const net = buildLiuWangNetwork(liuWangExample(), { sigma: 10 });
    const sol = solve(implicitEuler, { inclusion: net.inclusion, x0: new Float64Array(3), t0: 0, tEnd: 20 }, { h: 0.05 });
    expect(sol.status).toBe("success");
    LIU_WANG_OPTIMUM.x.forEach((v, i) => expect(Math.abs(sol.xFinal[i] - v)).toBeLessThan(1e-8));
  });

  it("the feasible set is reached before the finite-time bound T ≤ εΦ(x₀)/(β(σβ − L)) from a point on {Ax = b}", () => {
    const p = liuWangExample();
    const net = buildLiuWangNetwork(p, { sigma: 10 });
    const x0 = Float64Array.from(net.q); // on {Ax = b}, Φ(q) > 0
    expect(penalty(p, x0)).toBe(0); // the minimum-norm point q is feasible: move away along null(A)
    const z = [2 / Math.sqrt(5), 1 / Math.sqrt(5), 0];
    const start = x0.map((v, i) => v + 8 * z[i]);
    const T = finiteTimeBound(net, start);
    expect(Number.isFinite(T)).toBe(true);
    const sol = solve(implicitEuler, { inclusion: net.inclusion, x0: start, t0: 0, tEnd: T }, { h: T / 2000 });
    expect(penalty(p, sol.xFinal)).toBeLessThan(1e-9);
  });
});

describe("progress reports of a solve", () => {
  it.each(["implicit-euler", "explicit-euler"] as const)("%s: fractions in [0, 1], never decreasing, reaching 1 at the end of an optimal or full-length run", (solver) => {
    const seen: number[] = [];
    const r = solveLP(liuWangExample(), { solver, record: false, onProgress: (f) => seen.push(f), ...(solver === "explicit-euler" ? { h: 1e-3, tEnd: 0.5 } : {}) });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 0; i < seen.length; i++) {
      expect(seen[i]).toBeGreaterThanOrEqual(0);
      expect(seen[i]).toBeLessThanOrEqual(1);
      if (i > 0) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] - 1e-12);
    }
    if (solver === "implicit-euler") expect(r.status).toBe("optimal");
    expect(seen[seen.length - 1]).toBeGreaterThan(0.99);
  });
});
