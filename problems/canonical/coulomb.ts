/**
 * Coulomb friction oscillator x'' + x ∈ −μ·sgn(x'), as a first-order network on (x, v):
 * dx/dt = v, dv/dt ∈ −x − μ s, s ∈ sgn(v) (G = (0, −μ)ᵀ, C = (0, 1): one friction unit acting on
 * the velocity of a two-state oscillator).
 *
 * Exact solution from x(0) = A0 > μ, v(0) = 0: half-cycles are cosines about ±μ,
 * x(t) = c_n + (x_n − c_n) cos(t − nπ) on [nπ, (n+1)π] with x_n = (−1)ⁿ(A0 − 2nμ), c_n = (−1)ⁿμ;
 * the motion sticks for good at the first turning point with |x_n| ≤ μ. For A0 = 1, μ = 0.15: at
 * t = 3π, x = −0.1, and v = 0 exactly afterwards.
 */
import { InputError } from "../../src/errors.ts";
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Builds the Coulomb oscillator from x(0) = A0, v(0) = 0. */
export function coulomb(options: { mu?: number; A0?: number; tEnd?: number } = {}): CanonicalSystem {
  const mu = options.mu ?? 0.15;
  const A0 = options.A0 ?? 1;
  if (!(mu > 0)) throw new InputError(`invalid argument: \`mu\` must be positive, got ${mu}`);
  if (!(A0 > mu)) throw new InputError(`invalid argument: \`A0\` must exceed mu = ${mu} for motion, got ${A0}`);
  let nStop = 0;
  while (Math.abs(A0 - 2 * nStop * mu) > mu) nStop++;
  const stickTime = nStop * Math.PI;
  const stickPosition = (nStop % 2 === 0 ? 1 : -1) * (A0 - 2 * nStop * mu);
  const tEnd = options.tEnd ?? stickTime + 3;
  const inclusion = createInclusion({
    B: DenseOperator.fromRows([[0, -1], [1, 0]]),
    G: DenseOperator.fromRows([[0], [-mu]]),
    C: DenseOperator.fromRows([[0, 1]]),
    laws: LawSet.uniform(lawFromSpec("sign"), 1),
    stateNames: ["x", "v"],
    unitNames: ["friction"],
  });
  const turning = Array.from({ length: nStop + 1 }, (_, n) => (n % 2 === 0 ? 1 : -1) * (A0 - 2 * n * mu));
  return {
    name: "coulomb",
    title: `Coulomb oscillator x'' + x ∈ −${mu}·sgn(x')`,
    description: "Stick–slip: turning points (−1)ⁿ(A0 − 2nμ) at t = nπ; sticks for good when |x_n| ≤ μ.",
    problem: { inclusion, x0: Float64Array.of(A0, 0), t0: 0, tEnd },
    exact: (t, out) => {
      if (t >= stickTime) {
        out[0] = stickPosition;
        out[1] = 0;
        return out;
      }
      const n = Math.floor(t / Math.PI);
      const xn = turning[n];
      const cn = (n % 2 === 0 ? 1 : -1) * mu;
      out[0] = cn + (xn - cn) * Math.cos(t - n * Math.PI);
      out[1] = -(xn - cn) * Math.sin(t - n * Math.PI);
      return out;
    },
    reference: { stickTime, stickPosition, turningPoints: turning },
    suggestedStep: 1e-2,
  };
}
