/**
 * dx/dt ∈ −sgn(x) + a with |a| < 1: from x0 > 0 the state reaches 0 at t* = x0/(1 − a), then slides
 * at 0 forever with the Filippov selection s = a (the equivalent control).
 * Exact solution x(t) = max(x0 − (1 − a)t, 0) for x0 ≥ 0.
 */
import { InputError } from "../../src/errors.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { IdentityOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Builds dx/dt ∈ −sgn(x) + a from x0 ≥ 0. */
export function slidingDrift(options: { a?: number; x0?: number; tEnd?: number } = {}): CanonicalSystem {
  const a = options.a ?? 0.5;
  const x0 = options.x0 ?? 1;
  if (!(Math.abs(a) < 1)) throw new InputError(`invalid argument: \`a\` must satisfy |a| < 1 for sliding, got ${a}`);
  if (!(x0 >= 0)) throw new InputError(`invalid argument: \`x0\` must be non-negative, got ${x0}`);
  const arrival = x0 / (1 - a);
  const tEnd = options.tEnd ?? 2 * arrival + 1;
  const inclusion = createInclusion({ G: new IdentityOperator(1, -1), u: Float64Array.of(a), laws: LawSet.uniform(lawFromSpec("sign"), 1) });
  return {
    name: "sliding-drift",
    title: `dx/dt ∈ −sgn(x) + ${a}`,
    description: "Reaches x = 0 in finite time and slides there forever; the Filippov selection is s = a.",
    problem: { inclusion, x0: Float64Array.of(x0), t0: 0, tEnd },
    exact: (t, out) => {
      out[0] = Math.max(x0 - (1 - a) * t, 0);
      return out;
    },
    reference: { arrival, slidingSelection: a },
    suggestedStep: tEnd / 400,
  };
}
