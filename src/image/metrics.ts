/**
 * Image quality metrics for intensities in [0, 1] (data range 1):
 * - MSE = mean (x − y)², PSNR = 10·log10(1 / MSE) dB;
 * - MAE = mean |x − y|;
 * - ISNR = 10·log10(‖x − g‖² / ‖x − x̂‖²) (improvement over the observation g);
 * - SSIM (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 13(4), 2004): local means, variances and
 *   covariance under an 11×11 Gaussian window (σ = 1.5, truncated at radius 5, normalized,
 *   reflect boundary), population (not sample) covariances, K1 = 0.01, K2 = 0.03,
 *   SSIM = mean over the image cropped by 5 pixels of
 *   (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = K1², C2 = K2² — the
 *   convention of scikit-image `structural_similarity(gaussian_weights=True, sigma=1.5,
 *   use_sample_covariance=False, data_range=1)`.
 * Colour images: PSNR/MAE over all samples, SSIM averaged over channels.
 */
import { InputError } from "../errors.ts";
import { blurOperator } from "./blur.ts";
import type { Image } from "./image.ts";

function planes(a: Image | Float64Array): Float64Array[] {
  return a instanceof Float64Array ? [a] : a.channels;
}

function checkLengths(a: Float64Array[], b: Float64Array[]): void {
  if (a.length !== b.length || a.some((p, i) => p.length !== b[i].length)) {
    throw new InputError(`invalid argument: images must have the same size and channels to be compared`);
  }
}

/** Mean squared error between two images (or planes). @throws InputError for different shapes. */
export function mse(a: Image | Float64Array, b: Image | Float64Array): number {
  const pa = planes(a);
  const pb = planes(b);
  checkLengths(pa, pb);
  let s = 0;
  let n = 0;
  for (let c = 0; c < pa.length; c++) {
    const x = pa[c];
    const y = pb[c];
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
    n += x.length;
  }
  return s / n;
}

/** PSNR = 10·log10(1/MSE) in dB for data range 1 (Infinity for identical images). */
export function psnr(reference: Image | Float64Array, estimate: Image | Float64Array): number {
  return 10 * Math.log10(1 / mse(reference, estimate));
}

/** Mean absolute error. */
export function mae(reference: Image | Float64Array, estimate: Image | Float64Array): number {
  const pa = planes(reference);
  const pb = planes(estimate);
  checkLengths(pa, pb);
  let s = 0;
  let n = 0;
  for (let c = 0; c < pa.length; c++) {
    for (let i = 0; i < pa[c].length; i++) s += Math.abs(pa[c][i] - pb[c][i]);
    n += pa[c].length;
  }
  return s / n;
}

/** ISNR = 10·log10(‖x − g‖² / ‖x − x̂‖²) in dB: x reference, g observed, x̂ restored. */
export function isnr(reference: Image | Float64Array, observed: Image | Float64Array, restored: Image | Float64Array): number {
  return 10 * Math.log10(mse(reference, observed) / mse(reference, restored));
}

/**
 * Mean SSIM of one width×height plane pair (see the module comment for the exact convention).
 * @throws InputError when the image is smaller than the 11×11 window.
 */
export function ssimPlane(x: Float64Array, y: Float64Array, width: number, height: number): number {
  if (width < 11 || height < 11) throw new InputError(`invalid argument: SSIM needs images of at least 11×11 pixels, got ${width}×${height}`);
  const n = width * height;
  const W = blurOperator({ type: "gaussian", sigma: 1.5, size: 11 }, width, height);
  const mx = W.apply(x, new Float64Array(n));
  const my = W.apply(y, new Float64Array(n));
  const t = new Float64Array(n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = x[i] * x[i];
  const mxx = W.apply(t, new Float64Array(n));
  for (let i = 0; i < n; i++) t[i] = y[i] * y[i];
  const myy = W.apply(t, new Float64Array(n));
  for (let i = 0; i < n; i++) t[i] = x[i] * y[i];
  const mxy = W.apply(t, f);
  const C1 = 0.01 * 0.01;
  const C2 = 0.03 * 0.03;
  const pad = 5;
  let s = 0;
  let count = 0;
  for (let i = pad; i < height - pad; i++) {
    for (let j = pad; j < width - pad; j++) {
      const p = i * width + j;
      const ux = mx[p];
      const uy = my[p];
      const vx = mxx[p] - ux * ux;
      const vy = myy[p] - uy * uy;
      const vxy = mxy[p] - ux * uy;
      s += ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
      count++;
    }
  }
  return s / count;
}

/** Mean SSIM of two images (averaged over channels). @throws InputError for different shapes or images smaller than 11×11. */
export function ssim(reference: Image, estimate: Image): number {
  checkLengths(reference.channels, estimate.channels);
  if (reference.width !== estimate.width) throw new InputError(`invalid argument: images must have the same size to be compared`);
  let s = 0;
  for (let c = 0; c < reference.channels.length; c++) s += ssimPlane(reference.channels[c], estimate.channels[c], reference.width, reference.height);
  return s / reference.channels.length;
}
