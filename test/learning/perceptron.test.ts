import { describe, expect, it } from "vitest";
import * as highsModule from "highs";
import { solveQP } from "quadprog";
import { makeDataset, xorCorners, type Dataset } from "../../problems/learning/datasets.ts";
import { trainPerceptron, novikoffBound } from "../../problems/learning/perceptron.ts";
import { trainPocket } from "../../problems/learning/pocket.ts";
import { maxMargin } from "../../problems/learning/margin.ts";

/** Reference maximum margin of the augmented points (x, 1): primal hard-margin SVM min ½|w|² s.t. yᵢ w·x̃ᵢ ≥ 1, by quadprog. */
function quadprogMargin(ds: Dataset): { gamma: number; radius: number } {
  const D = ds.d + 1;
  const Dmat: number[][] = [[]];
  for (let i = 1; i <= D; i++) {
    Dmat.push([0]);
    for (let j = 1; j <= D; j++) Dmat[i].push(i === j ? 1 : 0);
  }
  const dvec = new Array(D + 1).fill(0);
  const Amat: number[][] = [[]];
  for (let j = 1; j <= D; j++) {
    Amat.push([0]);
    for (let i = 0; i < ds.n; i++) Amat[j].push(j <= ds.d ? ds.y[i] * ds.x[i * ds.d + j - 1] : ds.y[i]);
  }
  const bvec = [0, ...new Array(ds.n).fill(1)];
  const r = solveQP(Dmat, dvec, Amat, bvec);
  expect(r.message).toBe("");
  const w = r.solution.slice(1);
  let radius = 0;
  for (let i = 0; i < ds.n; i++) radius = Math.max(radius, Math.hypot(ds.x[2 * i], ds.x[2 * i + 1], 1));
  return { gamma: 1 / Math.hypot(...w), radius };
}

/** LP feasibility of yᵢ (w·xᵢ + b) ≥ 1 by HiGHS: true iff the data are strictly linearly separable. */
async function separableByLp(ds: Dataset): Promise<boolean> {
  // `highs` ships CommonJS-typed declarations but an ES module build whose default export is the loader
  const loader = highsModule.default as unknown as () => Promise<{ solve(lp: string): { Status: string } }>;
  const highs = await loader();
  const rows = Array.from({ length: ds.n }, (_, i) => {
    const a = ds.y[i] * ds.x[2 * i];
    const b = ds.y[i] * ds.x[2 * i + 1];
    return ` c${i}: ${a} w1 + ${b} w2 + ${ds.y[i]} b >= 1`;
  });
  const lp = `Minimize\n obj: 0 w1\nSubject To\n${rows.join("\n")}\nBounds\n w1 free\n w2 free\n b free\nEnd\n`;
  const sol = highs.solve(lp);
  if (sol.Status === "Optimal") return true;
  if (sol.Status === "Infeasible") return false;
  throw new Error(`unexpected HiGHS status ${sol.Status}`);
}

describe("perceptron on separable blobs (Novikoff 1962)", () => {
  const cases = [1, 2, 3, 4, 5].flatMap((seed) => [0.5, 0.1].map((margin) => ({ seed, margin })));
  it.each(cases)("seed $seed, margin $margin: converges within (R/γ)², γ from quadprog", ({ seed, margin }) => {
    const ds = makeDataset("blobs", { n: 200, seed, margin });
    const ref = quadprogMargin(ds);
    const r = trainPerceptron(ds.x, ds.y, 2, { epochs: 10_000 });
    expect(r.converged).toBe(true);
    expect(r.cycled).toBe(false);
    expect(r.mistakes).toBeGreaterThan(0);
    expect(r.mistakes).toBeLessThanOrEqual((ref.radius / ref.gamma) ** 2);
    // the final weights separate every point (checked directly)
    for (let i = 0; i < ds.n; i++) expect(ds.y[i] * (r.w[0] * ds.x[2 * i] + r.w[1] * ds.x[2 * i + 1] + r.w[2])).toBeGreaterThan(0);
    expect(r.accuracy).toBe(1);
    expect(r.radius).toBeCloseTo(ref.radius, 12);
    // the generator's margin in the plane bounds the augmented margin from below: γ* ≥ γ₀ / |(n, −2n·o)| (n = (1,1)/√2)
    expect(ref.gamma).toBeGreaterThanOrEqual(margin / Math.hypot(1, 2 / Math.SQRT2) - 1e-12);
  });

  it("the own max-margin solver (Hildreth dual ascent) matches quadprog's primal QP", () => {
    for (const seed of [1, 2, 3]) {
      const ds = makeDataset("blobs", { n: 150, seed, margin: 0.2 });
      const ref = quadprogMargin(ds);
      const m = maxMargin(ds.x, ds.y, 2);
      expect(m.status).toBe("optimal");
      expect(m.gamma).toBeLessThanOrEqual(ref.gamma * (1 + 1e-9));
      expect(m.gammaUpper).toBeGreaterThanOrEqual(ref.gamma * (1 - 1e-9));
      expect(Math.abs(m.gamma - ref.gamma) / ref.gamma).toBeLessThan(1e-8);
      expect(novikoffBound(m.radius, m.gamma)).toBeCloseTo((ref.radius / ref.gamma) ** 2, 5);
    }
  });

  it("scaling the learning rate scales the weights and leaves the mistakes unchanged (w₀ = 0)", () => {
    const ds = makeDataset("blobs", { n: 100, seed: 7, margin: 0.1 });
    const a = trainPerceptron(ds.x, ds.y, 2, { learningRate: 1 });
    const b = trainPerceptron(ds.x, ds.y, 2, { learningRate: 0.25 });
    expect(b.mistakes).toBe(a.mistakes);
    for (let j = 0; j < 3; j++) expect(b.w[j]).toBe(0.25 * a.w[j]);
  });
});

describe("perceptron on XOR: cycling (Minsky & Papert 1969; Block & Levin 1970)", () => {
  it("the four corners: HiGHS proves them non-separable, the perceptron returns to w = 0 after every epoch", async () => {
    const ds = xorCorners();
    expect(await separableByLp(ds)).toBe(false);
    const r = trainPerceptron(ds.x, ds.y, 2, { epochs: 100 });
    expect(r.converged).toBe(false);
    expect(r.cycled).toBe(true);
    // independent replay: one epoch in fixed order from w = 0 adds -x̃₁ + x̃₂ + x̃₃ - x̃₄ = 0
    expect(r.cycleStart).toBe(0);
    expect(r.cyclePeriod).toBe(1);
    expect(r.mistakesPerEpoch).toEqual([4]);
  });

  it.each([1, 2, 3])("noisy XOR, seed %i: non-separable (HiGHS), cycling detected, mistakes never reach zero", async (seed) => {
    const ds = makeDataset("xor", { n: 120, seed });
    expect(await separableByLp(ds)).toBe(false);
    const r = trainPerceptron(ds.x, ds.y, 2, { epochs: 20_000 });
    expect(r.converged).toBe(false);
    expect(r.cycled).toBe(true);
    expect(r.mistakesPerEpoch.every((m) => m > 0)).toBe(true);
    // replay independently: the state after epoch `start` equals the state after epoch `start + period`
    const start = r.cycleStart!;
    const period = r.cyclePeriod!;
    expect(period).toBeGreaterThan(0);
    const atStart = start === 0 ? new Float64Array(3) : trainPerceptron(ds.x, ds.y, 2, { epochs: start }).w;
    const later = trainPerceptron(ds.x, ds.y, 2, { epochs: start + period }).w;
    expect(Array.from(later)).toEqual(Array.from(atStart));
  });

  it("blobs are separable by HiGHS and never flagged as cycling", async () => {
    const ds = makeDataset("blobs", { n: 100, seed: 3 });
    expect(await separableByLp(ds)).toBe(true);
    expect(trainPerceptron(ds.x, ds.y, 2).cycled).toBe(false);
  });
});

/** Best training accuracy of any line in the plane, by enumerating lines through pairs of points (exact in general position). */
function bestLineAccuracy(ds: Dataset): number {
  let best = 0;
  for (let p = 0; p < ds.n; p++) {
    for (let q = p + 1; q < ds.n; q++) {
      const nx = -(ds.x[2 * q + 1] - ds.x[2 * p + 1]);
      const ny = ds.x[2 * q] - ds.x[2 * p];
      let plus = 0;
      let minus = 0;
      let on = 0;
      for (let i = 0; i < ds.n; i++) {
        const s = nx * (ds.x[2 * i] - ds.x[2 * p]) + ny * (ds.x[2 * i + 1] - ds.x[2 * p + 1]);
        if (s === 0) on++;
        else if (s * ds.y[i] > 0) plus++;
        else minus++;
      }
      best = Math.max(best, plus + on, minus + on);
    }
  }
  return best / ds.n;
}

describe("pocket algorithm (Gallant 1990)", () => {
  it.each(["xor", "moons", "circles"] as const)("%s: pocket accuracy is within 0.03 accuracy of the best line (brute force) and never above it", (name) => {
    const ds = makeDataset(name, { n: 80, seed: 2 });
    const best = bestLineAccuracy(ds);
    const pocket = trainPocket(ds.x, ds.y, 2, { epochs: 500, seed: 2 });
    expect(pocket.accuracy).toBeLessThanOrEqual(best);
    expect(pocket.accuracy).toBeGreaterThanOrEqual(best - 0.03);
    // the ratchet: the pocket's training errors never increase
    for (let e = 1; e < pocket.errorsPerEpoch.length; e++) expect(pocket.errorsPerEpoch[e]).toBeLessThanOrEqual(pocket.errorsPerEpoch[e - 1]);
    // the pocket is better than where the plain perceptron ends
    const plain = trainPerceptron(ds.x, ds.y, 2, { epochs: 500 });
    expect(pocket.accuracy).toBeGreaterThanOrEqual(plain.accuracy);
  });
});
