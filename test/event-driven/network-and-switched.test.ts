import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator, IdentityOperator } from "../../src/model/operator.ts";
import { createSwitchedSystem } from "../../src/model/switched-system.ts";
import { solve } from "../../src/solver.ts";
import { simulateSwitched } from "../../src/switched.ts";
import { eventDriven } from "../../solvers/event-driven.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { smoothed } from "../../solvers/smoothed.ts";
import { hopfield, signDecay, slidingDrift } from "../../problems/canonical/index.ts";
import { hopfieldEquilibrium } from "../../problems/canonical/hopfield.ts";
import { gauss5, logSlope, rng } from "./helpers.ts";

/** dx/dt ∈ −x − A sgn(x) + u with A = RRᵀ/n + I (SPD), seeded. */
function randomHopfield(n: number, seed: number) {
  const r = rng(seed);
  const R = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * r() - 1));
  const A = R.map((_, i) => R.map((__, j) => R[i].reduce((acc, v, k) => acc + v * R[j][k], 0) / n + (i === j ? 1 : 0)));
  const u = Array.from({ length: n }, () => 4 * (2 * r() - 1));
  const x0 = Array.from({ length: n }, () => 3 * (2 * r() - 1));
  return { A, u, x0 };
}

describe("event-driven on networks", () => {
  it("random Hopfield-type network: implicit Euler converges to the event-driven trajectory at O(h)", () => {
    const { A, u, x0 } = randomHopfield(6, 12345);
    const sys = hopfield({ A, u, x0, tEnd: 2 });
    const ed = solve(eventDriven, sys.problem, { rtol: 1e-11, atol: 1e-12 });
    expect(ed.status).toBe("success");
    expect(ed.events.length).toBeGreaterThan(2);
    const hs = [4e-3, 2e-3, 1e-3, 5e-4];
    const errs = hs.map((h) => {
      const ie = solve(implicitEuler, sys.problem, { h });
      return Math.max(...Array.from(ie.xFinal, (v, i) => Math.abs(v - ed.xFinal[i])));
    });
    const p = logSlope(hs, errs);
    expect(p).toBeGreaterThan(0.8);
    expect(p).toBeLessThan(1.3);
    // and the long-time limit is the independently computed equilibrium (coordinate descent on the energy)
    const long = solve(eventDriven, hopfield({ A, u, x0, tEnd: 40 }).problem, { rtol: 1e-10, atol: 1e-12 });
    const eq = hopfieldEquilibrium(A, u, 1);
    for (let i = 0; i < 6; i++) expect(Math.abs(long.xFinal[i] - eq[i])).toBeLessThan(1e-9);
    // units that end at 0 are exactly 0 (sliding)
    for (let i = 0; i < 6; i++) if (eq[i] === 0) expect(long.xFinal[i]).toBe(0);
  });

  it("repulsive surface dx/dt ∈ +sgn(x) from x0 = 0 ends with status repulsive-sliding", () => {
    const inc = createInclusion({ G: new IdentityOperator(1, 1), laws: LawSet.uniform(lawFromSpec("sign"), 1) });
    const sol = solve(eventDriven, { inclusion: inc, x0: Float64Array.of(0), t0: 0, tEnd: 1 });
    expect(sol.status).toBe("repulsive-sliding");
    expect(sol.message).toMatch(/not unique/);
    // from x0 ≠ 0 there is no ambiguity: x = e^t-free growth x(t) = x0 + t
    const ok = solve(eventDriven, { inclusion: inc, x0: Float64Array.of(0.5), t0: 0, tEnd: 1 }, { rtol: 1e-12, atol: 1e-12 });
    expect(ok.status).toBe("success");
    expect(ok.xFinal[0]).toBeCloseTo(1.5, 12);
  });

  it("a non-P-matrix active block at an intersection is a status, not a guess or a hang", () => {
    // both units reach 0 at t = 1 together; −(CG) = [[1, 2], [2, 1]] is not a P-matrix
    const inc = createInclusion({ G: DenseOperator.fromRows([[-1, -2], [-2, -1]]), laws: LawSet.uniform(lawFromSpec("sign"), 2) });
    const sol = solve(eventDriven, { inclusion: inc, x0: Float64Array.of(3, 3), t0: 0, tEnd: 2 }, { rtol: 1e-12, atol: 1e-12 });
    expect(["repulsive-sliding", "relay-failure"]).toContain(sol.status);
    expect(sol.tFinal).toBeCloseTo(1, 10);
    expect(sol.message).toMatch(/P-matrix/);
  });

  it("budgets: maxEvents and bad options", () => {
    const sys = hopfield();
    const sol = solve(eventDriven, sys.problem, { maxEvents: 2 });
    expect(sol.status).toBe("max-events");
    expect(sol.events.length).toBeGreaterThanOrEqual(2);
    expect(() => solve(eventDriven, sys.problem, { rtol: 0 })).toThrow(InputError);
    expect(() => solve(eventDriven, sys.problem, { atol: -1e-9 })).toThrow(/atol/);
    expect(() => solve(eventDriven, sys.problem, { samples: 0 })).toThrow(/samples/);
  });

  it("a field that becomes NaN during the run ends with a status, not a hang", () => {
    const inc = createInclusion({
      G: new IdentityOperator(1, -1),
      g: (_t, x, out) => {
        out[0] = x[0] < 0.5 ? NaN : 0;
        return out;
      },
      laws: LawSet.uniform(lawFromSpec("sign"), 1),
    });
    const sol = solve(eventDriven, { inclusion: inc, x0: Float64Array.of(1), t0: 0, tEnd: 2 });
    expect(["diverged", "step-size-underflow"]).toContain(sol.status);
    expect(sol.tFinal).toBeLessThan(0.6);
  });
});

describe("generic switching surface (Piiroinen–Kuznetsov setting)", () => {
  // dx/dt = (1, −1) outside x² + y² = 2, (x, y) inside
  const circle = createSwitchedSystem({
    n: 2,
    h: (x) => x[0] * x[0] + x[1] * x[1] - 2,
    gradH: (x, o) => {
      o[0] = 2 * x[0];
      o[1] = 2 * x[1];
    },
    fMinus: (_t, x, o) => {
      o[0] = x[0];
      o[1] = x[1];
    },
    fPlus: (_t, _x, o) => {
      o[0] = 1;
      o[1] = -1;
    },
  });

  it("reaches the circle at ln(√2/√1.01), slides counter-clockwise, leaves at (−1, −1) at the quadrature time, then moves with (1, −1)", () => {
    const sol = simulateSwitched(circle, Float64Array.of(-1, 0.1), 0, 3, { rtol: 1e-12, atol: 1e-12 });
    expect(sol.status).toBe("success");
    expect(sol.events.map((e) => e.kind)).toEqual(["enter-sliding", "leave-sliding"]);
    const tIn = Math.log(Math.sqrt(2) / Math.sqrt(1.01));
    expect(Math.abs(sol.events[0].t - tIn)).toBeLessThan(1e-10);
    // on r = √2 the sliding angle obeys θ' = −(x + y)/(2 − x + y) (x = √2 cos θ, y = √2 sin θ);
    // exit time = tIn + ∫ dθ/θ' from the entry angle to 5π/4 (independent Gauss–Legendre quadrature)
    const th0 = Math.atan2(0.1, -1);
    const rate = (th: number) => {
      const x = Math.SQRT2 * Math.cos(th);
      const y = Math.SQRT2 * Math.sin(th);
      return -(x + y) / (2 - x + y);
    };
    const tOut = tIn + gauss5((th) => 1 / rate(th), th0, (5 * Math.PI) / 4, 400);
    expect(tOut).toBeCloseTo(1.82863, 4);
    expect(Math.abs(sol.events[1].t - tOut)).toBeLessThan(1e-9);
    const at = new Float64Array(2);
    sol.dense!(sol.events[1].t, at);
    expect(Math.abs(at[0] + 1) + Math.abs(at[1] + 1)).toBeLessThan(1e-8);
    const dt = 3 - sol.events[1].t;
    expect(Math.abs(sol.xFinal[0] - (-1 + dt))).toBeLessThan(1e-8);
    expect(Math.abs(sol.xFinal[1] - (-1 - dt))).toBeLessThan(1e-8);
    // on the circle while sliding
    sol.dense!(1.0, at);
    expect(Math.abs(at[0] * at[0] + at[1] * at[1] - 2)).toBeLessThan(1e-10);
  });

  it("bad input: NaN surface at x0 is an InputError; NaN during the run is a status; a repulsive surface is reported", () => {
    const nanH = createSwitchedSystem({ ...circle, h: (x) => (x[0] > -0.5 ? NaN : x[0] * x[0] + x[1] * x[1] - 2) });
    expect(() => simulateSwitched(nanH, Float64Array.of(0, 0), 0, 1)).toThrow(/surface function `h` returned NaN/);
    const t0 = performance.now();
    const nanLater = createSwitchedSystem({
      ...circle,
      h: (x) => (x[0] > 0 ? NaN : x[0] - 0.5),
      fMinus: (_t, _x, o) => {
        o[0] = 1;
        o[1] = 0;
      },
    });
    const sol = simulateSwitched(nanLater, Float64Array.of(-1, 0), 0, 5);
    expect(sol.status).toBe("diverged");
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(() => simulateSwitched(circle, Float64Array.of(-1, 0.1), 0, 1, { rtol: -1 })).toThrow(InputError);
    // f⁻ = (−1, 0) pushes away below, f⁺ = (1, 0) away above: h = x, start on the surface
    const rep = createSwitchedSystem({
      n: 2,
      h: (x) => x[0],
      gradH: (_x, o) => {
        o[0] = 1;
        o[1] = 0;
      },
      fMinus: (_t, _x, o) => {
        o[0] = -1;
        o[1] = 1;
      },
      fPlus: (_t, _x, o) => {
        o[0] = 1;
        o[1] = 1;
      },
    });
    expect(simulateSwitched(rep, Float64Array.of(0, 0), 0, 1).status).toBe("repulsive-sliding");
  });
});

describe("smoothed baseline", () => {
  it("has an O(δ) bias against the exact solution (fitted slope ≈ 1) with both odex and DOPRI5", () => {
    const sys = slidingDrift();
    for (const method of ["odex", "dopri5"] as const) {
      const deltas = [1e-2, 3e-3, 1e-3];
      const errs = deltas.map((delta) => {
        const sol = solve(smoothed, sys.problem, { delta, method, rtol: 1e-10, atol: 1e-12 });
        expect(sol.status).toBe("success");
        return Math.abs(sol.xFinal[0] - sys.exact!(sol.tFinal, new Float64Array(1))[0]);
      });
      const p = logSlope(deltas, errs);
      expect(p).toBeGreaterThan(0.9);
      expect(p).toBeLessThan(1.1);
    }
  });

  it("odex is budget-guarded: a near-discontinuous field (δ = 1e-13) ends with a status within the step budget, never hangs", () => {
    const sys = slidingDrift();
    const t0 = performance.now();
    const sol = solve(smoothed, sys.problem, { method: "odex", delta: 1e-13, maxSteps: 200, maxWallSeconds: 3 });
    expect(["max-steps", "step-size-underflow", "max-wall-time"]).toContain(sol.status);
    expect(sol.stats.fEvals).toBeLessThanOrEqual(40 * 200 + 1000);
    expect(performance.now() - t0).toBeLessThan(5000);
    // with the step cap, odex on a sharp layer (δ = 1e-3) gives the smoothed solution, not the silently wrong 0.1223
    const sd = signDecay({ x0: [1], tEnd: 3 });
    const capped = solve(smoothed, sd.problem, { method: "odex", delta: 1e-3 });
    expect(capped.status).toBe("success");
    expect(Math.abs(capped.xFinal[0])).toBeLessThan(1e-6);
    expect(() => solve(smoothed, sys.problem, { delta: 0 })).toThrow(/delta/);
    expect(() => solve(smoothed, sys.problem, { rtol: 0 })).toThrow(/rtol/);
  });
});
