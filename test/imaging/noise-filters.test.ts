import { describe, expect, it } from "vitest";
import { addNoise, parseNoise } from "../../src/image/noise.ts";
import { Random } from "../../src/random.ts";
import { adaptiveMedian, detectImpulses, medianFilter } from "../../src/image/filters.ts";
import { reflectIndex } from "../../src/image/blur.ts";
import { InputError } from "../../src/errors.ts";

describe("noise", () => {
  it("is reproducible from the seed and differs between seeds", () => {
    const a = addNoise(new Float64Array(500).fill(0.5), parseNoise("gaussian:0.1"), new Random(42));
    const b = addNoise(new Float64Array(500).fill(0.5), parseNoise("gaussian:0.1"), new Random(42));
    const c = addNoise(new Float64Array(500).fill(0.5), parseNoise("gaussian:0.1"), new Random(43));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
  it("Gaussian noise has the requested mean and standard deviation (4 standard errors)", () => {
    const n = 40000;
    const x = addNoise(new Float64Array(n).fill(0.5), parseNoise("gaussian:0.05"), new Random(1));
    let m = 0;
    for (const v of x) m += v / n;
    let s2 = 0;
    for (const v of x) s2 += (v - m) ** 2 / (n - 1);
    expect(Math.abs(m - 0.5)).toBeLessThan((4 * 0.05) / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(s2) - 0.05)).toBeLessThan((4 * 0.05) / Math.sqrt(2 * n));
  });
  it("salt-and-pepper corrupts a DENSITY fraction, half black and half white (4 binomial standard errors)", () => {
    const n = 40000;
    const p = 0.3;
    const x = addNoise(new Float64Array(n).fill(0.5), parseNoise(`salt-pepper:${p}`), new Random(2));
    const black = x.filter((v) => v === 0).length;
    const white = x.filter((v) => v === 1).length;
    expect(Math.abs((black + white) / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    expect(Math.abs(black / (black + white) - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / (black + white)));
    const imp = addNoise(new Float64Array(n).fill(0.5), parseNoise("impulse:0.2"), new Random(2));
    const changed = imp.filter((v) => v !== 0.5).length;
    expect(Math.abs(changed / n - 0.2)).toBeLessThan(4 * Math.sqrt(0.16 / n));
  });
  it("rejects invalid specs", () => {
    for (const bad of ["gaussian:-0.1", "salt-pepper:1.5", "impulse", "poisson:1", "gaussian:"]) expect(() => parseNoise(bad)).toThrow(InputError);
  });
});

describe("median filters", () => {
  it("3×3 and 5×5 medians equal a brute-force sort with reflect boundary", () => {
    const W = 9;
    const H = 7;
    const r = new Random(5);
    const x = Float64Array.from({ length: W * H }, () => Math.round(r.uniform() * 20) / 20);
    for (const size of [3, 5]) {
      const got = medianFilter(x, W, H, size);
      const R = (size - 1) / 2;
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          const win: number[] = [];
          for (let a = -R; a <= R; a++) for (let b = -R; b <= R; b++) win.push(x[reflectIndex(i + a, H) * W + reflectIndex(j + b, W)]);
          win.sort((u, v) => u - v);
          expect(got[i * W + j]).toBe(win[(win.length - 1) / 2]);
        }
      }
    }
  });
  it("adaptive median flags isolated impulses and no clean interior pixel of a smooth ramp", () => {
    const W = 20;
    const x = Float64Array.from({ length: W * W }, (_, p) => 0.2 + 0.5 * ((p % W) / W) + 0.01 * Math.floor(p / W));
    const y = Float64Array.from(x);
    const bad = [22, 105, 250, 333];
    y[22] = 1;
    y[105] = 0;
    y[250] = 1;
    y[333] = 0;
    const res = adaptiveMedian(y, W, W, 7);
    for (const p of bad) expect(res.noisy[p]).toBe(1);
    const det = detectImpulses(y, W, W);
    for (const p of bad) expect(det.noisy[p]).toBe(1);
    // ramp corners are window extremes under reflection, so only interior pixels must stay unflagged
    for (let i = 2; i < W - 2; i++) for (let j = 2; j < W - 2; j++) if (!bad.includes(i * W + j)) {
      expect(res.noisy[i * W + j]).toBe(0);
      expect(det.noisy[i * W + j]).toBe(0);
    }
  });
  it("detectImpulses keeps a genuine bright rim at intensity 1", () => {
    const W = 16;
    const x = new Float64Array(W * W).fill(0.2);
    for (let i = 0; i < W; i++) for (let j = 6; j < 9; j++) x[i * W + j] = 1; // 3-pixel wide white bar
    expect(adaptiveMedian(x, W, W).noisyFraction).toBeGreaterThan(0); // the plain adaptive median flags it
    expect(detectImpulses(x, W, W).noisyFraction).toBe(0);
  });
});
