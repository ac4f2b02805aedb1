/**
 * The discrete gradient D = [D_h; D_v] of anisotropic total variation: forward differences
 *
 *     (D_h x)_{i,j} = x_{i,j+1} − x_{i,j}   (0 in the last column),
 *     (D_v x)_{i,j} = x_{i+1,j} − x_{i,j}   (0 in the last row),
 *
 * so that ‖Dx‖₁ = Σ |x_{i,j+1} − x_{i,j}| + Σ |x_{i+1,j} − x_{i,j}| (anisotropic TV) and Dᵀ = −div
 * with the matching backward differences (Chambolle 2004 discretisation). ‖D‖² ≤ 8.
 */
import { MatrixFreeOperator, type LinearOperator } from "../model/operator.ts";

/** out (length 2·w·h) = D x: horizontal differences first, then vertical. No allocation. */
export function forwardDifferences(x: Float64Array, width: number, height: number, out: Float64Array): Float64Array {
  const n = width * height;
  for (let i = 0; i < height; i++) {
    const o = i * width;
    for (let j = 0; j < width - 1; j++) out[o + j] = x[o + j + 1] - x[o + j];
    out[o + width - 1] = 0;
  }
  for (let p = 0; p < n - width; p++) out[n + p] = x[p + width] - x[p];
  for (let p = n - width; p < n; p++) out[n + p] = 0;
  return out;
}

/** out (length w·h) = Dᵀ y for y = [y_h; y_v] (length 2·w·h). No allocation. */
export function forwardDifferencesTranspose(y: Float64Array, width: number, height: number, out: Float64Array): Float64Array {
  const n = width * height;
  for (let i = 0; i < height; i++) {
    const o = i * width;
    // (D_hᵀ y)_j = y_{j−1} − y_j for interior, −y_0 at j = 0, y_{w−2} at j = w−1
    if (width === 1) {
      out[o] = 0;
      continue;
    }
    out[o] = -y[o];
    for (let j = 1; j < width - 1; j++) out[o + j] = y[o + j - 1] - y[o + j];
    out[o + width - 1] = y[o + width - 2];
  }
  for (let p = 0; p < n; p++) {
    const up = p >= width ? y[n + p - width] : 0;
    const here = p < n - width ? y[n + p] : 0;
    out[p] += up - here;
  }
  return out;
}

/** D as a matrix-free (2·w·h)×(w·h) {@link LinearOperator}. */
export function differenceOperator(width: number, height: number): LinearOperator {
  const n = width * height;
  return new MatrixFreeOperator(
    2 * n,
    n,
    (x, out) => forwardDifferences(x, width, height, out),
    (y, out) => forwardDifferencesTranspose(y, width, height, out),
  );
}

/** Anisotropic total variation ‖Dx‖₁ of a width×height image. */
export function anisotropicTV(x: Float64Array, width: number, height: number): number {
  let s = 0;
  for (let i = 0; i < height; i++) {
    const o = i * width;
    for (let j = 0; j < width - 1; j++) s += Math.abs(x[o + j + 1] - x[o + j]);
  }
  for (let p = 0; p < width * height - width; p++) s += Math.abs(x[p + width] - x[p]);
  return s;
}
