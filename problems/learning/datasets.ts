/**
 * Seeded two-class data sets in the plane: two moons, concentric circles, XOR and linearly
 * separable Gaussian blobs with a chosen margin. Labels are ±1.
 *
 * Coordinates are rounded to the dyadic grid 2⁻¹⁰ (`grid`), so sums of data points with
 * power-of-two coefficients are exact in floating point: the perceptron's weight state can then
 * be compared exactly between epochs (cycle detection), see {@link trainPerceptron}.
 */
import { InputError } from "../../src/errors.ts";
import { createRng, type Rng } from "./random.ts";

/** A labelled data set: n points in d dimensions, row-major, and labels yᵢ ∈ {−1, +1}. */
export interface Dataset {
  /** Name of the generator. */
  readonly name: DatasetName;
  readonly n: number;
  readonly d: number;
  /** Points, row-major: x[i·d + j]. */
  readonly x: Float64Array;
  /** Labels ±1. */
  readonly y: Float64Array;
}

/** The generators known to {@link makeDataset}. */
export type DatasetName = "moons" | "circles" | "xor" | "blobs";

/** All generator names, for option checking. */
export const DATASET_NAMES: readonly DatasetName[] = ["moons", "circles", "xor", "blobs"];

/** Options shared by the generators. */
export interface DatasetOptions {
  /** Number of points (default 200). */
  n?: number;
  /** Seed of the mulberry32 generator (default 1). */
  seed?: number;
  /** Standard deviation of the Gaussian noise; default per generator (moons 0.1, circles 0.08, xor 0.2, blobs 0.5). */
  noise?: number;
  /** For `blobs`: the half-width γ₀ of the empty band around the separating line x₁ + x₂ = 2 (default 0.5). */
  margin?: number;
  /** Grid the coordinates are rounded to (a power of two; default 2⁻¹⁰; 0 = no rounding). */
  grid?: number;
}

/** A point on the separating line of `blobs`: the line is x₁ + x₂ = 2, off the origin, so the bias matters. */
export const BLOB_OFFSET: readonly [number, number] = [1.5, 0.5];

const DEFAULT_NOISE: Record<DatasetName, number> = { moons: 0.1, circles: 0.08, xor: 0.2, blobs: 0.5 };

function snap(v: number, grid: number): number {
  return grid > 0 ? Math.round(v / grid) * grid : v;
}

/**
 * Generates a seeded data set by name.
 *
 * - `moons`: the upper half circle (cos t, sin t), label −1, and the lower one (1 − cos t, ½ − sin t),
 *   label +1, t uniform on [0, π], plus N(0, σ²) noise (as scikit-learn's `make_moons`).
 * - `circles`: radius 1 (label −1) and radius ½ (label +1), angle uniform, plus noise.
 * - `xor`: four clusters at (±1, ±1) with label sign(x₁x₂); noise 0 gives the four corners exactly
 *   (integer data), the classic non-separable case (Minsky & Papert 1969).
 * - `blobs`: two Gaussian clusters at o ± (1, 1)·(γ₀ + 2σ)/√2, o = {@link BLOB_OFFSET}, with label
 *   sign(x₁ + x₂ − 2); points whose distance to the line x₁ + x₂ = 2 is below the margin γ₀ are redrawn,
 *   so the set is linearly separable with margin at least γ₀ in the plane.
 *
 * @param name - one of {@link DATASET_NAMES}.
 * @param options - size, seed, noise, margin, grid.
 * @throws InputError for an unknown name, n < 2, a negative noise or margin, or a grid that is not 0 or a power of two.
 * @example makeDataset("moons", { n: 200, seed: 1 }).x.length // 400 (200 points, row-major)
 */
export function makeDataset(name: string, options: DatasetOptions = {}): Dataset {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new InputError(`invalid argument: \`data\` must be one of ${DATASET_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
  }
  const ds = name as DatasetName;
  const n = options.n ?? 200;
  const seed = options.seed ?? 1;
  const noise = options.noise ?? DEFAULT_NOISE[ds];
  const margin = options.margin ?? 0.5;
  const grid = options.grid ?? 2 ** -10;
  if (!Number.isInteger(n) || n < 2) throw new InputError(`invalid argument: \`n\` must be an integer ≥ 2, got ${n}`);
  if (!(Number.isFinite(noise) && noise >= 0)) throw new InputError(`invalid argument: \`noise\` must be a finite number ≥ 0, got ${noise}`);
  if (!(Number.isFinite(margin) && margin >= 0)) throw new InputError(`invalid argument: \`margin\` must be a finite number ≥ 0, got ${margin}`);
  if (!(grid === 0 || (grid > 0 && Number.isFinite(grid) && Math.log2(grid) === Math.round(Math.log2(grid))))) {
    throw new InputError(`invalid argument: \`grid\` must be 0 or a power of two, got ${grid}`);
  }
  const rng = createRng(seed);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? -1 : 1;
    y[i] = label;
    let p0 = 0;
    let p1 = 0;
    switch (ds) {
      case "moons": {
        const t = Math.PI * rng.uniform();
        [p0, p1] = label < 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        p0 = snap(p0 + noise * rng.normal(), grid);
        p1 = snap(p1 + noise * rng.normal(), grid);
        break;
      }
      case "circles": {
        const t = 2 * Math.PI * rng.uniform();
        const r = label < 0 ? 1 : 0.5;
        p0 = snap(r * Math.cos(t) + noise * rng.normal(), grid);
        p1 = snap(r * Math.sin(t) + noise * rng.normal(), grid);
        break;
      }
      case "xor": {
        const s0 = rng.uniform() < 0.5 ? -1 : 1;
        const s1 = label * s0; // sign(x₁x₂) = label
        p0 = snap(s0 + noise * rng.normal(), grid);
        p1 = snap(s1 + noise * rng.normal(), grid);
        // noisy points that crossed an axis keep the label of their cluster (the set stays non-separable)
        break;
      }
      case "blobs": {
        const c = (margin + 2 * noise) / Math.SQRT2;
        for (let tries = 0; ; tries++) {
          p0 = snap(BLOB_OFFSET[0] + label * c + noise * rng.normal(), grid);
          p1 = snap(BLOB_OFFSET[1] + label * c + noise * rng.normal(), grid);
          if ((label * (p0 + p1 - BLOB_OFFSET[0] - BLOB_OFFSET[1])) / Math.SQRT2 >= margin) break;
          if (tries > 10_000) throw new InputError(`invalid argument: \`noise\` ${noise} is too large for margin ${margin}: no point found outside the band`);
        }
        break;
      }
    }
    x[2 * i] = p0;
    x[2 * i + 1] = p1;
  }
  shuffle(x, y, rng);
  return { name: ds, n, d: 2, x, y };
}

function shuffle(x: Float64Array, y: Float64Array, rng: Rng): void {
  const n = y.length;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    let t = y[i];
    y[i] = y[j];
    y[j] = t;
    t = x[2 * i];
    x[2 * i] = x[2 * j];
    x[2 * j] = t;
    t = x[2 * i + 1];
    x[2 * i + 1] = x[2 * j + 1];
    x[2 * j + 1] = t;
  }
}

/**
 * The four XOR points (0,0), (0,1), (1,0), (1,1) with labels −1, +1, +1, −1: integer data,
 * not linearly separable.
 */
export function xorCorners(): Dataset {
  return { name: "xor", n: 4, d: 2, x: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Float64Array.of(-1, 1, 1, -1) };
}

/** Fraction of points with sign(score) = y (a score of 0 counts as wrong). */
export function accuracyOf(scores: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (scores[i] * y[i] > 0) ok++;
  return ok / y.length;
}
