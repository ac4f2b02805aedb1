import { describe, expect, it } from "vitest";
import { createRng } from "../../problems/learning/random.ts";
import { BLOB_OFFSET, makeDataset } from "../../problems/learning/datasets.ts";

describe("seeded random numbers", () => {
  it("mulberry32 reproduces the published reference sequence for seed 1", () => {
    // first outputs of Ettinger's reference mulberry32(1)
    const r = createRng(1);
    expect(r.uniform()).toBe(0.6270739405881613);
    expect(r.uniform()).toBe(0.002735721180215478);
  });

  it("Box–Muller normals have mean 0, variance 1 and normal tail mass (n = 200 000)", () => {
    const r = createRng(42);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 1.959963984540054) tail++;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(tail / n - 0.05)).toBeLessThan(4 * Math.sqrt(0.05 * 0.95 / n));
  });
});

describe("data sets", () => {
  it("are reproducible by seed and differ between seeds", () => {
    const a = makeDataset("moons", { seed: 3 });
    const b = makeDataset("moons", { seed: 3 });
    const c = makeDataset("moons", { seed: 4 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it("are balanced, labelled ±1 and on the dyadic grid 2⁻¹⁰", () => {
    for (const name of ["moons", "circles", "xor", "blobs"]) {
      const ds = makeDataset(name, { n: 101, seed: 2 });
      expect(ds.y.filter((v) => v === 1).length).toBe(50);
      expect(ds.y.every((v) => v === 1 || v === -1)).toBe(true);
      for (const v of ds.x) expect(Number.isInteger(v * 1024)).toBe(true);
    }
  });

  it("noise-free moons and circles lie on their curves", () => {
    const m = makeDataset("moons", { n: 100, noise: 0, grid: 0 });
    for (let i = 0; i < m.n; i++) {
      const [x, y] = [m.x[2 * i], m.x[2 * i + 1]];
      const r = m.y[i] < 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 12);
      expect(m.y[i] < 0 ? y >= 0 : y <= 0.5).toBe(true);
    }
    const c = makeDataset("circles", { n: 100, noise: 0, grid: 0 });
    for (let i = 0; i < c.n; i++) expect(Math.hypot(c.x[2 * i], c.x[2 * i + 1])).toBeCloseTo(c.y[i] < 0 ? 1 : 0.5, 12);
  });

  it("blobs keep the chosen margin around x₁ + x₂ = 2 on the correct sides", () => {
    for (const margin of [0.05, 0.3, 1]) {
      const ds = makeDataset("blobs", { n: 300, seed: 9, margin });
      let closest = Infinity;
      for (let i = 0; i < ds.n; i++) {
        const dist = (ds.y[i] * (ds.x[2 * i] + ds.x[2 * i + 1] - BLOB_OFFSET[0] - BLOB_OFFSET[1])) / Math.SQRT2;
        closest = Math.min(closest, dist);
      }
      expect(closest).toBeGreaterThanOrEqual(margin);
      expect(closest).toBeLessThan(margin + 0.5);
    }
  });

  it("reject bad arguments with a message naming them", () => {
    expect(() => makeDataset("spirals")).toThrow(/`data` must be one of moons, circles, xor, blobs, got "spirals"/);
    expect(() => makeDataset("xor", { n: 1 })).toThrow(/`n` must be an integer ≥ 2, got 1/);
    expect(() => makeDataset("xor", { grid: 0.3 })).toThrow(/`grid` must be 0 or a power of two, got 0.3/);
  });
});
