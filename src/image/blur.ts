/**
 * Blur specifications and the blur operator H: convolution with a normalized, symmetric, separable
 * kernel under the symmetric (half-sample) boundary rule
 *
 *     (H x)_{i,j} = Σ_{a,b} k_a k_b · x_{r(i+a), r(j+b)},   a, b ∈ −R..R,
 *
 * with r the half-sample reflection `d c b a | a b c d | d c b a` (scipy.ndimage mode `reflect`) and
 * Σ k_a = 1. Hᵀ scatters with the same weights. The kernel is symmetric, so convolution and
 * correlation coincide and H equals `scipy.ndimage.convolve(x, k⊗k, mode="reflect")`.
 */
import { InputError } from "../errors.ts";
import { MatrixFreeOperator, IdentityOperator, type LinearOperator } from "../model/operator.ts";

/** A parsed blur: `none`, a Gaussian (σ, size) or a box (size). */
export type BlurSpec =
  | { type: "none" }
  | { type: "gaussian"; sigma: number; size: number }
  | { type: "box"; size: number };

/**
 * Parses `none`, `gaussian:SIGMA:SIZE` or `box:SIZE` (SIZE an odd positive integer, SIGMA > 0).
 * @param option - the option name for messages (default `--blur`).
 * @throws InputError naming the option and the value, e.g. for `gaussian:-1:7`.
 */
export function parseBlur(text: string, option = "--blur"): BlurSpec {
  const bad = (why: string): never => {
    throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(text)}: ${why}; expected none, gaussian:SIGMA:SIZE or box:SIZE`);
  };
  const parts = text.trim().split(":");
  const size = (s: string | undefined) => {
    const v = Number(s);
    if (s === undefined || s.trim() === "" || !Number.isInteger(v) || v < 1 || v % 2 === 0) bad(`SIZE must be an odd positive integer, got ${JSON.stringify(s ?? "")}`);
    return v;
  };
  switch (parts[0]) {
    case "none":
      if (parts.length !== 1) bad("`none` takes no parameters");
      return { type: "none" };
    case "gaussian": {
      if (parts.length !== 3) bad("a Gaussian blur needs SIGMA and SIZE");
      const sigma = Number(parts[1]);
      if (parts[1].trim() === "" || !Number.isFinite(sigma) || !(sigma > 0)) bad(`SIGMA must be a positive number, got ${JSON.stringify(parts[1])}`);
      return { type: "gaussian", sigma, size: size(parts[2]) };
    }
    case "box":
      if (parts.length !== 2) bad("a box blur needs SIZE");
      return { type: "box", size: size(parts[1]) };
    default:
      return bad(`unknown blur type ${JSON.stringify(parts[0])}`);
  }
}

/** The canonical text of a blur spec (inverse of {@link parseBlur}). */
export function formatBlur(b: BlurSpec): string {
  return b.type === "none" ? "none" : b.type === "box" ? `box:${b.size}` : `gaussian:${b.sigma}:${b.size}`;
}

/**
 * The normalized 1-D factor k of the separable 2-D kernel k⊗k (length = SIZE, sum 1).
 * Gaussian: k_a ∝ exp(−a²/(2σ²)), a = −R..R; box: k_a = 1/SIZE.
 */
export function kernel1d(b: BlurSpec): Float64Array {
  if (b.type === "none") return Float64Array.of(1);
  const k = new Float64Array(b.size);
  const r = (b.size - 1) / 2;
  let s = 0;
  for (let a = -r; a <= r; a++) {
    const v = b.type === "box" ? 1 : Math.exp((-a * a) / (2 * b.sigma * b.sigma));
    k[a + r] = v;
    s += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/** Half-sample symmetric reflection of index i into [0, n) (scipy.ndimage mode `reflect`). */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

/** Source-index table: idx[i·K + t] = r(i + t − R) for a kernel of K = 2R+1 taps on a line of n samples. */
function indexTable(n: number, K: number): Int32Array {
  const R = (K - 1) / 2;
  const idx = new Int32Array(n * K);
  for (let i = 0; i < n; i++) for (let t = 0; t < K; t++) idx[i * K + t] = reflectIndex(i + t - R, n);
  return idx;
}

/**
 * Checks that the blur kernel fits the image.
 * @throws InputError naming `option` when SIZE exceeds the width or height.
 */
export function requireKernelFits(b: BlurSpec, width: number, height: number, option = "--blur"): void {
  if (b.type === "none") return;
  if (b.size > width || b.size > height) {
    throw new InputError(`invalid option: \`${option}\` ${JSON.stringify(formatBlur(b))}: kernel size ${b.size} is larger than the image (${width}×${height})`);
  }
}

/**
 * Separable convolution with kernel k⊗k and reflect boundary as a matrix-free {@link LinearOperator}
 * on width·height images (row-major); `none` gives the identity.
 * apply: out = H x (gather); applyTranspose: out = Hᵀ y (scatter). No allocation per call.
 * @throws InputError when the kernel is larger than the image.
 */
export function blurOperator(b: BlurSpec, width: number, height: number): LinearOperator {
  const n = width * height;
  if (b.type === "none") return new IdentityOperator(n);
  requireKernelFits(b, width, height);
  const k = kernel1d(b);
  const K = k.length;
  const ix = indexTable(width, K);
  const iy = indexTable(height, K);
  const tmp = new Float64Array(n);
  const R = (K - 1) / 2;
  // interior columns [R, width − R) need no reflection
  const j0 = Math.min(R, width);
  const j1 = Math.max(j0, width - R);
  // horizontal pass: out[i,j] = Σ_t k_t x[i, r(j + t − R)]
  const rowsGather = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < height; i++) {
      const o = i * width;
      for (let j = 0; j < j0; j++) {
        let s = 0;
        const b0 = j * K;
        for (let t = 0; t < K; t++) s += k[t] * x[o + ix[b0 + t]];
        out[o + j] = s;
      }
      for (let j = j0; j < j1; j++) {
        let s = 0;
        const src = o + j - R;
        for (let t = 0; t < K; t++) s += k[t] * x[src + t];
        out[o + j] = s;
      }
      for (let j = j1; j < width; j++) {
        let s = 0;
        const b0 = j * K;
        for (let t = 0; t < K; t++) s += k[t] * x[o + ix[b0 + t]];
        out[o + j] = s;
      }
    }
  };
  const colsGather = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < height; i++) {
      const o = i * width;
      const b0 = i * K;
      const k0 = k[0];
      const src0 = iy[b0] * width;
      for (let j = 0; j < width; j++) out[o + j] = k0 * x[src0 + j];
      for (let t = 1; t < K; t++) {
        const kt = k[t];
        const src = iy[b0 + t] * width;
        for (let j = 0; j < width; j++) out[o + j] += kt * x[src + j];
      }
    }
  };
  const rowsScatter = (y: Float64Array, out: Float64Array) => {
    out.fill(0, 0, n);
    for (let i = 0; i < height; i++) {
      const o = i * width;
      for (let j = 0; j < j0; j++) {
        const v = y[o + j];
        const b0 = j * K;
        for (let t = 0; t < K; t++) out[o + ix[b0 + t]] += k[t] * v;
      }
      for (let j = j0; j < j1; j++) {
        const v = y[o + j];
        const dst = o + j - R;
        for (let t = 0; t < K; t++) out[dst + t] += k[t] * v;
      }
      for (let j = j1; j < width; j++) {
        const v = y[o + j];
        const b0 = j * K;
        for (let t = 0; t < K; t++) out[o + ix[b0 + t]] += k[t] * v;
      }
    }
  };
  const colsScatter = (y: Float64Array, out: Float64Array) => {
    out.fill(0, 0, n);
    for (let i = 0; i < height; i++) {
      const o = i * width;
      const b0 = i * K;
      for (let t = 0; t < K; t++) {
        const kt = k[t];
        const dst = iy[b0 + t] * width;
        for (let j = 0; j < width; j++) out[dst + j] += kt * y[o + j];
      }
    }
  };
  return new MatrixFreeOperator(
    n,
    n,
    (x, out) => {
      rowsGather(x, tmp);
      colsGather(tmp, out);
      return out;
    },
    (y, out) => {
      colsScatter(y, tmp);
      rowsScatter(tmp, out);
      return out;
    },
  );
}
