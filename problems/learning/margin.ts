/**
 * The maximum margin of a labelled data set through the origin of the augmented space
 * x̃ = (x, c): the γ in Novikoff's perceptron bound (R/γ)².
 */
import { InputError } from "../../src/errors.ts";

/** Result of {@link maxMargin}. */
export interface MarginResult {
  /** `optimal`: the margin is bracketed to `tol`; `not-separated`: no separating vector found within the sweep budget. */
  status: "optimal" | "not-separated";
  /** Unit-length separator in the augmented space (length d + 1; last entry multiplies the bias coordinate c). */
  w: Float64Array;
  /** Lower bound on the maximum margin: the geometric margin min yᵢ w·x̃ᵢ / |w| of the returned w. */
  gamma: number;
  /** Upper bound on the maximum margin from weak duality: 1/√(2·D(α)). */
  gammaUpper: number;
  /** R = maxᵢ |x̃ᵢ|. */
  radius: number;
  /** Coordinate-ascent sweeps done. */
  sweeps: number;
}

/**
 * Maximum margin γ* = max_{|w|=1} minᵢ yᵢ w·x̃ᵢ of the augmented points x̃ᵢ = (xᵢ, c), by the hard-margin
 * SVM without a separate bias.
 *
 * Primal: min ½|w|² s.t. yᵢ w·x̃ᵢ ≥ 1, so γ* = 1/|w*|. Dual: max D(α) = Σαᵢ − ½|Σαᵢyᵢx̃ᵢ|², α ≥ 0, solved by
 * exact coordinate ascent (Hildreth 1957): αᵢ ← max(0, αᵢ + (1 − yᵢ w·x̃ᵢ)/|x̃ᵢ|²), w = Σαᵢyᵢx̃ᵢ.
 * Each sweep brackets the answer: γ(w) = minᵢ yᵢ w·x̃ᵢ/|w| ≤ γ* ≤ 1/√(2D(α)) (weak duality); the loop
 * stops when the relative gap is below `tol`.
 *
 * @param x - points, row-major n × d.
 * @param y - labels ±1, length n.
 * @param d - dimension.
 * @param options - `bias` c (default 1; 0 = no bias coordinate), `tol` (default 1e-10), `maxSweeps` (default 200 000).
 * @throws InputError when the sizes disagree or a label is not ±1.
 * @example maxMargin(Float64Array.of(1, 0, -1, 0), Float64Array.of(1, -1), 2, { bias: 0 }).gamma // 1
 */
export function maxMargin(x: Float64Array, y: Float64Array, d: number, options: { bias?: number; tol?: number; maxSweeps?: number } = {}): MarginResult {
  const n = y.length;
  if (x.length !== n * d) throw new InputError(`invalid argument: \`x\` must have length n·d = ${n * d}, got ${x.length}`);
  for (let i = 0; i < n; i++) if (y[i] !== 1 && y[i] !== -1) throw new InputError(`invalid argument: \`y[${i}]\` must be −1 or +1, got ${y[i]}`);
  const c = options.bias ?? 1;
  const tol = options.tol ?? 1e-10;
  const maxSweeps = options.maxSweeps ?? 200_000;
  const D = d + 1;
  const z = new Float64Array(n * D);
  const zz = new Float64Array(n);
  let radius = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      z[i * D + j] = x[i * d + j];
      s += x[i * d + j] ** 2;
    }
    z[i * D + d] = c;
    s += c * c;
    zz[i] = s;
    radius = Math.max(radius, Math.sqrt(s));
  }
  const alpha = new Float64Array(n);
  const w = new Float64Array(D);
  let gamma = -Infinity;
  let gammaUpper = Infinity;
  let sweeps = 0;
  let status: MarginResult["status"] = "not-separated";
  while (sweeps < maxSweeps) {
    sweeps++;
    for (let i = 0; i < n; i++) {
      if (zz[i] === 0) continue;
      let m = 0;
      for (let j = 0; j < D; j++) m += w[j] * z[i * D + j];
      const a = Math.max(0, alpha[i] + (1 - y[i] * m) / zz[i]);
      const da = (a - alpha[i]) * y[i];
      if (da !== 0) for (let j = 0; j < D; j++) w[j] += da * z[i * D + j];
      alpha[i] = a;
    }
    let sa = 0;
    let ww = 0;
    for (let i = 0; i < n; i++) sa += alpha[i];
    for (let j = 0; j < D; j++) ww += w[j] * w[j];
    const dual = sa - 0.5 * ww;
    let mmin = Infinity;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < D; j++) m += w[j] * z[i * D + j];
      mmin = Math.min(mmin, y[i] * m);
    }
    const norm = Math.sqrt(ww);
    gamma = norm > 0 ? mmin / norm : -Infinity;
    gammaUpper = dual > 0 ? 1 / Math.sqrt(2 * dual) : Infinity;
    if (gamma > 0 && gammaUpper - gamma <= tol * gammaUpper) {
      status = "optimal";
      break;
    }
  }
  const norm = Math.hypot(...w);
  const unit = new Float64Array(D);
  if (norm > 0) for (let j = 0; j < D; j++) unit[j] = w[j] / norm;
  return { status, w: unit, gamma, gammaUpper, radius, sweeps };
}
