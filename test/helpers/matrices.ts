/** Random test matrices shared by the relay and linear-algebra tests. */

/** A seeded uniform generator on (−1, 1) (Park–Miller minimal standard, independent of src/random.ts). */
export function symmetricUniform(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1;
}

/**
 * M = R Rᵀ/k + shift·I plus a skew-symmetric part of size `skew`: a P-matrix (its symmetric part is
 * positive definite), symmetric when skew = 0. k×k, row-major.
 */
export function randomPMatrix(k: number, rand: () => number, skew: number, shift = 0.3): Float64Array {
  const R = Array.from({ length: k * k }, rand);
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += R[i * k + p] * R[j * k + p];
      M[i * k + j] = s / k + (i === j ? shift : 0);
    }
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const a = skew * rand();
      M[i * k + j] += a;
      M[j * k + i] -= a;
    }
  return M;
}
