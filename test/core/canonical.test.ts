import { describe, expect, it } from "vitest";
import { codim2Spiral, coulomb, forcedSliding, hopfield, relayFeedback, siconosRelay, signDecay, slidingDrift } from "../../problems/canonical/index.ts";
import { solve } from "../../src/solver.ts";
import { logLogSlope } from "../../src/fit.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { explicitEuler } from "../../solvers/explicit-euler.ts";
import type { Solution } from "../../src/solution.ts";

/** First saved time from which component i stays exactly 0 to the end (NaN if never). */
function exactZeroFrom(sol: Solution, i: number): number {
  let from = NaN;
  for (let r = sol.t.length - 1; r >= 0; r--) {
    if (sol.x[r * sol.n + i] !== 0) break;
    from = sol.t[r];
  }
  return from;
}

describe("implicit Euler on systems with known answers", () => {
  it("dx/dt ∈ −sgn(x) reaches 0 at t = |x0| and stays exactly 0", () => {
    const sys = signDecay({ x0: [0.95, -0.3], tEnd: 3 });
    const h = 0.1;
    const sol = solve(implicitEuler, sys.problem, { h });
    expect(sol.status).toBe("success");
    for (let i = 0; i < 2; i++) {
      const arrival = (sys.reference.arrival as number[])[i];
      const t0 = exactZeroFrom(sol, i);
      // arrival is resolved to within one step, and after it the state is 0.0 exactly
      expect(t0).toBeGreaterThanOrEqual(arrival - 1e-12);
      expect(t0).toBeLessThanOrEqual(arrival + h + 1e-12);
    }
    // before arrival the exact solution is linear, which backward Euler reproduces exactly
    const ex = new Float64Array(2);
    for (let r = 0; r < sol.t.length; r++) {
      sys.exact!(sol.t[r], ex);
      if (sol.t[r] < 0.25) expect(sol.x[r * 2 + 1]).toBeCloseTo(ex[1], 12);
    }
  });

  it("dx/dt ∈ −sgn(x) + a slides at 0 forever with the Filippov selection s = a", () => {
    const sys = slidingDrift({ a: 0.5, x0: 1, tEnd: 6 });
    const sol = solve(implicitEuler, sys.problem, { h: 0.01 });
    const arrival = sys.reference.arrival as number;
    expect(exactZeroFrom(sol, 0)).toBeLessThanOrEqual(arrival + 0.01 + 1e-12);
    expect(exactZeroFrom(sol, 0)).toBeGreaterThanOrEqual(arrival - 1e-12);
    // the implicit selection equals the equivalent control exactly during sliding
    for (let r = 0; r < sol.t.length; r++) if (sol.t[r] > arrival + 0.02) expect(sol.s[r]).toBeCloseTo(0.5, 12);
    expect(sol.stats.slidingTime).toBeGreaterThan(6 - arrival - 0.02);
  });

  it("Siconos relay example: both states exactly 0 from t = 0.5 (h = 1e-3, θ = ½)", () => {
    const sys = siconosRelay();
    const sol = solve(implicitEuler, sys.problem, { h: 1e-3, theta: 0.5 });
    for (let i = 0; i < 2; i++) {
      const t0 = exactZeroFrom(sol, i);
      expect(Math.abs(t0 - 0.5)).toBeLessThanOrEqual(1e-3 + 1e-12);
    }
  });

  it("Coulomb oscillator: turning points (−1)ⁿ(1 − 0.3n) and sticking for good at t = 3π, x = −0.1, v = 0 exactly", () => {
    const sys = coulomb();
    const ref = sys.reference;
    const errs: number[] = [];
    const hs = [2e-3, 1e-3, 5e-4, 2.5e-4];
    for (const h of hs) {
      const sol = solve(implicitEuler, sys.problem, { h });
      expect(sol.status).toBe("success");
      const tStick = exactZeroFrom(sol, 1);
      expect(Math.abs(tStick - (ref.stickTime as number))).toBeLessThan(20 * h);
      expect(sol.xFinal[1]).toBe(0);
      errs.push(Math.abs(sol.xFinal[0] - (ref.stickPosition as number)));
    }
    // first order in h (backward Euler damps the oscillation by O(h) per unit time)
    expect(logLogSlope(hs, errs)).toBeGreaterThan(0.85);
    expect(logLogSlope(hs, errs)).toBeLessThan(1.3);
    // θ = ½ conserves the oscillator's energy: far more accurate at the same h
    const trap = solve(implicitEuler, sys.problem, { h: 1e-3, theta: 0.5 });
    expect(Math.abs(trap.xFinal[0] - (ref.stickPosition as number))).toBeLessThan(1e-5);
    // turning points: v changes sign near t = nπ with x ≈ (−1)ⁿ(1 − 0.3n)
    const turning = ref.turningPoints as number[];
    for (let n = 1; n < turning.length; n++) {
      const r = trap.t.findIndex((t) => t >= n * Math.PI);
      expect(trap.x[r * 2]).toBeCloseTo(turning[n], 3);
    }
  });

  it("first-order convergence in time on the forced sliding system (slope of log error vs log h)", () => {
    const sys = forcedSliding();
    const hs = [3e-2, 1e-2, 3e-3, 1e-3];
    const errs = hs.map((h) => {
      const sol = solve(implicitEuler, sys.problem, { h });
      expect(sol.xFinal[0]).toBe(0);
      return Math.abs(sol.xFinal[1] - (sys.reference.x2End as number));
    });
    const p = logLogSlope(hs, errs);
    expect(p).toBeGreaterThan(0.9);
    expect(p).toBeLessThan(1.2);
  });

  it("codim-2 spiral reaches the origin exactly, at a time that tends to ‖x0‖₁/(1000α) = 2 as h → 0", () => {
    const sys = codim2Spiral({ tEnd: 2.3 });
    const arrivals = [1e-4, 1e-5].map((h) => {
      const sol = solve(implicitEuler, sys.problem, { h, saveEvery: 10 });
      expect(sol.status).toBe("success");
      expect(sol.xFinal[0]).toBe(0);
      expect(sol.xFinal[1]).toBe(0);
      return Math.max(exactZeroFrom(sol, 0), exactZeroFrom(sol, 1));
    });
    const T = sys.reference.arrival as number;
    expect(T).toBe(2);
    expect(Math.abs(arrivals[1] - T)).toBeLessThan(Math.abs(arrivals[0] - T));
    expect(Math.abs(arrivals[1] - T)).toBeLessThan(0.15);
  });

  it("Hopfield-type network converges to the equilibrium computed independently by coordinate descent", () => {
    const sys = hopfield({ tEnd: 40 });
    const eq = sys.reference.equilibrium as number[];
    expect(eq.filter((v) => v === 0).length).toBe(2); // two neurons end on their surface
    const sol = solve(implicitEuler, sys.problem, { h: 0.01, saveEvery: 100 });
    for (let i = 0; i < eq.length; i++) {
      if (eq[i] === 0) expect(sol.xFinal[i]).toBe(0);
      else expect(sol.xFinal[i]).toBeCloseTo(eq[i], 9);
    }
  });

  it("relay feedback system settles on a periodic orbit with sliding segments; period converges as h → 0", () => {
    const periods = [2e-4, 1e-4].map((h) => {
      const sys = relayFeedback({ tEnd: 30 });
      const sol = solve(implicitEuler, sys.problem, { h, theta: 0.5, saveEvery: 100 });
      // each period holds a burst of short sliding episodes, then one long excursion: mark the burst starts
      const exits = sol.events.filter((e) => e.kind === "leave-sliding" && e.to === 2).map((e) => e.t);
      const starts = exits.filter((t, j) => j > 0 && t - exits[j - 1] > 1);
      expect(starts.length).toBeGreaterThanOrEqual(3);
      const gaps = starts.slice(1).map((t, j) => t - starts[j]);
      for (const g of gaps) expect(Math.abs(g - gaps[0])).toBeLessThan(5 * h); // periodic
      expect(sol.stats.slidingTime).toBeGreaterThan(0.2 * 30); // a large share of the time is spent sliding
      return gaps[gaps.length - 1];
    });
    expect(Math.abs(periods[0] - periods[1])).toBeLessThan(1e-3);
  });
});

describe("explicit Euler chatters where implicit Euler slides", () => {
  it("flips sign during sliding and never reaches 0", () => {
    const sys = slidingDrift({ a: 0.5, x0: 1, tEnd: 6 });
    const ex = solve(explicitEuler, sys.problem, { h: 0.01 });
    const arrival = sys.reference.arrival as number;
    let flips = 0, steps = 0, maxAbs = 0;
    for (let r = 1; r < ex.t.length; r++) {
      if (ex.t[r] <= arrival + 0.05) continue;
      steps++;
      if (Math.sign(ex.x[r]) !== Math.sign(ex.x[r - 1])) flips++;
      maxAbs = Math.max(maxAbs, Math.abs(ex.x[r]));
    }
    expect(flips).toBeGreaterThan(steps / 4);
    expect(maxAbs).toBeGreaterThan(1e-3); // O(h) band
    expect(maxAbs).toBeLessThanOrEqual(2 * 0.01 * 1.5);
    const im = solve(implicitEuler, sys.problem, { h: 0.01 });
    let imFlips = 0;
    for (let r = 1; r < im.t.length; r++) if (im.t[r] > arrival + 0.05 && im.x[r] !== 0) imFlips++;
    expect(imFlips).toBe(0);
  });
});
