import { describe, expect, it } from "vitest";
import { solve } from "../../src/solver.ts";
import type { Solution } from "../../src/solution.ts";
import { eventDriven } from "../../solvers/event-driven.ts";
import { implicitEuler } from "../../solvers/implicit-euler.ts";
import { codim2Spiral, coulomb, forcedSliding, relayFeedback, signDecay, slidingDrift } from "../../problems/canonical/index.ts";
import { logSlope } from "./helpers.ts";

const tight = { rtol: 1e-12, atol: 1e-12 };

describe("event-driven on canonical systems with exact answers", () => {
  it("sign decay: arrival times exact and exact sliding at 0 afterwards", () => {
    const sys = signDecay({ a: 1.3, x0: [1.5, -0.7, 0.3], tEnd: 2 });
    const sol = solve(eventDriven, sys.problem, tight);
    expect(sol.status).toBe("success");
    const arrival = sys.reference.arrival as number[];
    for (let i = 0; i < 3; i++) {
      const ev = sol.events.filter((e) => e.unit === i);
      expect(ev).toHaveLength(1);
      expect(ev[0].kind).toBe("enter-sliding");
      expect(Math.abs(ev[0].t - arrival[i])).toBeLessThanOrEqual(8 * Number.EPSILON * Math.max(1, arrival[i]));
      expect(sol.xFinal[i]).toBe(0);
    }
    // Filippov selection on the surface: s = 0
    const nt = sol.t.length;
    for (let i = 0; i < 3; i++) expect(Math.abs(sol.s[(nt - 1) * 3 + i])).toBeLessThan(1e-14);
  });

  it("sliding drift: the Filippov selection is the equivalent control s = a", () => {
    const sys = slidingDrift({ a: 0.3, x0: 1.4 });
    const sol = solve(eventDriven, sys.problem, tight);
    expect(sol.events[0].t).toBeCloseTo(1.4 / 0.7, 14);
    expect(sol.s[sol.s.length - 1]).toBeCloseTo(0.3, 14);
    expect(sol.xFinal[0]).toBe(0);
  });

  it("forced sliding: arrival time and x2(3) to 1e-10", () => {
    const sys = forcedSliding();
    const sol = solve(eventDriven, sys.problem, tight);
    expect(sol.status).toBe("success");
    const enter = sol.events.find((e) => e.kind === "enter-sliding")!;
    expect(Math.abs(enter.t - (sys.reference.arrival as number))).toBeLessThan(1e-10);
    expect(Math.abs(sol.xFinal[1] - (sys.reference.x2End as number))).toBeLessThan(1e-10);
    expect(sol.xFinal[0]).toBe(0);
    expect(sol.events).toHaveLength(1); // slides to the end: s = 0.5 sin t stays inside [−1, 1]
    // dense output against the closed form before and after the arrival
    const out = new Float64Array(2);
    const ex = new Float64Array(2);
    for (const t of [0.3, 1.0, 1.42, 2.2, 2.9]) {
      sol.dense!(t, out);
      sys.exact!(t, ex);
      expect(Math.abs(out[0] - ex[0]) + Math.abs(out[1] - ex[1])).toBeLessThan(1e-9);
    }
  });

  it("Coulomb oscillator: turning points at nπ, sticks at t = 3π at x = −0.1 (both to 1e-10)", () => {
    const sys = coulomb();
    const sol = solve(eventDriven, sys.problem, tight);
    expect(sol.status).toBe("success");
    const stick = sol.events.find((e) => e.kind === "enter-sliding")!;
    expect(Math.abs(stick.t - 3 * Math.PI)).toBeLessThan(1e-10);
    expect(Math.abs(sol.xFinal[0] + 0.1)).toBeLessThan(1e-10);
    expect(sol.xFinal[1]).toBe(0);
    const crosses = sol.events.filter((e) => e.kind === "cross").map((e) => e.t);
    expect(crosses).toHaveLength(2);
    crosses.forEach((t, i) => expect(Math.abs(t - (i + 1) * Math.PI)).toBeLessThan(1e-10));
    const out = new Float64Array(2);
    const ex = new Float64Array(2);
    for (let t = 0.1; t < sys.problem.tEnd; t += 0.7) {
      sol.dense!(t, out);
      sys.exact!(t, ex);
      expect(Math.abs(out[0] - ex[0]) + Math.abs(out[1] - ex[1])).toBeLessThan(1e-9);
    }
  });

  it("order: the error in x2(3) of forced sliding falls in proportion to the tolerance (fitted slope ≈ 1)", () => {
    const sys = forcedSliding();
    const tols = [1e-4, 1e-6, 1e-8, 1e-10];
    const errs: number[] = [];
    const fevs: number[] = [];
    for (const tol of tols) {
      const sol = solve(eventDriven, sys.problem, { rtol: tol, atol: tol });
      errs.push(Math.abs(sol.xFinal[1] - (sys.reference.x2End as number)) + 1e-16);
      fevs.push(sol.stats.fEvals);
    }
    const slope = logSlope(tols, errs);
    expect(slope).toBeGreaterThan(0.7);
    expect(slope).toBeLessThan(1.4);
    // high order in the work: error ∝ fEvals^(−p) with p ≥ 4 (DOPRI5 keeps its order across the switch)
    const pWork = -logSlope(fevs, errs);
    expect(pWork).toBeGreaterThan(4);
  });

  it("codim-2 spiral: infinitely many crossings accumulate at t = 2; the solver enters codim-2 sliding there", () => {
    const sys = codim2Spiral({ tEnd: 3 });
    const sol = solve(eventDriven, sys.problem, { rtol: 1e-10, atol: 1e-10 });
    expect(sol.status).toBe("success");
    const entries = sol.events.filter((e) => e.kind === "enter-sliding");
    expect(entries.map((e) => e.unit).sort()).toEqual([0, 1]);
    expect(Math.abs(entries[0].t - (sys.reference.arrival as number))).toBeLessThan(1e-8);
    expect(sol.xFinal[0]).toBe(0);
    expect(sol.xFinal[1]).toBe(0);
    expect(sol.events.filter((e) => e.kind === "cross").length).toBeGreaterThan(500);
    // ‖x(t)‖₁ = 20 − 10 t exactly before the arrival (dense output)
    const out = new Float64Array(2);
    for (const t of [0.5, 1.0, 1.5, 1.9]) {
      sol.dense!(t, out);
      expect(Math.abs(Math.abs(out[0]) + Math.abs(out[1]) - (20 - 10 * t))).toBeLessThan(1e-8);
    }
  });

  it("codim-2 spiral with zenoSliding off: ends with status zeno and a message, quickly", () => {
    const sys = codim2Spiral({ tEnd: 3 });
    const t0 = performance.now();
    const sol = solve(eventDriven, sys.problem, { rtol: 1e-10, atol: 1e-10, zenoSliding: false });
    expect(sol.status).toBe("zeno");
    expect(sol.message).toMatch(/accumulation/);
    expect(sol.tFinal).toBeLessThan(2);
    expect(sol.tFinal).toBeGreaterThan(2 - 1e-6);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("never hands a discontinuous field to DOPRI5: every stage of a step uses the same mode", () => {
    const sys = relayFeedback({ tEnd: 3 });
    const integ = eventDriven.init(sys.problem, tight);
    const sysAny = integ as unknown as { sys: { field: (t: number, x: Float64Array, o: Float64Array) => void; pieces: Int32Array } };
    const inner = sysAny.sys.field;
    const pieceLog: number[] = [];
    (sysAny.sys as { field: unknown }).field = (t: number, x: Float64Array, o: Float64Array) => {
      pieceLog.push(sysAny.sys.pieces[0]);
      inner(t, x, o);
    };
    // restart the stepper with the wrapped field is not needed: the engine reads sys.field on every step
    let steps = 0;
    for (;;) {
      pieceLog.length = 0;
      const out = integ.step();
      steps++;
      // within one step() call the mode may change only at its end (the event), after all stages
      const firstChange = pieceLog.findIndex((p) => p !== pieceLog[0]);
      if (firstChange >= 0) {
        // the only evaluations after a change are the restart's k1 of the new mode
        expect(pieceLog.slice(firstChange).every((p) => p === pieceLog[pieceLog.length - 1])).toBe(true);
        expect(pieceLog.length - firstChange).toBeLessThanOrEqual(2);
      }
      if (out.done) break;
    }
    expect(steps).toBeGreaterThan(100);
  });
});

/** Period and sliding fraction of the relay-feedback orbit from the event log (after the transient). */
function orbit(sol: Solution): { period: number; slidingFraction: number } {
  const leave = sol.events.filter((e) => e.kind === "leave-sliding").map((e) => e.t);
  const enter = sol.events.filter((e) => e.kind === "enter-sliding").map((e) => e.t);
  // each cycle contains one long sliding segment (> 0.5 time units): its entries mark the period
  const marks: number[] = [];
  for (const te of enter) {
    const tl = leave.find((t) => t > te);
    if (tl !== undefined && tl - te > 0.5) marks.push(te);
  }
  const a = marks[marks.length - 2];
  const b = marks[marks.length - 1];
  let sliding = 0;
  for (const te of enter) {
    if (te < a || te >= b) continue;
    const tl = leave.find((t) => t > te)!;
    sliding += Math.min(tl, b) - te;
  }
  return { period: b - a, slidingFraction: sliding / (b - a) };
}

describe("relay feedback system (Piiroinen & Kuznetsov 2008, eq. 32)", () => {
  it("periodic orbit: implicit Euler's period and sliding fraction converge with h towards the event-driven values", () => {
    const sys = relayFeedback({ tEnd: 16 });
    const ed = orbit(solve(eventDriven, sys.problem, { rtol: 1e-11, atol: 1e-12 }));
    expect(ed.period).toBeGreaterThan(1);
    const ref2 = orbit(solve(eventDriven, sys.problem, { rtol: 1e-9, atol: 1e-10 }));
    expect(Math.abs(ref2.period - ed.period)).toBeLessThan(1e-6); // consistent across tolerances
    const hs = [4e-4, 2e-4, 1e-4];
    const errP: number[] = [];
    const errF: number[] = [];
    for (const h of hs) {
      const ie = orbit(solve(implicitEuler, sys.problem, { h }));
      errP.push(Math.abs(ie.period - ed.period));
      errF.push(Math.abs(ie.slidingFraction - ed.slidingFraction));
    }
    expect(errP[2]).toBeLessThan(errP[0]);
    expect(errF[2]).toBeLessThan(errF[0]);
    expect(errP[2]).toBeLessThan(5e-3 * ed.period);
    expect(errF[2]).toBeLessThan(1e-2);
  });
});
