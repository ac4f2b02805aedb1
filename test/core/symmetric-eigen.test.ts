import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { symmetricEigen } from "../../src/linalg/symmetric-eigen.ts";
import { Random } from "../../src/random.ts";

/** Symmetric n×n matrix with entries f(i, j) for j ≤ i, mirrored. */
function symmetric(n: number, f: (i: number, j: number) => number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = f(i, j);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

function randomSymmetric(n: number, rng: Random): Float64Array {
  return symmetric(n, () => rng.normal());
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** ‖A − V diag(λ) Vᵀ‖_max. */
function reconstructionError(n: number, a: Float64Array, values: Float64Array, v: Float64Array): number {
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[i * n + k] * values[k] * v[j * n + k];
      err = Math.max(err, Math.abs(a[i * n + j] - s));
    }
  }
  return err;
}

/** ‖VᵀV − I‖_max. */
function orthogonalityError(n: number, v: Float64Array): number {
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[k * n + i] * v[k * n + j];
      err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return err;
}

function expectAscending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
}

/** Checks the decomposition of `a` to 1e-12 relative to ‖A‖_max and returns it. */
function decomposeAndCheck(n: number, a: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const copy = Float64Array.from(a);
  const result = symmetricEigen(n, a);
  expect(a).toEqual(copy); // input untouched
  expect(result.values).toHaveLength(n);
  expect(result.vectors).toHaveLength(n * n);
  expectAscending(result.values);
  const scale = maxAbs(a);
  expect(reconstructionError(n, a, result.values, result.vectors)).toBeLessThanOrEqual(1e-12 * scale);
  expect(orthogonalityError(n, result.vectors)).toBeLessThanOrEqual(1e-12);
  return result;
}

/** A random orthogonal n×n matrix: Gram–Schmidt (applied twice) on a random matrix's columns. */
function randomOrthogonal(n: number, rng: Random): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) q[i] = rng.normal();
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += q[i * n + k] * q[i * n + j];
        for (let i = 0; i < n; i++) q[i * n + j] -= s * q[i * n + k];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) q[i * n + j] /= norm;
  }
  return q;
}

/** Q diag(λ) Qᵀ. */
function withSpectrum(n: number, q: Float64Array, lambda: number[]): Float64Array {
  return symmetric(n, (i, j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
    return s;
  });
}

describe("symmetricEigen", () => {
  it("handles n = 0 and n = 1", () => {
    const empty = symmetricEigen(0, new Float64Array(0));
    expect(empty.values).toHaveLength(0);
    expect(empty.vectors).toHaveLength(0);
    const one = symmetricEigen(1, Float64Array.of(-3.5));
    expect(Array.from(one.values)).toEqual([-3.5]);
    expect(Math.abs(one.vectors[0])).toBe(1);
  });

  for (const n of [1, 2, 5, 40, 250]) {
    it(`decomposes a random symmetric ${n}×${n} matrix (reconstruction and orthogonality to 1e-12)`, () => {
      const rng = new Random(1000 + n);
      decomposeAndCheck(n, randomSymmetric(n, rng));
    });
  }

  it("finds the known spectrum and eigenvectors of the tridiagonal (−1, 2, −1) matrix", () => {
    for (const n of [3, 17, 100]) {
      const a = symmetric(n, (i, j) => (i === j ? 2 : i - j === 1 ? -1 : 0));
      const { values, vectors } = decomposeAndCheck(n, a);
      const h = Math.PI / (n + 1);
      for (let j = 0; j < n; j++) {
        // λ_j = 2 − 2 cos((j+1)π/(n+1)) (ascending in j), eigenvector ∝ sin(i (j+1) π/(n+1))
        expect(Math.abs(values[j] - (2 - 2 * Math.cos((j + 1) * h)))).toBeLessThanOrEqual(1e-13);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + j] * Math.sqrt(2 / (n + 1)) * Math.sin((i + 1) * (j + 1) * h);
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it("returns the sorted diagonal of a diagonal matrix, with coordinate vectors", () => {
    const diag = [3, -1, 2, 0, 2, -7.25, 1e-3];
    const n = diag.length;
    const a = symmetric(n, (i, j) => (i === j ? diag[i] : 0));
    const { values, vectors } = decomposeAndCheck(n, a);
    expect(Array.from(values)).toEqual([...diag].sort((x, y) => x - y));
    for (const x of vectors) expect([0, 1]).toContain(Math.abs(x));
  });

  it("resolves repeated eigenvalues with an orthonormal basis of each eigenspace", () => {
    const rng = new Random(7);
    const n = 30;
    const lambda = Array.from({ length: n }, (_, k) => (k < 10 ? -2 : k < 25 ? 5 : 11));
    const a = withSpectrum(n, randomOrthogonal(n, rng), lambda);
    const { values } = decomposeAndCheck(n, a);
    const expected = [...lambda].sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - expected[k])).toBeLessThanOrEqual(1e-13 * 11);
    // the identity and the zero matrix are already diagonal
    expect(Array.from(symmetricEigen(4, symmetric(4, (i, j) => (i === j ? 1 : 0))).values)).toEqual([1, 1, 1, 1]);
    expect(Array.from(symmetricEigen(3, new Float64Array(9)).values)).toEqual([0, 0, 0]);
  });

  for (const [n, r] of [
    [60, 7],
    [120, 1],
    [80, 40],
  ]) {
    it(`rank-deficient Gram matrix Y Yᵀ (Y ${n}×${r}): n − r eigenvalues ≈ 0, the others those of YᵀY`, () => {
      const rng = new Random(n * 31 + r);
      const y = new Float64Array(n * r);
      for (let i = 0; i < y.length; i++) y[i] = rng.normal();
      const gram = symmetric(n, (i, j) => {
        let s = 0;
        for (let k = 0; k < r; k++) s += y[i * r + k] * y[j * r + k];
        return s;
      });
      const small = symmetric(r, (i, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += y[k * r + i] * y[k * r + j];
        return s;
      });
      const { values } = decomposeAndCheck(n, gram);
      const reference = decomposeAndCheck(r, small).values;
      const top = values[n - 1];
      for (let k = 0; k < n - r; k++) expect(Math.abs(values[k])).toBeLessThanOrEqual(1e-12 * top);
      for (let k = 0; k < r; k++) expect(Math.abs(values[n - r + k] - reference[k])).toBeLessThanOrEqual(1e-12 * top);
    });
  }

  it("copes with widely scaled entries", () => {
    const rng = new Random(99);
    const n = 40;
    // graded D S D with D from 1e-6 to 1e6, in both orders
    for (const sign of [1, -1]) {
      const d = Array.from({ length: n }, (_, i) => 10 ** (sign * (-6 + (12 * i) / (n - 1))));
      decomposeAndCheck(n, symmetric(n, (i, j) => d[i] * d[j] * rng.normal()));
    }
    // uniformly huge and tiny matrices: the eigenvalues scale with the matrix
    const base = randomSymmetric(n, rng);
    const ref = symmetricEigen(n, base).values;
    for (const s of [1e280, 1e-280]) {
      const { values } = decomposeAndCheck(n, base.map((x) => x * s));
      for (let k = 0; k < n; k++) expect(Math.abs(values[k] / s - ref[k])).toBeLessThanOrEqual(1e-12 * maxAbs(ref));
    }
    // entries of magnitude 1e150 and 1e-150 mixed in one matrix
    decomposeAndCheck(n, symmetric(n, (i, j) => ((i + j) % 3 === 0 ? 1e150 : 1e-150) * rng.normal()));
  });

  it("uses the symmetric part of a slightly asymmetric input", () => {
    const rng = new Random(5);
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    const sym = symmetric(n, (i, j) => 0.5 * a[i * n + j] + 0.5 * a[j * n + i]);
    expect(symmetricEigen(n, a)).toEqual(symmetricEigen(n, sym));
  });

  it("rejects bad input with an InputError naming the problem", () => {
    const bad = (n: number, a: Float64Array, pattern: RegExp) => {
      expect(() => symmetricEigen(n, a)).toThrow(InputError);
      expect(() => symmetricEigen(n, a)).toThrow(pattern);
    };
    bad(-1, new Float64Array(0), /`n`.*non-negative integer.*-1/);
    bad(1.5, new Float64Array(2), /`n`.*non-negative integer.*1\.5/);
    bad(3, new Float64Array(8), /`a`.*length.*9.*8/);
    bad(2, Float64Array.of(1, 2, 2, NaN), /`a\[3\]`.*finite.*NaN/);
    bad(2, Float64Array.of(1, Infinity, Infinity, 1), /`a\[1\]`.*finite.*Infinity/);
  });
});
