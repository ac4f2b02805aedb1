/**
 * One implicit step of the Liu–Wang network (see `network.ts`) as the solver loop uses it: the θ = 1
 * step x⁺ = W⁻¹(x + h u) + h W⁻¹G s⁺ with s⁺ from the relay problem w = q − M s, s ∈ Law(w),
 * M = −h C W⁻¹G, for h = τε. Three implementations: `LpStepOps` (closed form, M = τσK),
 * `QpStepOps` (low-rank corrected, `qp-step.ts`) and the generic {@link ThetaStepOps}.
 */
import { DenseRelayMatrix, type RelayMatrix } from "../../src/relay/matrix.ts";
import { applyWinv, buildThetaOperators, type ThetaOperators } from "../../src/theta-operators.ts";
import { networkInclusion, type LiuWangNetwork } from "./network.ts";

/** The operators of one implicit step for a step τ = h/ε and gain σ. */
export interface StepOps {
  /** The relay matrix M = −h C W⁻¹G of the current step (one object, updated by `set`). */
  readonly M: RelayMatrix;
  /** Selects the step τ = h/ε and the gain σ. */
  set(tau: number, sigma: number): void;
  /** out = W⁻¹(x + h u): the state without the activation term. */
  free(x: Float64Array, out: Float64Array): void;
  /** out += h W⁻¹ G s. */
  correct(s: Float64Array, out: Float64Array): void;
}

/**
 * Generic: the θ-method operators of the network's inclusion for h = τε (θ = 1), built by
 * `buildThetaOperators` per step size (cached for the last few).
 */
export class ThetaStepOps implements StepOps {
  readonly M: DenseRelayMatrix;
  private ops: ThetaOperators | null = null;
  private readonly cache = new Map<string, ThetaOperators>();
  private h = 0;
  constructor(private readonly net: LiuWangNetwork) {
    this.M = new DenseRelayMatrix(net.k, new Float64Array(net.k * net.k));
  }
  set(tau: number, sigma: number): void {
    const key = `${tau}|${sigma}`;
    const h = tau * this.net.epsilon;
    let ops = this.cache.get(key);
    if (!ops) {
      if (this.cache.size > 8) this.cache.clear();
      ops = buildThetaOperators(networkInclusion(this.net, sigma), h, 1);
      this.cache.set(key, ops);
    }
    if (ops !== this.ops) this.M.assign(ops.M);
    this.ops = ops;
    this.h = h;
  }
  free(x: Float64Array, out: Float64Array): void {
    const { net, h } = this;
    const n = net.n;
    for (let j = 0; j < n; j++) out[j] = x[j] + h * ((net.q[j] - net.Nc[j]) / net.epsilon);
    applyWinv(this.ops!, n, out);
  }
  correct(s: Float64Array, out: Float64Array): void {
    const { net, h } = this;
    const k = net.k;
    const W = this.ops!.WinvG;
    for (let i = 0; i < net.n; i++) {
      let acc = 0;
      const row = i * k;
      for (let j = 0; j < k; j++) acc += W[row + j] * s[j];
      out[i] += h * acc;
    }
  }
}

