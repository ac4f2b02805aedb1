import { describe, expect, it } from "vitest";
import { liuWangExample } from "../../problems/optimization/examples.ts";
import { randomProblem, seededRandom } from "../../problems/optimization/examples.ts";
import { buildLiuWangNetwork, projectNull } from "../../problems/optimization/network.ts";
import { penalty } from "../../problems/optimization/analysis.ts";
import { feasibilityTimeBound, liuWangGainBound } from "../../problems/convergence/gain-bound.ts";
import { l1FiniteTimeBound, randomUnderdeterminedSystem, symmetricEigenvalues } from "../../problems/convergence/l1-network.ts";
import { StudyContext, executeRun, studyRandomProblem } from "../../problems/convergence/run.ts";
import { cholFactor } from "../../src/linalg/dense.ts";

/** A random point of {Ax = b} with Φ > 0 (uniform in a widened box, projected). */
function infeasiblePointOnS(net: ReturnType<typeof buildLiuWangNetwork>, rnd: () => number): number[] {
  const p = net.problem;
  for (;;) {
    const x = Array.from({ length: p.n }, (_, j) => p.lb[j] - 6 + (p.ub[j] - p.lb[j] + 12) * rnd());
    for (let r = 0; r < net.m; r++) {
      let s = -net.bt[r];
      for (let j = 0; j < p.n; j++) s += net.U[r * p.n + j] * x[j];
      for (let j = 0; j < p.n; j++) x[j] -= s * net.U[r * p.n + j];
    }
    if (penalty(p, x) > 1e-3) return x;
  }
}

/** min ‖(I−P)Cᵀs‖ over s ∈ ∂Φ(x) at a point off every breakpoint (s single-valued): an upper bound of β. */
function projectedActivationNorm(net: ReturnType<typeof buildLiuWangNetwork>, x: number[]): number {
  const y = new Float64Array(net.k);
  net.C.apply(Float64Array.from(x), y);
  const s = new Float64Array(net.k);
  for (let i = 0; i < net.k; i++) s[i] = net.laws.select(i, y[i] - net.d[i]);
  const g = new Float64Array(net.n);
  net.C.applyTranspose(s, g);
  projectNull(net, g, new Float64Array(Math.max(net.m, 1)));
  return Math.hypot(...g);
}

describe("Liu–Wang gain bound σ > L/β by enumeration of realisable activation patterns", () => {
  it("§5.1 LP: β = 2/√5, L = 9/√5, L/β = 4.5 (hand computation on the line {Ax = b})", () => {
    const gb = liuWangGainBound(buildLiuWangNetwork(liuWangExample()));
    expect(gb.kind).toBe("exact");
    expect(gb.rigorous).toBe(true);
    expect(Math.abs(gb.beta! - 2 / Math.sqrt(5))).toBeLessThan(1e-12);
    expect(Math.abs(gb.L! - 9 / Math.sqrt(5))).toBeLessThan(1e-12);
    expect(Math.abs(gb.value! - 4.5)).toBeLessThan(1e-12);
  });

  it("random LPs: β is realisable (≤ ‖(I−P)γ‖ at 2000 sampled infeasible points of {Ax = b}) and ≤ the one-violated-constraint estimate", () => {
    for (const seed of [1, 2, 3, 4]) {
      const net = buildLiuWangNetwork(randomProblem(4, seed, { meq: 1, mineq: 2, oneSided: 0 }));
      const gb = liuWangGainBound(net);
      expect(gb.kind).toBe("exact");
      expect(gb.beta!).toBeGreaterThan(0);
      expect(gb.beta!).toBeLessThanOrEqual(net.bound.beta! + 1e-12);
      const rnd = seededRandom(100 + seed);
      let sampled = Infinity;
      for (let i = 0; i < 2000; i++) sampled = Math.min(sampled, projectedActivationNorm(net, infeasiblePointOnS(net, rnd)));
      expect(gb.beta!).toBeLessThanOrEqual(sampled + 1e-12);
      // the conservative substitute never exceeds the exact value
      const cons = liuWangGainBound(net, { maxCombinations: 0 });
      if (cons.beta !== null) expect(cons.beta).toBeLessThanOrEqual(gb.beta! + 1e-9);
    }
  });
});

describe("finite-time feasibility: measured t_feasible (implicit Euler, fixed h) ≤ T + h", () => {
  // O(h) allowance: the discrete Lyapunov inequality Φ(x_k) − Φ(x_{k+1}) ≥ (h/ε)β(σβ − L) while
  // Φ(x_{k+1}) > 0 gives first-hit step time ≤ T + h (docs/convergence.md).
  const h = 5e-3;

  it("§5.1 LP from a point of {Ax = b} with only x1 below its bound: the bound is attained (|t − T| ≤ h)", () => {
    const ctx = new StudyContext({ problem: { kind: "builtin", name: "liu-wang-lp" }, tEnd: 60, optTol: 1e-6, maxSteps: 1e6, maxWallSeconds: 30 });
    const x0 = [0.1 - 8, -0.2 - 4, 1.5]; // q − 4(2, 1, 0): Φ(x0) = 2.9
    for (const sigma of [4.8, 6, 10, 30]) {
      const r = executeRun(ctx, { index: 0, solver: "implicit-euler", sigma, h, x0 });
      const T = (2.9 * 1) / ((2 / Math.sqrt(5)) * (sigma * (2 / Math.sqrt(5)) - 9 / Math.sqrt(5)));
      expect(Math.abs(r.tFeasibleBound! - T)).toBeLessThan(1e-9 * T);
      expect(r.tFeasible!).toBeLessThanOrEqual(T + h * (1 + 1e-9));
      expect(r.tFeasible!).toBeGreaterThanOrEqual(T - 1e-9);
      expect(r.converged).toBe(true);
      expect(r.energyMonotone).toBe(true);
    }
  });

  it("seeded random LPs (n = 4, 6 random initial points each, σ = 1.3 and 3 × L/β)", () => {
    let checked = 0;
    for (const seed of [1, 2, 3, 4]) {
      const problem = studyRandomProblem(4, seed);
      const net = buildLiuWangNetwork(problem);
      const gb = liuWangGainBound(net);
      const ctx = new StudyContext({ problem: { kind: "random-lp", seed, n: 4 }, tEnd: 1, optTol: 1e-6, maxSteps: 1e6, maxWallSeconds: 30 });
      const rnd = seededRandom(seed * 7);
      for (const factor of [1.3, 3]) {
        const sigma = factor * gb.value!;
        for (let i = 0; i < 6; i++) {
          const x0 = infeasiblePointOnS(net, rnd);
          const T = feasibilityTimeBound(net, gb, x0, sigma).T!;
          (ctx.settings as { tEnd: number }).tEnd = T + 10 * h;
          const r = executeRun(ctx, { index: 0, solver: "implicit-euler", sigma, h, x0 });
          expect(r.tFeasibleBound!).toBeCloseTo(T, 9);
          expect(r.tFeasible).not.toBeNull();
          expect(r.tFeasible!).toBeLessThanOrEqual(T + h * (1 + 1e-9));
          expect(r.energyMonotone).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(48);
  });
});

describe("L1 network ẋ ∈ −Aᵀsgn(Ax − b): r = 0 by ‖r0‖₁/λ_min(AAᵀ) (+ h)", () => {
  it("λ_min(AAᵀ) by Jacobi agrees with the Cholesky inertia test (AAᵀ − μI PD iff μ < λ_min)", () => {
    for (const seed of [1, 2, 3]) {
      const sys = randomUnderdeterminedSystem(4, 9, seed);
      const { lambdaMin } = l1FiniteTimeBound(sys, new Float64Array(9));
      const S = new Float64Array(16);
      for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) for (let j = 0; j < 9; j++) S[i * 4 + k] += sys.A[i * 9 + j] * sys.A[k * 9 + j];
      const pd = (mu: number) => cholFactor(4, S.map((v, idx) => (idx % 5 === 0 ? v - mu : v)));
      expect(pd(lambdaMin * (1 - 1e-9))).toBe(true);
      expect(pd(lambdaMin * (1 + 1e-9))).toBe(false);
      expect(symmetricEigenvalues(2, Float64Array.of(2, 1, 1, 2))).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    }
  });

  it("random underdetermined systems (3×8, 5×12; 4 seeds; λ = 1 and 2)", () => {
    const h = 1e-3;
    for (const [m, n] of [[3, 8], [5, 12]]) {
      for (const seed of [1, 2, 3, 4]) {
        for (const lambda of [1, 2]) {
          const sys = randomUnderdeterminedSystem(m, n, seed);
          const x0 = new Float64Array(n);
          const b = l1FiniteTimeBound(sys, x0, lambda);
          const ctx = new StudyContext({ problem: { kind: "l1", m, n, seed }, tEnd: b.T! + 20 * h, optTol: 1e-9, maxSteps: 1e6, maxWallSeconds: 30 });
          const r = executeRun(ctx, { index: 0, solver: "implicit-euler", lambda, h, x0: null });
          expect(r.tFeasibleBound!).toBeCloseTo(b.T!, 12);
          expect(r.tFeasible).not.toBeNull();
          expect(r.tFeasible!).toBeLessThanOrEqual(b.T! + h * (1 + 1e-9));
          expect(r.energyMonotone).toBe(true);
        }
      }
    }
  });
});
