import { describe, expect, it } from "vitest";
import { blurOperator, kernel1d, parseBlur, reflectIndex } from "../../src/image/blur.ts";
import { differenceOperator, anisotropicTV } from "../../src/image/differences.ts";
import { Random } from "../../src/random.ts";
import { InputError } from "../../src/errors.ts";
import type { LinearOperator } from "../../src/model/operator.ts";

function rand(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: n }, () => r.normal());
}
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function adjointGap(op: LinearOperator, seed: number): number {
  const x = rand(op.cols, seed);
  const y = rand(op.rows, seed + 1);
  const hx = op.apply(x, new Float64Array(op.rows));
  const hty = op.applyTranspose(y, new Float64Array(op.cols));
  const a = dot(hx, y);
  const b = dot(x, hty);
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe("blur and difference operators", () => {
  const specs = ["none", "box:3", "box:5", "gaussian:1.6:7", "gaussian:0.8:3", "gaussian:1.5:11"];
  for (const s of specs) {
    it(`⟨Hx, y⟩ = ⟨x, Hᵀy⟩ for ${s} on 23×17 (1e-12 relative)`, () => {
      expect(adjointGap(blurOperator(parseBlur(s), 23, 17), 3)).toBeLessThan(1e-12);
    });
  }
  it("⟨Dx, y⟩ = ⟨x, Dᵀy⟩ on 19×13, 1×7 and 7×1", () => {
    for (const [w, h] of [[19, 13], [1, 7], [7, 1]]) expect(adjointGap(differenceOperator(w, h), 9)).toBeLessThan(1e-12);
  });
  it("blur equals a brute-force 2-D convolution with the k⊗k kernel and half-sample reflection", () => {
    const W = 12;
    const H = 9;
    const b = parseBlur("gaussian:1.2:5");
    const k = kernel1d(b);
    const x = rand(W * H, 5);
    const got = blurOperator(b, W, H).apply(x, new Float64Array(W * H));
    // independent: explicit mirror of the padded image (scipy 'reflect' = d c b a | a b c d | d c b a)
    const mirror = (i: number, n: number) => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < W; j++) {
        let s = 0;
        for (let a = -2; a <= 2; a++) for (let c = -2; c <= 2; c++) s += k[a + 2] * k[c + 2] * x[mirror(i + a, H) * W + mirror(j + c, W)];
        expect(got[i * W + j]).toBeCloseTo(s, 13);
      }
    }
  });
  it("box:3 on a hand-computed 3×3 image", () => {
    // rows [0 0 0; 0 9 0; 0 0 0]; reflect: the centre pixel contributes 9/9 = 1 to every output pixel
    // whose 3×3 (reflected) window contains it: all pixels, once each, except that corner windows also
    // see it once. So every output is 1.
    const x = Float64Array.of(0, 0, 0, 0, 9, 0, 0, 0, 0);
    const y = blurOperator(parseBlur("box:3"), 3, 3).apply(x, new Float64Array(9));
    for (const v of y) expect(v).toBeCloseTo(1, 14);
    // a ramp 0..8 row-major: the centre output is the mean 4; the corner (0,0) window rows {0,0,1}, cols {0,0,1}
    const r = Float64Array.from({ length: 9 }, (_, i) => i);
    const yr = blurOperator(parseBlur("box:3"), 3, 3).apply(r, new Float64Array(9));
    expect(yr[4]).toBeCloseTo(4, 14);
    expect(yr[0]).toBeCloseTo((0 + 0 + 1 + 0 + 0 + 1 + 3 + 3 + 4) / 9, 14);
  });
  it("kernels are normalized; Gaussian taps follow exp(−a²/2σ²)", () => {
    const k = kernel1d(parseBlur("gaussian:1.6:7"));
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(k[3] / k[4]).toBeCloseTo(Math.exp(1 / (2 * 1.6 * 1.6)), 14);
    expect(kernel1d(parseBlur("box:5"))[0]).toBeCloseTo(0.2, 15);
  });
  it("reflectIndex is the half-sample mirror", () => {
    expect([-3, -2, -1, 0, 3, 4, 5, 6].map((i) => reflectIndex(i, 4))).toEqual([2, 1, 0, 0, 3, 3, 2, 1]);
  });
  it("anisotropic TV of a hand-made image", () => {
    // [0 1; 3 3]: horizontal |1−0| + |3−3| = 1, vertical |3−0| + |3−1| = 5
    expect(anisotropicTV(Float64Array.of(0, 1, 3, 3), 2, 2)).toBe(6);
  });
  it("rejects invalid specs with the option and value in the message", () => {
    for (const bad of ["gaussian:-1:7", "gaussian:1:6", "box:0", "box", "motion:3", "none:1", "gaussian:x:7"]) {
      expect(() => parseBlur(bad)).toThrow(InputError);
      expect(() => parseBlur(bad)).toThrow(/`--blur` "/);
    }
    expect(() => blurOperator(parseBlur("box:9"), 8, 20)).toThrow(/larger than the image/);
  });
});
