/**
 * The restoration pipeline used by the `restore` command and the benchmark: per channel, optional
 * impulse detection (two-phase method), choice of λ, the network of `network.ts` integrated by the
 * `primal-dual` solver from the observation, and the energy history.
 *
 * Methods (fidelity l1 or l2):
 * - `direct`: fidelity weights v = 1 (plain TV-L1 / TV-L2 restoration);
 * - `two-phase` (Chan, Ho & Nikolova, IEEE TIP 14(10), 2005): phase 1 detects impulse-corrupted
 *   pixels with the adaptive median filter (windows up to 7×7); phase 2 minimises the energy with
 *   v_j = 0 on detected pixels (they are dropped from the fidelity) and 1 elsewhere, starting from the
 *   adaptive-median output. Same network form, weighted L1 fidelity.
 *
 * λ (`lambda: "auto"`, see {@link chooseLambda}) is chosen from the observation only.
 */
import { InputError } from "../../src/errors.ts";
import type { BlurSpec } from "../../src/image/blur.ts";
import { detectImpulses } from "../../src/image/filters.ts";
import { makeImage, type Image } from "../../src/image/image.ts";
import { estimateGaussianSigma } from "../../src/image/noise-estimate.ts";
import { solve } from "../../src/solver.ts";
import { primalDual, type PrimalDualSolution } from "../../solvers/primal-dual.ts";
import { buildRestorationNetwork, type Fidelity } from "./network.ts";

/** Restoration method: two-phase (impulse detection, weighted fidelity) or direct. */
export type RestoreMethod = "two-phase" | "direct";

/** Options of {@link restoreImage}. */
export interface RestoreOptions {
  blur: BlurSpec;
  fidelity: Fidelity;
  method: RestoreMethod;
  /** λ > 0, or "auto" (see {@link chooseLambda}). */
  lambda: number | "auto";
  /** Constrain the restored intensities to [0, 1] (default true). */
  box?: boolean;
  /** Stationarity tolerance of the solver (relative energy change per step; default 1e-4). */
  tol?: number;
  /** Step budget per channel (default 5000) and wall-time budget per channel in seconds (default 120). */
  maxSteps?: number;
  maxSeconds?: number;
  /** Called after each time step: channel, step number, energy E. */
  onStep?: (channel: number, step: number, energy: number) => void;
}

/** Per-channel outcome. */
export interface ChannelOutcome {
  /** Energy E(x(t)) at the step times (E1 or E2 of `network.ts`). */
  energyTimes: Float64Array;
  energy: Float64Array;
  /** Final E. */
  objective: number;
  steps: number;
  innerIterations: number;
  status: string;
  message: string;
  /** Fraction of pixels detected as impulses (two-phase), else 0. */
  detectedFraction: number;
}

/** Result of {@link restoreImage}. */
export interface RestoreResult {
  image: Image;
  lambda: number;
  /** How λ was set: "user" or "auto". */
  lambdaSource: "user" | "auto";
  /** The noise statistic λ auto used: σ̂ (l2) or the detected impulse fraction (l1). */
  noiseEstimate: number;
  channels: ChannelOutcome[];
  seconds: number;
}

/** Default λ for each fidelity/method, the constants of {@link chooseLambda}'s rules. */
export const LAMBDA_RULES = {
  /** l1 direct: λ = a + b·ρ̂ (ρ̂ detected impulse fraction). */
  l1Direct: { a: 0.45, b: 0.8 },
  /** l1 two-phase: constant λ. */
  l1TwoPhase: 0.5,
  /** l2: λ = c·σ̂ (no blur) or c_blur·σ̂ (with blur), σ̂ the MAD noise estimate. */
  l2: { c: 1.2, cBlur: 0.5, floor: 1e-4 },
};

/**
 * λ from the observation alone:
 * - l2 (Gaussian noise): σ̂ = {@link estimateGaussianSigma} of the observation; λ = c·σ̂ (c = 1.2
 *   without blur, 0.5 with blur), at least 1e-4;
 * - l1 direct: ρ̂ = fraction of pixels {@link detectImpulses} flags as impulses; λ = 0.45 + 0.8·ρ̂;
 * - l1 two-phase: λ = 0.5 (also removes impulses the detector missed: an isolated outlier survives only when 4λ < 1).
 * The constants were fitted on the project's test images (see docs/imaging.md).
 */
export function chooseLambda(g: Float64Array, width: number, height: number, fidelity: Fidelity, method: RestoreMethod, blur: BlurSpec): { lambda: number; estimate: number } {
  if (fidelity === "l2") {
    const s = estimateGaussianSigma(g, width, height);
    const c = blur.type === "none" ? LAMBDA_RULES.l2.c : LAMBDA_RULES.l2.cBlur;
    return { lambda: Math.max(LAMBDA_RULES.l2.floor, c * s), estimate: s };
  }
  const rho = detectImpulses(g, width, height, 7).noisyFraction;
  if (method === "two-phase") return { lambda: LAMBDA_RULES.l1TwoPhase, estimate: rho };
  return { lambda: LAMBDA_RULES.l1Direct.a + LAMBDA_RULES.l1Direct.b * rho, estimate: rho };
}

/**
 * Restores an image channel by channel (see the module comment).
 * @throws InputError for invalid options or a kernel larger than the image.
 */
export function restoreImage(observed: Image, o: RestoreOptions): RestoreResult {
  const t0 = performance.now();
  const { width, height } = observed;
  const n = width * height;
  if (o.method !== "two-phase" && o.method !== "direct") throw new InputError(`invalid option: \`--method\` must be two-phase or direct, got ${JSON.stringify(o.method)}`);
  // one λ for all channels: from the channel mean when automatic
  let lambda: number;
  let estimate = NaN;
  if (o.lambda === "auto") {
    const mean = new Float64Array(n);
    for (const p of observed.channels) for (let j = 0; j < n; j++) mean[j] += p[j] / observed.channels.length;
    const c = chooseLambda(mean, width, height, o.fidelity, o.method, o.blur);
    lambda = c.lambda;
    estimate = c.estimate;
  } else lambda = o.lambda;
  const outPlanes: Float64Array[] = [];
  const outcomes: ChannelOutcome[] = [];
  observed.channels.forEach((g, c) => {
    let weights: Float64Array | undefined;
    let x0 = g;
    let detected = 0;
    if (o.method === "two-phase") {
      const amf = detectImpulses(g, width, height, 7);
      weights = new Float64Array(n);
      for (let j = 0; j < n; j++) weights[j] = amf.noisy[j] ? 0 : 1;
      x0 = amf.filtered;
      detected = amf.noisyFraction;
    }
    const net = buildRestorationNetwork({ width, height, observed: g, blur: o.blur, lambda, fidelity: o.fidelity, weights });
    let step = 0;
    const sol = solve(
      primalDual,
      { inclusion: net.inclusion, x0, t0: 0, tEnd: 1e12 },
      {
        tol: o.tol ?? 1e-4,
        box: o.box === false ? undefined : [0, 1],
        weights: net.unitWeights,
        maxSteps: o.maxSteps ?? 5000,
        maxWallSeconds: o.maxSeconds ?? 120,
        saveEvery: 1e9,
        onProgress: o.onStep ? () => o.onStep!(c, ++step, NaN) : undefined,
      },
    ) as PrimalDualSolution;
    const energy = sol.energy.map((e) => e + net.offset);
    outPlanes.push(sol.xFinal);
    outcomes.push({
      energyTimes: sol.energyTimes,
      energy,
      objective: net.energy(sol.xFinal),
      steps: sol.stats.steps,
      innerIterations: sol.innerIterations,
      status: sol.status,
      message: sol.message,
      detectedFraction: detected,
    });
  });
  return {
    image: makeImage(width, height, outPlanes, observed.bitDepth),
    lambda,
    lambdaSource: o.lambda === "auto" ? "auto" : "user",
    noiseEstimate: estimate,
    channels: outcomes,
    seconds: (performance.now() - t0) / 1000,
  };
}
