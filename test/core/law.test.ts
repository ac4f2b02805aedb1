import { describe, expect, it } from "vitest";
import { LawSet, lawFromSpec, lawSetFromSpec } from "../../src/model/law.ts";
import { InputError } from "../../src/errors.ts";

const laws = new LawSet([
  lawFromSpec("sign"),
  lawFromSpec("step"),
  lawFromSpec({ type: "hard-limiter", lower: -5, upper: 5 }),
  lawFromSpec({ type: "staircase", thresholds: [-1, 0, 2], heights: [0.5, 1, 2] }),
  lawFromSpec({ type: "relay", lower: -2, upper: 3 }),
]);

describe("activation laws", () => {
  it("gives the textbook set-valued maps", () => {
    // sign
    expect([laws.lower(0, -1), laws.upper(0, -1)]).toEqual([-1, -1]);
    expect([laws.lower(0, 0), laws.upper(0, 0)]).toEqual([-1, 1]);
    expect([laws.lower(0, 3), laws.upper(0, 3)]).toEqual([1, 1]);
    // step
    expect([laws.lower(1, 0), laws.upper(1, 0)]).toEqual([0, 1]);
    expect(laws.select(1, 0)).toBe(0.5);
    // hard limiter with dead zone [-5, 5]
    expect([laws.lower(2, -6), laws.upper(2, -6)]).toEqual([-1, -1]);
    expect([laws.lower(2, -5), laws.upper(2, -5)]).toEqual([-1, 0]);
    expect([laws.lower(2, 0), laws.upper(2, 0)]).toEqual([0, 0]);
    expect([laws.lower(2, 5), laws.upper(2, 5)]).toEqual([0, 1]);
    // staircase: 0 below -1, 0.5 on (-1,0), 1.5 on (0,2), 3.5 above 2
    expect(laws.select(3, -3)).toBe(0);
    expect(laws.select(3, 1)).toBe(1.5);
    expect([laws.lower(3, 2), laws.upper(3, 2)]).toEqual([1.5, 3.5]);
    // relay [-2, 3]
    expect([laws.lower(4, 0), laws.upper(4, 0)]).toEqual([-2, 3]);
  });

  it("solves the scalar relay s ∈ Law(r − m s) consistently with the set-valued map", () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 20 - 10;
    for (let trial = 0; trial < 2000; trial++) {
      const i = trial % laws.k;
      const r = rand();
      const m = Math.abs(rand()) + 0.01;
      const s = laws.solveScalar(i, r, m);
      const w = r - m * s;
      // w = r − m s carries rounding: accept the law's values within 1e-12 of w
      const tol = 1e-12 * (1 + Math.abs(r));
      expect(s).toBeGreaterThanOrEqual(Math.min(laws.lower(i, w - tol), laws.lower(i, w + tol)) - 1e-12);
      expect(s).toBeLessThanOrEqual(Math.max(laws.upper(i, w - tol), laws.upper(i, w + tol)) + 1e-12);
    }
  });

  it("has a convex potential whose slopes are the law", () => {
    const h = 1e-6;
    for (const y of [-7, -3, -0.5, 0.7, 3, 9]) {
      for (let i = 0; i < laws.k; i++) {
        const slope = (laws.potential(i, y + h) - laws.potential(i, y - h)) / (2 * h);
        expect(slope).toBeCloseTo(laws.select(i, y), 6);
      }
    }
  });

  it("rejects bad specifications with the field and value", () => {
    expect(() => lawFromSpec({ type: "hard-limiter", lower: 1, upper: 1 }, "activation[2]")).toThrow(/activation\[2\].*lower < upper/);
    expect(() => lawFromSpec("tanh" as never)).toThrow(InputError);
    expect(() => lawFromSpec({ type: "staircase", thresholds: [0, 1], heights: [1, -1] })).toThrow(/heights\[1\].*positive/);
    expect(() => lawFromSpec({ type: "staircase", thresholds: [1, 0], heights: [1, 1] })).toThrow(/strictly increasing/);
    expect(() => lawSetFromSpec(["sign", "step"], 3)).toThrow(/one entry per activation unit \(3\), got 2/);
  });
});
