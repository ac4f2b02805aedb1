/**
 * x1' ∈ −sgn(x1) + 0.5 sin t, x2' = x1, x(0) = (1, 0): x1 = 1 − t + 0.5(1 − cos t) until it reaches 0 at
 * the root t* of 1.5 − t − 0.5 cos t, then slides at 0 (selection s = 0.5 sin t). The integral state
 * x2(t) = 1.5 t* − t*²/2 − 0.5 sin t* for t ≥ t* makes the global error measurable for order tests.
 */
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Root of 1.5 − t − 0.5 cos t by Newton's method (the arrival time at the surface). */
export function forcedSlidingArrival(): number {
  let t = 1.4;
  for (let i = 0; i < 50; i++) {
    const f = 1.5 - t - 0.5 * Math.cos(t);
    const df = -1 + 0.5 * Math.sin(t);
    const step = f / df;
    t -= step;
    if (Math.abs(step) < 1e-16) break;
  }
  return t;
}

/** Builds the forced sliding system on [0, tEnd] (default 3). */
export function forcedSliding(options: { tEnd?: number } = {}): CanonicalSystem {
  const tEnd = options.tEnd ?? 3;
  const ts = forcedSlidingArrival();
  const inclusion = createInclusion({
    B: DenseOperator.fromRows([[0, 0], [-1, 0]]),
    u: (t, out) => {
      out[0] = 0.5 * Math.sin(t);
      out[1] = 0;
      return out;
    },
    G: DenseOperator.fromRows([[-1], [0]]),
    C: DenseOperator.fromRows([[1, 0]]),
    laws: LawSet.uniform(lawFromSpec("sign"), 1),
  });
  const x1 = (t: number) => 1.5 - t - 0.5 * Math.cos(t);
  const x2 = (t: number) => 1.5 * t - (t * t) / 2 - 0.5 * Math.sin(t);
  return {
    name: "forced-sliding",
    title: "x1' ∈ −sgn(x1) + 0.5 sin t, x2' = x1",
    description: "Arrival at the surface at t* ≈ 1.4297, then sliding with a time-varying Filippov selection.",
    problem: { inclusion, x0: Float64Array.of(1, 0), t0: 0, tEnd },
    exact: (t, out) => {
      const tt = Math.min(t, ts);
      out[0] = t < ts ? x1(t) : 0;
      out[1] = x2(tt);
      return out;
    },
    reference: { arrival: ts, x2End: x2(Math.min(tEnd, ts)) },
    suggestedStep: tEnd / 600,
  };
}
