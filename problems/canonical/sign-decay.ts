/**
 * dx/dt ∈ −a·sgn(x), componentwise: each x_i moves towards 0 at speed a, reaches it exactly at
 * t_i = |x0_i|/a and stays there (sliding with the Filippov selection s_i = 0).
 * Exact solution x_i(t) = sign(x0_i)·max(|x0_i| − a t, 0). With a = 2 and x0 = (1, −1) this is
 * Siconos's `SimpleExampleRelay` (both states reach 0 at t = 0.5).
 */
import { InputError } from "../../src/errors.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { IdentityOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Builds dx/dt ∈ −a sgn(x) from x0 on [0, tEnd]. */
export function signDecay(options: { a?: number; x0?: number[]; tEnd?: number } = {}): CanonicalSystem {
  const a = options.a ?? 1;
  const x0 = Float64Array.from(options.x0 ?? [1.5]);
  if (!(a > 0)) throw new InputError(`invalid argument: \`a\` must be positive, got ${a}`);
  const n = x0.length;
  const arrival = Array.from(x0, (v) => Math.abs(v) / a);
  const tEnd = options.tEnd ?? 2 * Math.max(...arrival, 0.5);
  const inclusion = createInclusion({ G: new IdentityOperator(n, -a), laws: LawSet.uniform(lawFromSpec("sign"), n) });
  return {
    name: "sign-decay",
    title: `dx/dt ∈ −${a}·sgn(x)`,
    description: "Finite-time arrival at the switching surface x = 0, then exact sliding at 0.",
    problem: { inclusion, x0, t0: 0, tEnd },
    exact: (t, out) => {
      for (let i = 0; i < n; i++) out[i] = Math.sign(x0[i]) * Math.max(Math.abs(x0[i]) - a * t, 0);
      return out;
    },
    reference: { arrival },
    suggestedStep: tEnd / 400,
  };
}

/** Siconos's relay example: dx/dt ∈ −2 sgn(x), x0 = (1, −1); both reach 0 at t = 0.5. */
export function siconosRelay(): CanonicalSystem {
  return { ...signDecay({ a: 2, x0: [1, -1], tEnd: 1 }), name: "siconos-relay", title: "Siconos relay: dx/dt ∈ −2 sgn(x), x0 = (1, −1)" };
}
