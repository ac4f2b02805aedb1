/**
 * Median filters, the classical baselines for impulse noise, with the reflect boundary
 * (scipy.ndimage mode `reflect`, as `scipy.ndimage.median_filter(x, size=S)`):
 * - {@link medianFilter}: S×S median;
 * - {@link adaptiveMedian}: adaptive median filter (Hwang & Haddad, IEEE TIP 4(4), 1995), which also
 *   returns the set of pixels it judges corrupted — the noise detector of the two-phase method
 *   (Chan, Ho & Nikolova, IEEE TIP 14(10), 2005).
 */
import { InputError } from "../errors.ts";
import { reflectIndex } from "./blur.ts";

function insertionSort(a: Float64Array, len: number): void {
  for (let i = 1; i < len; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function gatherWindow(x: Float64Array, width: number, height: number, i: number, j: number, r: number, buf: Float64Array): number {
  let m = 0;
  for (let a = -r; a <= r; a++) {
    const row = reflectIndex(i + a, height) * width;
    for (let b = -r; b <= r; b++) buf[m++] = x[row + reflectIndex(j + b, width)];
  }
  return m;
}

/**
 * S×S median filter (S odd) with reflect boundary.
 * @throws InputError when S is not an odd positive integer.
 */
export function medianFilter(x: Float64Array, width: number, height: number, size: number, out = new Float64Array(width * height)): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new InputError(`invalid argument: median window size must be an odd positive integer, got ${size}`);
  const r = (size - 1) / 2;
  const buf = new Float64Array(size * size);
  const mid = (size * size - 1) / 2;
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const m = gatherWindow(x, width, height, i, j, r, buf);
      insertionSort(buf, m);
      out[i * width + j] = buf[mid];
    }
  }
  return out;
}

/** Output of {@link adaptiveMedian}: the filtered image and the detected (corrupted) pixels. */
export interface AdaptiveMedianResult {
  filtered: Float64Array;
  /** 1 where the pixel was judged corrupted (the filter replaced it), else 0. */
  noisy: Uint8Array;
  /** Fraction of pixels judged corrupted. */
  noisyFraction: number;
}

/**
 * Adaptive median filter (Hwang & Haddad 1995) with windows 3×3, 5×5, …, maxSize×maxSize:
 * at each pixel grow the window until z_min < z_med < z_max (or maxSize is reached, then output
 * z_med); then keep z_xy if z_min < z_xy < z_max, else output z_med. Pixels whose value is replaced
 * are reported as noisy.
 * @throws InputError when maxSize is not an odd integer ≥ 3.
 */
export function adaptiveMedian(x: Float64Array, width: number, height: number, maxSize = 7): AdaptiveMedianResult {
  if (!Number.isInteger(maxSize) || maxSize < 3 || maxSize % 2 === 0) throw new InputError(`invalid argument: adaptive median maximum window must be an odd integer ≥ 3, got ${maxSize}`);
  const n = width * height;
  const filtered = new Float64Array(n);
  const noisy = new Uint8Array(n);
  const buf = new Float64Array(maxSize * maxSize);
  let count = 0;
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const p = i * width + j;
      const z = x[p];
      let outV = z;
      for (let r = 1; 2 * r + 1 <= maxSize; r++) {
        const m = gatherWindow(x, width, height, i, j, r, buf);
        insertionSort(buf, m);
        const zmin = buf[0];
        const zmax = buf[m - 1];
        const zmed = buf[(m - 1) / 2];
        if (zmin < zmed && zmed < zmax) {
          outV = zmin < z && z < zmax ? z : zmed;
          break;
        }
        if (2 * r + 3 > maxSize) outV = zmed;
      }
      filtered[p] = outV;
      if (outV !== z) {
        noisy[p] = 1;
        count++;
      }
    }
  }
  return { filtered, noisy, noisyFraction: count / n };
}

/**
 * Impulse detector of the two-phase method: pixel j is declared corrupted when the adaptive median
 * filter (window up to `maxSize`) replaces it *and* it differs from its 3×3 median. The second test
 * keeps genuine extreme-valued structures (e.g. a bright rim at intensity 1, which the adaptive
 * median alone flags because it equals the window maximum).
 * Returns the adaptive-median output with undetected pixels restored to their observed values.
 */
export function detectImpulses(x: Float64Array, width: number, height: number, maxSize = 7): AdaptiveMedianResult {
  const amf = adaptiveMedian(x, width, height, maxSize);
  const med = medianFilter(x, width, height, 3);
  let count = 0;
  for (let p = 0; p < x.length; p++) {
    if (amf.noisy[p] && x[p] !== med[p]) count++;
    else {
      amf.noisy[p] = 0;
      amf.filtered[p] = x[p];
    }
  }
  return { filtered: amf.filtered, noisy: amf.noisy, noisyFraction: count / x.length };
}
