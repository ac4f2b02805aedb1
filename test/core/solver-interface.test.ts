import { describe, expect, it } from "vitest";
import { signDecay, relayFeedback } from "../../problems/canonical/index.ts";
import { solve } from "../../src/solver.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { getSolver, solvers } from "../../solvers/index.ts";
import { InputError } from "../../src/errors.ts";

describe("solver interface", () => {
  it("init/step/finalize gives the same result as solve()", () => {
    const sys = signDecay({ x0: [1.3, -0.7], tEnd: 2 });
    const whole = solve(implicitEuler, sys.problem, { h: 0.01 });
    const it = implicitEuler.init(sys.problem, { h: 0.01 });
    const seen: number[] = [];
    for (;;) {
      const out = it.step();
      seen.push(it.x[0]);
      if (out.done) break;
    }
    const stepped = it.finalize("success", "reached tEnd");
    expect(Array.from(stepped.xFinal)).toEqual(Array.from(whole.xFinal));
    expect(stepped.t.length).toBe(whole.t.length);
    expect(seen.length).toBe(200); // the 200th step reaches tEnd and reports done
  });

  it("stops at the wall-time budget with a status and the state reached", () => {
    const sys = relayFeedback({ tEnd: 1e4 });
    const sol = solve(implicitEuler, sys.problem, { h: 1e-4, maxWallSeconds: 0.2, saveEvery: 1000 });
    expect(sol.status).toBe("max-wall-time");
    expect(sol.tFinal).toBeGreaterThan(0);
    expect(sol.tFinal).toBeLessThan(1e4);
    expect(sol.stats.wallSeconds).toBeLessThan(5);
  });

  it("refuses bad problems before any work, naming the argument and value", () => {
    const sys = signDecay({ x0: [1, 2] });
    expect(() => solve(implicitEuler, { ...sys.problem, x0: Float64Array.of(1, 2, 3) })).toThrow(/`x0` must have length 2, got 3/);
    expect(() => solve(implicitEuler, { ...sys.problem, x0: Float64Array.of(1, NaN) })).toThrow(/`x0\[1\]` must be a finite number, got NaN/);
    expect(() => solve(implicitEuler, sys.problem, { h: -1 })).toThrow(/step `h` must be a positive number, got -1/);
    expect(() => solve(implicitEuler, sys.problem, { theta: 0.2 })).toThrow(/`theta` must be in \[0.5, 1\], got 0.2/);
    expect(() => getSolver("rk4")).toThrow(InputError);
    for (const [name, s] of Object.entries(solvers)) expect(s.meta.name).toBe(name);
  });
});
