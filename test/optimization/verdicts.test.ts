import { describe, expect, it } from "vitest";
import { csrFromDense, validateOptimizationProblem } from "../../src/io/optimization-problem.ts";
import { solveLP, solveQP } from "../../problems/optimization/solve.ts";
import { randomProblem } from "../../problems/optimization/examples.ts";
import { highsSolve } from "./reference.ts";

describe("verdicts", () => {
  it("infeasible: x1 + x2 ≤ −3 with 0 ≤ x ≤ 1 (HiGHS agrees)", async () => {
    const p = validateOptimizationProblem({ c: Float64Array.of(1, 1), Aineq: csrFromDense([[1, 1]], 2), bineq: Float64Array.of(-3), lb: Float64Array.of(0, 0), ub: Float64Array.of(1, 1) });
    expect((await highsSolve(p)).status).toBe("Infeasible");
    const r = solveLP(p, { record: false });
    expect(r.status).toBe("infeasible");
    expect(r.message).toMatch(/cannot be satisfied/);
  });

  it("infeasible: inconsistent equalities", () => {
    const p = validateOptimizationProblem({ c: Float64Array.of(1, 1), Aeq: csrFromDense([[1, 1], [2, 2]], 2), beq: Float64Array.of(1, 3), lb: Float64Array.of(0, 0) });
    const r = solveLP(p, { record: false });
    expect(r.status).toBe("infeasible");
    expect(r.message).toMatch(/inconsistent/);
  });

  it("unbounded: min −x1 s.t. x1 − x2 ≤ 1, x ≥ 0 (HiGHS agrees)", async () => {
    const p = validateOptimizationProblem({ c: Float64Array.of(-1, 0), Aineq: csrFromDense([[1, -1]], 2), bineq: Float64Array.of(1), lb: Float64Array.of(0, 0) });
    expect((await highsSolve(p)).status).toMatch(/Unbounded/);
    const r = solveLP(p, { record: false });
    expect(r.status).toBe("unbounded");
  });

  it("unbounded QP along a zero-curvature direction", () => {
    const p = validateOptimizationProblem({ c: Float64Array.of(0, -1), Q: Float64Array.of(1, 0, 0, 0), lb: Float64Array.of(-1, 0) });
    expect(solveQP(p, { record: false }).status).toBe("unbounded");
  });

  it("not converged within the step budget, and never optimal while constraints are violated", () => {
    const p = randomProblem(30, 3);
    const r = solveLP(p, { maxSteps: 2, record: false });
    expect(r.status).toBe("not_converged");
    expect(r.message).toMatch(/within 2 steps/);
  });
});
