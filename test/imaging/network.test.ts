import { describe, expect, it } from "vitest";
import { sheppLogan, shapes } from "../../src/image/phantom.ts";
import { addNoise } from "../../src/image/noise.ts";
import { Random } from "../../src/random.ts";
import { blurOperator, parseBlur } from "../../src/image/blur.ts";
import { solve } from "../../src/solver.ts";
import { DenseOperator, IdentityOperator } from "../../src/model/operator.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { InputError } from "../../src/errors.ts";
import { buildRestorationNetwork, explicitEulerTrace, type Fidelity } from "../../problems/imaging/network.ts";
import { referenceMinimizer } from "../../problems/imaging/reference.ts";
import { primalDual, type PrimalDualSolution } from "../../solvers/primal-dual.ts";

function observation(n: number, blur: string, noise: string, seed: number, img = sheppLogan): Float64Array {
  const b = parseBlur(blur);
  const g = blurOperator(b, n, n).apply(img(n), new Float64Array(n * n));
  const [type, v] = noise.split(":");
  return addNoise(g, type === "gaussian" ? { type, std: +v } : { type: "salt-pepper", density: +v }, new Random(seed));
}

describe("restoration network: cross-check against an independent Chambolle–Pock minimiser", () => {
  const cases: Array<[Fidelity, string, string, number, number, boolean]> = [
    ["l1", "none", "salt-pepper:0.2", 0.8, 32, false],
    ["l1", "none", "salt-pepper:0.3", 0.5, 32, true],
    ["l2", "none", "gaussian:0.05", 0.05, 32, false],
    ["l2", "gaussian:1.6:7", "gaussian:0.01", 0.005, 16, true],
    ["l1", "box:3", "salt-pepper:0.1", 0.2, 16, true],
  ];
  for (const [fid, blur, noise, lambda, n, box] of cases) {
    it(`E${fid === "l1" ? 1 : 2}, blur ${blur}, ${noise}, λ = ${lambda}, ${n}², box ${box}: final energy within 1e-4 of the reference`, () => {
      const g = observation(n, blur, noise, 3);
      const b = parseBlur(blur);
      const ref = referenceMinimizer({ width: n, height: n, observed: g, blur: b, lambda, fidelity: fid, box: box ? [0, 1] : undefined, gapTol: 1e-7, maxIterations: 60000 });
      expect(ref.relativeGap).toBeLessThan(2e-5); // the reference is certified by its duality gap
      const net = buildRestorationNetwork({ width: n, height: n, observed: g, blur: b, lambda, fidelity: fid });
      const sol = solve(primalDual, { inclusion: net.inclusion, x0: g, t0: 0, tEnd: 1e12 }, { tol: 1e-8, box: box ? [0, 1] : undefined, maxSteps: 20000, saveEvery: 1e9 }) as PrimalDualSolution;
      expect(sol.status).toBe("success");
      const E = net.energy(sol.xFinal);
      expect(Math.abs(E - ref.energy) / ref.energy).toBeLessThan(1e-4);
      // the energy can only be above the certified lower bound
      expect(E).toBeGreaterThanOrEqual(ref.lowerBound - 1e-9 * Math.abs(ref.lowerBound));
      // the recorded energy Φ + offset is E, and it decreases along the flow
      expect(sol.energy[sol.energy.length - 1] + net.offset).toBeCloseTo(E, 8);
      expect(sol.energy[sol.energy.length - 1]).toBeLessThan(sol.energy[0]);
    });
  }

  it("the network's right-hand side is −∇E where E is differentiable (central differences)", () => {
    const n = 8;
    const g = observation(n, "box:3", "gaussian:0.1", 1);
    for (const fid of ["l1", "l2"] as const) {
      const net = buildRestorationNetwork({ width: n, height: n, observed: g, blur: parseBlur("box:3"), lambda: 0.3, fidelity: fid });
      const inc = net.inclusion;
      const r = new Random(9);
      const x = Float64Array.from({ length: n * n }, () => r.uniform()); // generic: no residual is 0
      const y = inc.C.apply(x, new Float64Array(inc.k));
      const s = y.map((v, i) => Math.sign(v - inc.d[i]));
      const rhs = inc.G.apply(s, new Float64Array(n * n));
      if (inc.B) {
        const bx = inc.B.apply(x, new Float64Array(n * n));
        for (let j = 0; j < n * n; j++) rhs[j] += -bx[j] + (inc.u as Float64Array)[j];
      }
      const eps = 1e-7;
      for (const j of [0, 9, 27, 63]) {
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[j] += eps;
        xm[j] -= eps;
        const grad = (net.energy(xp) - net.energy(xm)) / (2 * eps);
        expect(rhs[j]).toBeCloseTo(-grad, 5);
      }
    }
  });

  it("explicit Euler on the same network chatters and stalls above the minimum", () => {
    const n = 24;
    const g = observation(n, "none", "salt-pepper:0.2", 5, shapes);
    const net = buildRestorationNetwork({ width: n, height: n, observed: g, blur: parseBlur("none"), lambda: 0.8, fidelity: "l1" });
    const ref = referenceMinimizer({ width: n, height: n, observed: g, blur: parseBlur("none"), lambda: 0.8, fidelity: "l1", gapTol: 1e-8 });
    const h = 0.01;
    const ee = explicitEulerTrace(net, g, h, 400);
    expect(ee.chatter).toBeGreaterThan(h * 0.5); // steps do not shrink: O(h) oscillation
    expect(ee.best).toBeGreaterThan(ref.energy * (1 + 1e-3));
  });
});

describe("restoration network: fused dual step of C = [H; D]", () => {
  for (const [blur, w, h] of [["none", 13, 9], ["box:3", 11, 8], ["none", 1, 7], ["none", 7, 1], ["none", 2, 2]] as const) {
    it(`applyClippedAscent equals apply, clip, applyTranspose exactly (blur ${blur}, ${w}×${h})`, () => {
      const n = w * h;
      const r = new Random(7);
      const g = Float64Array.from({ length: n }, () => r.uniform());
      const net = buildRestorationNetwork({ width: w, height: h, observed: g, blur: parseBlur(blur), lambda: 0.3, fidelity: "l1" });
      const C = net.inclusion.C;
      const k = C.rows;
      const x = Float64Array.from({ length: n }, () => r.uniform());
      const p0 = Float64Array.from({ length: k }, () => 0.6 * (r.uniform() - 0.5));
      const c = net.inclusion.d;
      const radius = net.unitWeights;
      const sigma = 0.7;
      // unfused
      const y = C.apply(x, new Float64Array(k));
      const p1 = Float64Array.from(p0);
      for (let i = 0; i < k; i++) {
        const z = p1[i] + sigma * (y[i] - c[i]);
        p1[i] = z < -radius[i] ? -radius[i] : z > radius[i] ? radius[i] : z;
      }
      const a1 = C.applyTranspose(p1, new Float64Array(n));
      // fused
      expect(C.applyClippedAscent).toBeDefined();
      const p2 = Float64Array.from(p0);
      const a2 = new Float64Array(n);
      C.applyClippedAscent!(x, p2, sigma, c, radius, a2);
      expect(Array.from(p2)).toEqual(Array.from(p1));
      expect(Array.from(a2)).toEqual(Array.from(a1));
      // Σ w|Cx − d| in row order, continuing a running sum
      let e = 0.125;
      for (let i = 0; i < k; i++) if (radius[i] !== 0) e += radius[i] * Math.abs(y[i] - c[i]);
      expect(C.weightedAbsResidual!(x, c, radius, 0.125)).toBe(e);
    });
  }
});

describe("primal-dual solver on generic gradient inclusions", () => {
  it("soft thresholding: dx/dt ∈ −x + u − w·sgn(x) converges to shrink(u, w)", () => {
    const u = Float64Array.of(3, -0.5, 1.5, -2);
    const inc = createInclusion({ B: new IdentityOperator(4), u, G: new IdentityOperator(4, -1), laws: LawSet.uniform(lawFromSpec("sign"), 4) });
    const sol = solve(primalDual, { inclusion: inc, x0: new Float64Array(4), t0: 0, tEnd: 1e6 }, { tol: 1e-12, maxSteps: 5000 });
    const expected = [2, 0, 0.5, -1];
    for (let i = 0; i < 4; i++) expect(sol.xFinal[i]).toBeCloseTo(expected[i], 7);
  });
  it("a relay law [0, 2] with an offset: min |x1 − 1| + relay potential, known optimum", () => {
    // Φ(x) = |x − 1| + ψ(x − 3), ψ(y) = 2·max(0, y) (relay [0, 2]): minimiser x = 1
    const C = DenseOperator.fromRows([[1], [1]]);
    const G = DenseOperator.fromRows([[-1, -1]]);
    const laws = new LawSet([lawFromSpec("sign"), lawFromSpec({ type: "relay", lower: 0, upper: 2 })]);
    const inc = createInclusion({ G, C, d: Float64Array.of(1, 3), laws });
    const sol = solve(primalDual, { inclusion: inc, x0: Float64Array.of(7), t0: 0, tEnd: 1e6 }, { tol: 1e-12, maxSteps: 5000 });
    expect(sol.xFinal[0]).toBeCloseTo(1, 7);
  });
  it("refuses inclusions without gradient structure, naming the alternative", () => {
    const inc = createInclusion({ G: DenseOperator.fromRows([[0, 1], [-1, 0]]), laws: LawSet.uniform(lawFromSpec("sign"), 2) });
    expect(() => primalDual.init({ inclusion: inc, x0: new Float64Array(2), t0: 0, tEnd: 1 })).toThrow(InputError);
    expect(() => primalDual.init({ inclusion: inc, x0: new Float64Array(2), t0: 0, tEnd: 1 })).toThrow(/implicit-euler/);
  });
});
