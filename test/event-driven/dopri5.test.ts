import { describe, expect, it } from "vitest";
import { Dopri5 } from "../../src/dopri5.ts";
import { locateRoot } from "../../src/event-location.ts";
import { InputError } from "../../src/errors.ts";
import { logSlope } from "./helpers.ts";

// y1' = y2, y2' = −y1 (exact: cos, −sin) plus y3' = y3·cos t (exact: exp(sin t))
const F = (t: number, y: Float64Array, out: Float64Array) => {
  out[0] = y[1];
  out[1] = -y[0];
  out[2] = y[2] * Math.cos(t);
};
const exact = (t: number) => [Math.cos(t), -Math.sin(t), Math.exp(Math.sin(t))];

function fixedRun(h: number, T: number): { end: number; dense: number } {
  const dp = new Dopri5(3, { rtol: 1, atol: 1 });
  dp.start(F, 0, Float64Array.of(1, 0, 1));
  const steps = Math.round(T / h);
  const mid = new Float64Array(3);
  let denseErr = 0;
  for (let s = 0; s < steps; s++) {
    dp.attempt(F, h);
    dp.prepareDense();
    const tm = dp.t + 0.37 * h;
    dp.dense(tm, mid);
    const ex = exact(tm);
    for (let i = 0; i < 3; i++) denseErr = Math.max(denseErr, Math.abs(mid[i] - ex[i]));
    dp.accept();
  }
  const ex = exact(dp.t);
  return { end: Math.max(...ex.map((v, i) => Math.abs(v - dp.y[i]))), dense: denseErr };
}

describe("Dormand–Prince 5(4)", () => {
  it("has order 5 at the step ends and order ≥ 4 on the dense output (fixed steps, fitted slopes)", () => {
    const hs = [0.2, 0.1, 0.05, 0.025];
    const runs = hs.map((h) => fixedRun(h, 2));
    const pEnd = logSlope(hs, runs.map((r) => r.end));
    const pDense = logSlope(hs, runs.map((r) => r.dense));
    expect(pEnd).toBeGreaterThan(4.6);
    expect(pEnd).toBeLessThan(5.6);
    expect(pDense).toBeGreaterThan(3.8);
  });

  it("meets its tolerance adaptively, and the error shrinks in proportion to it", () => {
    const tols = [1e-5, 1e-7, 1e-9, 1e-11];
    const errs = tols.map((tol) => {
      const dp = new Dopri5(3, { rtol: tol, atol: tol });
      dp.start(F, 0, Float64Array.of(1, 0, 1));
      let h = dp.initialStep(F, 5);
      const T = 5;
      while (dp.t < T) {
        h = Math.min(h, T - dp.t);
        const err = dp.attempt(F, h);
        if (err <= 1) {
          const hn = dp.proposeAfterAccept(err);
          dp.accept();
          h = hn;
        } else h = dp.proposeAfterReject(err);
      }
      const ex = exact(T);
      return Math.max(...ex.map((v, i) => Math.abs(v - dp.y[i])));
    });
    for (let i = 0; i < tols.length; i++) expect(errs[i]).toBeLessThan(20 * tols[i]);
    const slope = logSlope(tols, errs);
    expect(slope).toBeGreaterThan(0.75);
    expect(slope).toBeLessThan(1.25);
  });

  it("refuses non-positive tolerances before any work", () => {
    expect(() => new Dopri5(2, { rtol: 0, atol: 1e-8 })).toThrow(InputError);
    expect(() => new Dopri5(2, { rtol: 1e-8, atol: -1 })).toThrow(/atol/);
    expect(() => new Dopri5(2, { rtol: NaN, atol: 1e-8 })).toThrow(/rtol/);
  });
});

describe("event location (Illinois)", () => {
  it("locates a root to ~4 eps and returns the right end of the bracket", () => {
    const g = (t: number) => Math.cos(t) - t; // root 0.7390851332151607 (Dottie number)
    const br = locateRoot(g, 0, 1, g(0), g(1));
    // either the bracket is ~4 eps wide or its right end is an exact zero
    expect(br.right - br.left <= 4 * Number.EPSILON || g(br.right) === 0).toBe(true);
    expect(g(br.right)).toBeLessThanOrEqual(0);
    expect(Math.abs(br.right - 0.7390851332151607)).toBeLessThan(5e-16);
    expect(br.evals).toBeLessThan(40);
  });
  it("converges on a flat (high-multiplicity-like) function through bisection safeguards", () => {
    const g = (t: number) => -Math.sign(t - 0.3) * Math.abs(t - 0.3) ** 5;
    const br = locateRoot(g, 0, 1, g(0), g(1));
    expect(Math.abs(br.right - 0.3)).toBeLessThan(1e-15);
  });
});
