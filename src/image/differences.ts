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

/**
 * out = base + Dᵀ y in one pass, with y = [y_h; y_v] read from `y[offset .. offset + 2·w·h)`
 * (e.g. the difference part of a stacked dual vector). `base` may be `out` (accumulate in place);
 * `out` must not alias `y`. Same rounding as {@link forwardDifferencesTranspose} followed by the
 * addition. No allocation.
 */
export function forwardDifferencesTransposeAdd(
  y: Float64Array, offset: number, width: number, height: number, base: Float64Array, out: Float64Array,
): Float64Array {
  const n = width * height;
  const vo = offset + n; // start of y_v
  for (let i = 0; i < height; i++) {
    const o = i * width;
    const hasUp = i > 0;
    const hasHere = i < height - 1;
    for (let j = 0; j < width; j++) {
      const q = o + j;
      const left = j > 0 ? y[offset + q - 1] : 0;
      const right = j < width - 1 ? y[offset + q] : 0;
      const up = hasUp ? y[vo + q - width] : 0;
      const here = hasHere ? y[vo + q] : 0;
      const hd = width === 1 ? 0 : j === 0 ? -right : left - right;
      out[q] = base[q] + (hd + (up - here));
    }
  }
  return out;
}

/**
 * The fused dual step on the rows of D followed by the adjoint: for the 2·w·h rows q,
 *
 *     p_q ← clip(p_q + σ((Dx)_q − c_q), −r_q, r_q),   then   out = base + Dᵀ p_D
 *
 * with p, c, r read at `offset + q` (p_D the updated rows) and `base` of length w·h (it may be `out`).
 * With `identityRows` (a stacked operator [I; D], offset ≥ w·h) the w·h rows before `offset` get the
 * same update with (Ix)_q = x_q in the same pass and serve as `base` (which is then not read). One
 * pass: row q of the adjoint needs only rows already updated. Same values as
 * {@link forwardDifferences}, the update, then {@link forwardDifferencesTransposeAdd}. `out` must not
 * alias `p`, `c` or `r`. No allocation.
 */
export function forwardDifferencesClippedAscent(
  x: Float64Array, width: number, height: number, p: Float64Array, offset: number, sigma: number, c: Float64Array, r: Float64Array,
  base: Float64Array, out: Float64Array, identityRows = false,
): Float64Array {
  const n = width * height;
  const vo = offset + n; // start of the vertical rows
  const lo = offset - n; // start of the identity rows
  for (let i = 0; i < height; i++) {
    const o = i * width;
    if (i === 0 || i === height - 1 || width < 3) {
      for (let j = 0; j < width; j++) clippedAscentPixel(x, width, height, p, offset, sigma, c, r, base, out, i, j, identityRows);
      continue;
    }
    clippedAscentPixel(x, width, height, p, offset, sigma, c, r, base, out, i, 0, identityRows);
    // interior pixels: both differences and all four adjoint terms exist
    if (identityRows) {
      for (let q = o + 1; q < o + width - 1; q++) {
        const al = lo + q;
        const rl = r[al];
        const zl = p[al] + sigma * (x[q] - c[al]);
        const pl = zl < -rl ? -rl : zl > rl ? rl : zl;
        p[al] = pl;
        const ah = offset + q;
        const rh = r[ah];
        const zh = p[ah] + sigma * (x[q + 1] - x[q] - c[ah]);
        const ph = zh < -rh ? -rh : zh > rh ? rh : zh;
        p[ah] = ph;
        const av = vo + q;
        const rv = r[av];
        const zv = p[av] + sigma * (x[q + width] - x[q] - c[av]);
        const pv = zv < -rv ? -rv : zv > rv ? rv : zv;
        p[av] = pv;
        out[q] = pl + (p[ah - 1] - ph + (p[av - width] - pv));
      }
    } else {
      for (let q = o + 1; q < o + width - 1; q++) {
        const ah = offset + q;
        const rh = r[ah];
        const zh = p[ah] + sigma * (x[q + 1] - x[q] - c[ah]);
        const ph = zh < -rh ? -rh : zh > rh ? rh : zh;
        p[ah] = ph;
        const av = vo + q;
        const rv = r[av];
        const zv = p[av] + sigma * (x[q + width] - x[q] - c[av]);
        const pv = zv < -rv ? -rv : zv > rv ? rv : zv;
        p[av] = pv;
        out[q] = base[q] + (p[ah - 1] - ph + (p[av - width] - pv));
      }
    }
    clippedAscentPixel(x, width, height, p, offset, sigma, c, r, base, out, i, width - 1, identityRows);
  }
  return p;
}

/** {@link forwardDifferencesClippedAscent} at one pixel (i, j), any position (edges and corners). */
function clippedAscentPixel(
  x: Float64Array, width: number, height: number, p: Float64Array, offset: number, sigma: number, c: Float64Array, r: Float64Array,
  base: Float64Array, out: Float64Array, i: number, j: number, identityRows: boolean,
): void {
  const n = width * height;
  const q = i * width + j;
  let b: number;
  if (identityRows) {
    const al = offset - n + q;
    const rl = r[al];
    const zl = p[al] + sigma * (x[q] - c[al]);
    b = zl < -rl ? -rl : zl > rl ? rl : zl;
    p[al] = b;
  } else b = base[q];
  const hasDown = i < height - 1;
  const ah = offset + q;
  const rh = r[ah];
  const dh = j < width - 1 ? x[q + 1] - x[q] : 0;
  const zh = p[ah] + sigma * (dh - c[ah]);
  const ph = zh < -rh ? -rh : zh > rh ? rh : zh;
  p[ah] = ph;
  const av = offset + n + q;
  const rv = r[av];
  const dv = hasDown ? x[q + width] - x[q] : 0;
  const zv = p[av] + sigma * (dv - c[av]);
  const pv = zv < -rv ? -rv : zv > rv ? rv : zv;
  p[av] = pv;
  // (Dᵀp_D)_q from updated rows only: q − 1 (horizontal), q − width (vertical), q itself
  const left = j > 0 ? p[ah - 1] : 0;
  const right = j < width - 1 ? ph : 0;
  const up = i > 0 ? p[av - width] : 0;
  const here = hasDown ? pv : 0;
  const hd = width === 1 ? 0 : j === 0 ? -right : left - right;
  out[q] = b + (hd + (up - here));
}

/**
 * e + Σ_q w_q |(Dx)_q − c_q| over the 2·w·h rows q in order (horizontal, then vertical), with c and
 * w read at `offset + q`; rows with w_q = 0 are skipped. The running sum `e` is continued, so the
 * value equals forming Dx and summing in row order. No allocation.
 */
export function forwardDifferencesWeightedAbs(
  x: Float64Array, width: number, height: number, c: Float64Array, w: Float64Array, offset: number, e: number,
): number {
  const n = width * height;
  for (let i = 0; i < height; i++) {
    const o = i * width;
    for (let j = 0; j < width; j++) {
      const q = o + j;
      const wq = w[offset + q];
      if (wq === 0) continue;
      const y = (j < width - 1 ? x[q + 1] - x[q] : 0) - c[offset + q];
      e += wq * (y < 0 ? -y : y);
    }
  }
  const vo = offset + n;
  for (let q = 0; q < n; q++) {
    const wq = w[vo + q];
    if (wq === 0) continue;
    const y = (q < n - width ? x[q + width] - x[q] : 0) - c[vo + q];
    e += wq * (y < 0 ? -y : y);
  }
  return e;
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
