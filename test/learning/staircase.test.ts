import { describe, expect, it } from "vitest";
import { makeDataset } from "../../problems/learning/datasets.ts";
import { quantizedTanh, staircaseLevels, staircaseValue } from "../../problems/learning/staircase.ts";
import { createNetwork, evaluateNetwork, networkGradient, trainNetwork } from "../../problems/learning/staircase-network.ts";

describe("staircase activation (Findlay 1989)", () => {
  it.each([2, 3, 4, 7, 16, 33])("K = %i: Q(a) is the level nearest to tanh(a), and |Q − tanh| ≤ 1/(K − 1)", (K) => {
    const act = quantizedTanh(K);
    const levels = Array.from({ length: K }, (_, j) => -1 + (2 * j) / (K - 1));
    for (let a = -4; a <= 4; a += 0.0137) {
      const t = Math.tanh(a);
      let nearest = levels[0];
      for (const v of levels) if (Math.abs(v - t) < Math.abs(nearest - t)) nearest = v;
      expect(staircaseValue(act, a)).toBeCloseTo(nearest, 12);
      expect(Math.abs(staircaseValue(act, a) - t)).toBeLessThanOrEqual(1 / (K - 1) + 1e-12);
    }
  });

  it("pow2 levels are powers of two (and 0), so a product with an activation is a shift", () => {
    expect(staircaseLevels(7, "pow2")).toEqual([-1, -0.5, -0.25, 0, 0.25, 0.5, 1]);
    expect(staircaseLevels(4, "pow2")).toEqual([-1, -0.5, 0.5, 1]);
    for (const v of staircaseLevels(9, "pow2")) if (v !== 0) expect(Number.isInteger(Math.log2(Math.abs(v)))).toBe(true);
  });

  it("at a threshold the law's selection is the midpoint of the jump (the Filippov hull)", () => {
    const act = quantizedTanh(3);
    expect(staircaseValue(act, Math.atanh(0.5))).toBeCloseTo(0.5, 12);
    expect(() => quantizedTanh(1)).toThrow(/`levels` must be an integer ≥ 2, got 1/);
  });
});

describe("back-propagation", () => {
  it("the tanh network's gradient matches central finite differences", () => {
    const ds = makeDataset("moons", { n: 30, seed: 4 });
    const net = createNetwork([2, 5, 4, 1], { kind: "tanh" }, 3);
    const g = networkGradient(net, ds.x, ds.y);
    const h = 1e-6;
    for (let k = 0; k < net.params.length; k++) {
      const p0 = net.params[k];
      net.params[k] = p0 + h;
      const lp = evaluateNetwork(net, ds.x, ds.y).loss;
      net.params[k] = p0 - h;
      const lm = evaluateNetwork(net, ds.x, ds.y).loss;
      net.params[k] = p0;
      expect(g[k]).toBeCloseTo((lp - lm) / (2 * h), 7);
    }
  });

  it("with the envelope surrogate and many levels the staircase gradient approaches the tanh gradient", () => {
    const ds = makeDataset("moons", { n: 40, seed: 5 });
    const smooth = createNetwork([2, 8, 1], { kind: "tanh" }, 9);
    const gs = networkGradient(smooth, ds.x, ds.y);
    const err = [3, 17, 257].map((K) => {
      const st = createNetwork([2, 8, 1], { kind: "staircase", levels: K }, 9);
      const g = networkGradient(st, ds.x, ds.y);
      let e = 0;
      let ref = 0;
      for (let k = 0; k < g.length; k++) {
        e += (g[k] - gs[k]) ** 2;
        ref += gs[k] ** 2;
      }
      return Math.sqrt(e / ref);
    });
    expect(err[1]).toBeLessThan(err[0]);
    expect(err[2]).toBeLessThan(err[1]);
    expect(err[2]).toBeLessThan(0.02);
  });
});

describe("staircase networks on two moons", () => {
  it.each([1, 2, 3])("seed %i: 8 levels reach ≥ 95 percent training and held-out accuracy", (seed) => {
    const ds = makeDataset("moons", { n: 200, seed });
    const test = makeDataset("moons", { n: 1000, seed: seed + 1000 });
    const r = trainNetwork(ds.x, ds.y, 2, { activation: { kind: "staircase", levels: 8 }, epochs: 200, seed });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(evaluateNetwork(r.net, test.x, test.y).accuracy).toBeGreaterThanOrEqual(0.95);
    // the recorded accuracy is that of the returned network (recomputed independently)
    expect(evaluateNetwork(r.net, ds.x, ds.y).accuracy).toBe(r.accuracy);
    expect(r.lossPerEpoch[r.epochs]).toBeLessThan(r.lossPerEpoch[0]);
  });

  it("the power-of-two staircase with the straight-through estimator also learns the moons", () => {
    const ds = makeDataset("moons", { n: 200, seed: 1 });
    const r = trainNetwork(ds.x, ds.y, 2, { activation: { kind: "staircase", levels: 7, scheme: "pow2", surrogate: "straight-through" }, epochs: 200, seed: 1 });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("accuracy and loss approach the tanh network's as K grows (noisy moons, averaged over 5 seeds)", () => {
    const seeds = [1, 2, 3, 4, 5];
    const Ks = [2, 3, 5, 9, 17, 33, 65];
    const opts = { epochs: 100, hidden: [8] };
    const data = seeds.map((seed) => makeDataset("moons", { n: 200, seed, noise: 0.2 }));
    const smooth = seeds.map((seed, k) => trainNetwork(data[k].x, data[k].y, 2, { ...opts, seed }));
    const accGap: number[] = [];
    const lossGap: number[] = [];
    for (const K of Ks) {
      let ga = 0;
      let gl = 0;
      seeds.forEach((seed, k) => {
        const r = trainNetwork(data[k].x, data[k].y, 2, { ...opts, seed, activation: { kind: "staircase", levels: K } });
        ga += Math.abs(r.accuracy - smooth[k].accuracy);
        gl += Math.abs(r.loss - smooth[k].loss);
      });
      accGap.push(ga / seeds.length);
      lossGap.push(gl / seeds.length);
    }
    // coarse staircases are measurably worse; fine ones agree with the smooth network
    expect(accGap[0]).toBeGreaterThan(0.01);
    expect(accGap[Ks.length - 1]).toBeLessThanOrEqual(0.005);
    expect(lossGap[Ks.length - 1]).toBeLessThan(lossGap[0] / 10);
    // the trend: Spearman rank correlation between K and the loss gap is strongly negative
    const rank = (v: number[]): number[] => {
      const idx = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
      const r = new Array<number>(v.length);
      idx.forEach(([, i], j) => (r[i] = j));
      return r;
    };
    const rl = rank(lossGap);
    const n = Ks.length;
    const d2 = rl.reduce((s, r, i) => s + (r - i) ** 2, 0);
    const rho = 1 - (6 * d2) / (n * (n * n - 1));
    expect(rho).toBeLessThan(-0.8);
  });

  it("the same seed gives the same initial weights for both activations", () => {
    const a = createNetwork([2, 6, 1], { kind: "tanh" }, 11);
    const b = createNetwork([2, 6, 1], { kind: "staircase", levels: 4 }, 11);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
  });
});
