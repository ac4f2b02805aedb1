/**
 * Gallant's pocket algorithm with ratchet: the perceptron for non-separable data.
 */
import { InputError } from "../../src/errors.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { createRng } from "./random.ts";

/** Options of {@link trainPocket}. */
export interface PocketOptions {
  /** Number of epochs; one epoch is n randomly drawn examples (default 100). */
  epochs?: number;
  /** Seed of the sampling order (default 1). */
  seed?: number;
  /** Constant bias coordinate c of x̃ = (x, c) (default 1). */
  bias?: number;
}

/** Result of {@link trainPocket}. */
export interface PocketResult {
  /** Pocket weights (w, b), length d + 1. */
  w: Float64Array;
  /** Training accuracy of the pocket weights. */
  accuracy: number;
  /** Perceptron updates made. */
  updates: number;
  /** Times the pocket was replaced. */
  replacements: number;
  /** Training errors of the pocket after each epoch. */
  errorsPerEpoch: number[];
}

/**
 * Trains the pocket perceptron with ratchet on labelled (possibly non-separable) data.
 *
 * The perceptron w ← w + yᵢx̃ᵢ runs on examples i drawn uniformly at random; the current w has a *run*
 * (its number of consecutive correct classifications). When the run exceeds the pocket's run and w
 * classifies more training examples correctly than the pocket weights, w goes into the pocket (the
 * ratchet keeps the pocket's training accuracy monotone). With random sampling the pocket weights
 * converge in probability to a minimum-error linear separator (Gallant 1990, Theorem 1).
 *
 * Gallant, S. I. (1990), Perceptron-based learning algorithms, IEEE Transactions on Neural Networks 1(2), 179–191.
 *
 * @param x - points, row-major n × d.
 * @param y - labels ±1.
 * @param d - dimension.
 * @param options - epochs, seed, bias coordinate.
 * @throws InputError for mismatched sizes, labels other than ±1, or epochs not a positive integer.
 * @example trainPocket(ds.x, ds.y, 2, { epochs: 200 }).accuracy // 0.805 for makeDataset("xor", { seed: 1 })
 */
export function trainPocket(x: Float64Array, y: Float64Array, d: number, options: PocketOptions = {}): PocketResult {
  const n = y.length;
  const epochs = options.epochs ?? 100;
  const c = options.bias ?? 1;
  if (x.length !== n * d) throw new InputError(`invalid argument: \`x\` must have length n·d = ${n * d}, got ${x.length}`);
  for (let i = 0; i < n; i++) if (y[i] !== 1 && y[i] !== -1) throw new InputError(`invalid argument: \`y[${i}]\` must be −1 or +1, got ${y[i]}`);
  if (!Number.isInteger(epochs) || epochs <= 0) throw new InputError(`invalid argument: \`epochs\` must be a positive integer, got ${epochs}`);
  const rng = createRng(options.seed ?? 1);
  const sgn = LawSet.uniform(lawFromSpec("sign"), 1);
  const D = d + 1;
  const v = new Float64Array(D);
  const pocket = new Float64Array(D);
  const correct = (wv: Float64Array, i: number): boolean => {
    let a = wv[d] * c;
    for (let j = 0; j < d; j++) a += wv[j] * x[i * d + j];
    return y[i] * sgn.select(0, a) > 0;
  };
  const errorsOf = (wv: Float64Array): number => {
    let e = 0;
    for (let i = 0; i < n; i++) if (!correct(wv, i)) e++;
    return e;
  };
  let pocketErrors = errorsOf(pocket);
  let pocketRun = 0;
  let run = 0;
  let updates = 0;
  let replacements = 0;
  const errorsPerEpoch: number[] = [];
  for (let e = 0; e < epochs && pocketErrors > 0; e++) {
    for (let t = 0; t < n; t++) {
      const i = rng.int(n);
      if (correct(v, i)) {
        run++;
        if (run > pocketRun) {
          const err = errorsOf(v);
          if (err < pocketErrors) {
            pocket.set(v);
            pocketErrors = err;
            pocketRun = run;
            replacements++;
          }
        }
      } else {
        for (let j = 0; j < d; j++) v[j] += y[i] * x[i * d + j];
        v[d] += y[i] * c;
        run = 0;
        updates++;
      }
    }
    errorsPerEpoch.push(pocketErrors);
  }
  return { w: pocket, accuracy: (n - pocketErrors) / n, updates, replacements, errorsPerEpoch };
}
