/**
 * Rosenblatt's perceptron as a discrete-time dynamical system on the weights, with exact cycle
 * detection (the pocket variant is in `pocket.ts`).
 */
import { InputError } from "../../src/errors.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";

/** Options of {@link trainPerceptron}. */
export interface PerceptronOptions {
  /** Maximum number of epochs (passes over the data in their fixed order); default 100. */
  epochs?: number;
  /** Step η > 0 (default 1). With w₀ = 0 the iterates are η times those for η = 1. */
  learningRate?: number;
  /** Constant bias coordinate c of x̃ = (x, c) (default 1). */
  bias?: number;
  /** Largest number of updates whose weights are kept in `trajectory` (default 5000). */
  maxTrajectory?: number;
}

/** Result of {@link trainPerceptron}. */
export interface PerceptronResult {
  /** Final augmented weights (w, b), length d + 1: the decision is sgn(w·x + b·c). */
  w: Float64Array;
  /** Training accuracy of the final weights. */
  accuracy: number;
  /** Epochs run (the last one is the mistake-free epoch when `converged`). */
  epochs: number;
  /** Total number of updates (= mistakes made during training). */
  mistakes: number;
  /** Mistakes in each epoch. */
  mistakesPerEpoch: number[];
  /** An epoch went by without a mistake: w separates the data. */
  converged: boolean;
  /** The weights at the end of an epoch equalled those at the end of an earlier one (with mistakes in between): the map is periodic from there on and never converges. */
  cycled: boolean;
  /** Epoch at whose end the repeated state first appeared (when `cycled`). */
  cycleStart: number | null;
  /** Period of the cycle in epochs (when `cycled`). */
  cyclePeriod: number | null;
  /** R = maxᵢ |x̃ᵢ|, the radius in Novikoff's bound. */
  radius: number;
  /** Weights after 0, 1, 2, … updates (row-major, (d + 1) per row), up to `maxTrajectory` rows. */
  trajectory: Float64Array;
  /** Number of rows of `trajectory`. */
  trajectoryLength: number;
}

/**
 * Trains Rosenblatt's perceptron with a hard-limiter output on labelled data.
 *
 * With the augmented points x̃ᵢ = (xᵢ, c) and w₀ = 0, the weights follow the discrete-time system
 *
 *     w_{k+1} = w_k + η yᵢ x̃ᵢ · [yᵢ · sgn(w_k·x̃ᵢ) ≤ 0],    i = k mod n,
 *
 * where sgn is the `sign` law (its selection at 0 is 0, which counts as a mistake). On data separable
 * with margin γ (|w*| = 1, yᵢ w*·x̃ᵢ ≥ γ) the number of updates is at most (R/γ)², R = maxᵢ|x̃ᵢ|
 * (Novikoff 1962), so an epoch without a mistake ends the run (`converged`). On non-separable data the
 * weights stay bounded (perceptron cycling theorem, Block & Levin 1970); the state at the end of each
 * epoch is compared exactly with all earlier ones, and a repetition with mistakes in between proves the
 * map periodic (`cycled`): it will never converge. On dyadic data (see {@link makeDataset}) the
 * iterates are exact in floating point (the system is run in units of η), so a repetition is not an
 * artefact of rounding. On non-separable data use the pocket variant, `trainPocket`.
 *
 * Rosenblatt, F. (1958), The perceptron: a probabilistic model for information storage and organization
 * in the brain, Psychological Review 65(6). Novikoff, A. B. J. (1962), On convergence proofs on
 * perceptrons, Symposium on the Mathematical Theory of Automata 12. Block, H. D. & Levin, S. A. (1970), On the
 * boundedness of an iterative procedure for solving a system of linear inequalities, Proc. AMS 26.
 *
 * @param x - points, row-major n × d.
 * @param y - labels ±1.
 * @param d - dimension.
 * @param options - epochs, learning rate, bias coordinate, trajectory budget.
 * @throws InputError for mismatched sizes, labels other than ±1, epochs not a positive integer, η not finite and positive.
 * @example trainPerceptron(xorCorners().x, xorCorners().y, 2).cycled // true
 */
export function trainPerceptron(x: Float64Array, y: Float64Array, d: number, options: PerceptronOptions = {}): PerceptronResult {
  const n = y.length;
  const epochsMax = options.epochs ?? 100;
  const eta = options.learningRate ?? 1;
  const c = options.bias ?? 1;
  const maxTraj = options.maxTrajectory ?? 5000;
  if (x.length !== n * d) throw new InputError(`invalid argument: \`x\` must have length n·d = ${n * d}, got ${x.length}`);
  for (let i = 0; i < n; i++) if (y[i] !== 1 && y[i] !== -1) throw new InputError(`invalid argument: \`y[${i}]\` must be −1 or +1, got ${y[i]}`);
  if (!Number.isInteger(epochsMax) || epochsMax <= 0) throw new InputError(`invalid argument: \`epochs\` must be a positive integer, got ${epochsMax}`);
  if (!Number.isFinite(eta) || eta <= 0) throw new InputError(`invalid argument: \`learningRate\` must be a finite positive number, got ${eta}`);
  if (!Number.isFinite(c)) throw new InputError(`invalid argument: \`bias\` must be a finite number, got ${c}`);

  const sgn = LawSet.uniform(lawFromSpec("sign"), 1);
  const D = d + 1;
  const v = new Float64Array(D); // weights in units of η
  let radius = 0;
  for (let i = 0; i < n; i++) {
    let s = c * c;
    for (let j = 0; j < d; j++) s += x[i * d + j] ** 2;
    radius = Math.max(radius, Math.sqrt(s));
  }
  const score = (wv: Float64Array, i: number): number => {
    let a = wv[d] * c;
    for (let j = 0; j < d; j++) a += wv[j] * x[i * d + j];
    return a;
  };
  const errorsOf = (wv: Float64Array): number => {
    let e = 0;
    for (let i = 0; i < n; i++) if (y[i] * sgn.select(0, score(wv, i)) <= 0) e++;
    return e;
  };

  const traj = new Float64Array(Math.min(maxTraj, 1 + epochsMax * n + 1) * D);
  let trajRows = 1; // row 0 = w₀ = 0
  let mistakes = 0;
  const perEpoch: number[] = [];
  const seen = new Map<string, number>([[v.join(","), 0]]);
  let converged = false;
  let cycled = false;
  let cycleStart: number | null = null;
  let cyclePeriod: number | null = null;
  let epoch = 0;
  while (epoch < epochsMax) {
    epoch++;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const out = sgn.select(0, score(v, i)); // hard limiter
      if (y[i] * out <= 0) {
        for (let j = 0; j < d; j++) v[j] += y[i] * x[i * d + j];
        v[d] += y[i] * c;
        m++;
        if (trajRows * D < traj.length) {
          traj.set(v, trajRows * D);
          trajRows++;
        }
      }
    }
    mistakes += m;
    perEpoch.push(m);
    if (m === 0) {
      converged = true;
      break;
    }
    const key = v.join(",");
    const prev = seen.get(key);
    if (prev !== undefined) {
      cycled = true;
      cycleStart = prev;
      cyclePeriod = epoch - prev;
      break;
    }
    seen.set(key, epoch);
  }
  const w = v.map((t) => eta * t);
  const errors = errorsOf(v);
  return {
    w,
    accuracy: (n - errors) / n,
    epochs: epoch,
    mistakes,
    mistakesPerEpoch: perEpoch,
    converged,
    cycled,
    cycleStart,
    cyclePeriod,
    radius,
    trajectory: traj.slice(0, trajRows * D).map((t) => eta * t),
    trajectoryLength: trajRows,
  };
}

/**
 * Novikoff's bound (R/γ)² on the number of perceptron updates for data separable with margin γ > 0
 * (Novikoff 1962).
 * @param radius - R = maxᵢ |x̃ᵢ|.
 * @param gamma - the margin γ of some unit separator (the maximum margin gives the tightest bound).
 * @throws InputError unless R ≥ 0 and γ > 0 are finite.
 * @example novikoffBound(2, 0.5) // 16
 */
export function novikoffBound(radius: number, gamma: number): number {
  if (!(Number.isFinite(radius) && radius >= 0)) throw new InputError(`invalid argument: \`radius\` must be a finite number ≥ 0, got ${radius}`);
  if (!(Number.isFinite(gamma) && gamma > 0)) throw new InputError(`invalid argument: \`gamma\` must be a finite positive number, got ${gamma}`);
  return (radius / gamma) ** 2;
}
