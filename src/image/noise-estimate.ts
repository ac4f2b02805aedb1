/**
 * Noise-level estimates from the observed image alone (no clean reference):
 * - {@link estimateGaussianSigma}: robust estimate of the standard deviation of additive white
 *   Gaussian noise from the finest diagonal Haar detail coefficients,
 *   σ̂ = median|d| / 0.6745,  d = (x_{2i,2j} − x_{2i,2j+1} − x_{2i+1,2j} + x_{2i+1,2j+1}) / 2
 *   (Donoho & Johnstone's MAD rule, Biometrika 81(3), 1994): for white noise of variance σ², d has
 *   variance σ², and edges of piecewise-smooth images touch few coefficients, which the median ignores.
 */

/** Robust σ of additive white Gaussian noise (see the module comment). */
export function estimateGaussianSigma(x: Float64Array, width: number, height: number): number {
  const w2 = Math.floor(width / 2);
  const h2 = Math.floor(height / 2);
  const d = new Float64Array(w2 * h2);
  let m = 0;
  for (let i = 0; i < h2; i++) {
    for (let j = 0; j < w2; j++) {
      const p = 2 * i * width + 2 * j;
      d[m++] = Math.abs(x[p] - x[p + 1] - x[p + width] + x[p + width + 1]) / 2;
    }
  }
  if (m === 0) return 0;
  d.sort();
  const med = m % 2 === 1 ? d[(m - 1) / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
  return med / 0.6744897501960817;
}
