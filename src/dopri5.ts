/**
 * An allocation-free Dormand–Prince 5(4) integrator with continuous (dense) output, used on the
 * smooth pieces of a Filippov trajectory (the frozen-mode fields of the event-driven solver).
 *
 * The method is the explicit Runge–Kutta pair of Dormand & Prince (1980) with local extrapolation
 * (the 5th-order solution is propagated), the error of the embedded 4th-order solution in the
 * weighted RMS norm ‖e‖ = sqrt(1/n Σ (e_i / (atol + rtol·max(|y_i|, |y1_i|)))²), a PI step-size
 * controller, and Shampine's 4th-order dense output, all as in Hairer's DOPRI5 code (Hairer,
 * Nørsett & Wanner, *Solving Ordinary Differential Equations I*, 2nd ed., Springer 1993, §II.4–II.6,
 * Table 5.2 and the dense output of §II.6). Every buffer is allocated in the constructor.
 */
import { InputError } from "./errors.ts";

/** A smooth right-hand side y' = F(t, y), written into `out` (must not alias `y`). */
export type OdeRhs = (t: number, y: Float64Array, out: Float64Array) => void;

const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

/** Tolerances of {@link Dopri5}. */
export interface Dopri5Tolerances {
  /** Relative tolerance (> 0). */
  rtol: number;
  /** Absolute tolerance (> 0). */
  atol: number;
}

/**
 * Checks tolerances before any work.
 * @throws InputError naming `rtol` or `atol` when it is not a positive finite number (or rtol < 1e-15).
 */
export function validateTolerances(rtol: number, atol: number): void {
  if (!(typeof rtol === "number" && Number.isFinite(rtol) && rtol > 0)) throw new InputError(`invalid argument: \`rtol\` must be a positive number, got ${rtol}`);
  if (!(typeof atol === "number" && Number.isFinite(atol) && atol > 0)) throw new InputError(`invalid argument: \`atol\` must be a positive number, got ${atol}`);
  if (rtol < 1e-15) throw new InputError(`invalid argument: \`rtol\` must be at least 1e-15 (below the rounding of double precision), got ${rtol}`);
}

/**
 * The Dormand–Prince 5(4) stepper. Usage: `start(F, t0, y0)`, then repeatedly `attempt(F, h)` →
 * error norm; if ≤ 1, `accept()` (after optional `prepareDense()` and `dense()` calls on the
 * attempted interval), else retry with {@link proposeAfterReject}.
 */
export class Dopri5 {
  /** Current time and state (start of the next step). */
  t = 0;
  readonly y: Float64Array;
  /** Result of the last attempt: y(t + h). */
  readonly y1: Float64Array;
  /** Step size of the last attempt. */
  h = 0;
  /** F(t, y) (FSAL: F at the end of an accepted step becomes k1 of the next). */
  readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  /** F(t + h, y1). */
  readonly k7: Float64Array;
  private readonly ys: Float64Array;
  /** Dense output coefficients of the last attempt (5 blocks of n). */
  readonly cont: Float64Array;
  private facOld = 1e-4;
  /** Number of right-hand side evaluations. */
  fevals = 0;

  constructor(readonly n: number, public tol: Dopri5Tolerances) {
    validateTolerances(tol.rtol, tol.atol);
    this.y = new Float64Array(n);
    this.y1 = new Float64Array(n);
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.k7 = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.cont = new Float64Array(5 * n);
  }

  /** Sets the initial point and evaluates k1 = F(t0, y0). */
  start(F: OdeRhs, t0: number, y0: Float64Array): void {
    this.t = t0;
    this.y.set(y0.subarray(0, this.n));
    F(t0, this.y, this.k1);
    this.fevals++;
  }

  /**
   * Hairer's initial step size guess (HNW I, §II.4): h from ‖y‖/‖F‖ and an estimate of the second
   * derivative, capped by `hMax`. Costs one F evaluation.
   */
  initialStep(F: OdeRhs, hMax: number): number {
    const { n, y, k1, ys, k2 } = this;
    const { rtol, atol } = this.tol;
    let dnf = 0;
    let dny = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.abs(y[i]);
      dnf += (k1[i] / sk) ** 2;
      dny += (y[i] / sk) ** 2;
    }
    let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h = Math.min(h, hMax);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * k1[i];
    F(this.t + h, ys, k2);
    this.fevals++;
    let der2 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.abs(y[i]);
      der2 += ((k2[i] - k1[i]) / sk) ** 2;
    }
    der2 = Math.sqrt(der2) / h;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : Math.pow(0.01 / der12, 0.2);
    const out = Math.min(100 * h, h1, hMax);
    return out > 0 && Number.isFinite(out) ? out : Math.min(1e-6, hMax);
  }

  /**
   * One trial step of size h from (t, y): fills y1 and k7 = F(t + h, y1).
   * @returns the weighted RMS norm of the local error estimate (≤ 1: acceptable; NaN if F returned NaN).
   */
  attempt(F: OdeRhs, h: number): number {
    const { n, y, k1, k2, k3, k4, k5, k6, k7, ys, y1 } = this;
    const t = this.t;
    this.h = h;
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * A21 * k1[i];
    F(t + C2 * h, ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    F(t + C3 * h, ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    F(t + C4 * h, ys, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    F(t + C5 * h, ys, k5);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    F(t + h, ys, k6);
    for (let i = 0; i < n; i++) y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    F(t + h, y1, k7);
    this.fevals += 6;
    const { rtol, atol } = this.tol;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
      err += (e / sk) ** 2;
    }
    return Math.sqrt(err / n);
  }

  /** Computes the dense output coefficients of the last attempt (call before {@link dense}). */
  prepareDense(): void {
    const { n, y, y1, k1, k3, k4, k5, k6, k7, cont } = this;
    const h = this.h;
    for (let i = 0; i < n; i++) {
      const ydiff = y1[i] - y[i];
      const bspl = h * k1[i] - ydiff;
      cont[i] = y[i];
      cont[n + i] = ydiff;
      cont[2 * n + i] = bspl;
      cont[3 * n + i] = ydiff - h * k7[i] - bspl;
      cont[4 * n + i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
    }
  }

  /** The dense output at time tt ∈ [t, t + h] of the last attempt (after {@link prepareDense}). */
  dense(tt: number, out: Float64Array): Float64Array {
    return evalDense(this.n, this.cont, 0, this.t, this.h, tt, out);
  }

  /** Moves to the end of the last attempt: t += h, y = y1, k1 = k7. */
  accept(): void {
    this.t += this.h;
    this.y.set(this.y1);
    this.k1.set(this.k7);
  }

  /** The next step size after an accepted step with error `err` (PI control, Lund stabilisation β = 0.04). */
  proposeAfterAccept(err: number): number {
    const beta = 0.04;
    const fac11 = Math.pow(Math.max(err, 1e-300), 0.2 - beta * 0.75);
    let fac = fac11 / Math.pow(this.facOld, beta);
    fac = Math.max(0.1, Math.min(5, fac / 0.9));
    this.facOld = Math.max(err, 1e-4);
    return this.h / fac;
  }

  /** The retry step size after a rejected step with error `err` (≥ h/5). */
  proposeAfterReject(err: number): number {
    if (!Number.isFinite(err)) return this.h * 0.25;
    const fac11 = Math.pow(err, 0.2 - 0.04 * 0.75);
    return this.h / Math.min(5, fac11 / 0.9);
  }
}

/**
 * Evaluates a stored dense-output polynomial (Hairer's CONTD5):
 * y(t0 + θh) = c0 + θ(c1 + (1−θ)(c2 + θ(c3 + (1−θ)c4))).
 * @param cont - coefficients, 5 blocks of n starting at `offset`.
 */
export function evalDense(n: number, cont: Float64Array, offset: number, t0: number, h: number, tt: number, out: Float64Array): Float64Array {
  const th = h === 0 ? 0 : (tt - t0) / h;
  const th1 = 1 - th;
  for (let i = 0; i < n; i++) {
    const o = offset + i;
    out[i] = cont[o] + th * (cont[o + n] + th1 * (cont[o + 2 * n] + th * (cont[o + 3 * n] + th1 * cont[o + 4 * n])));
  }
  return out;
}
