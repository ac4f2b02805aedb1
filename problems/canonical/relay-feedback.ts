/**
 * The relay feedback system of Piiroinen & Kuznetsov (ACM TOMS 34(3), 2008, eq. 32; after di Bernardo,
 * Johansson & Vasca 2001): ẋ = A x − b·sgn(x1) with
 *
 *     A = [[−(2ξω+1), 1, 0], [−(2ξω+ω²), 0, 1], [−ω², 0, 0]],   b = (1, −2σ, 1)ᵀ,
 *
 * ω = 25, ξ = 0.05, σ = 1, x0 = (0, −0.001, −0.02): a stable self-oscillation with sliding segments
 * on x1 = 0. No closed form: its period and sliding fraction are compared across integrators.
 */
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Builds the relay feedback system (defaults of the paper). */
export function relayFeedback(options: { omega?: number; xi?: number; sigma?: number; tEnd?: number } = {}): CanonicalSystem {
  const w = options.omega ?? 25;
  const xi = options.xi ?? 0.05;
  const sg = options.sigma ?? 1;
  const tEnd = options.tEnd ?? 10;
  const A = [
    [-(2 * xi * w + 1), 1, 0],
    [-(2 * xi * w + w * w), 0, 1],
    [-w * w, 0, 0],
  ];
  const inclusion = createInclusion({
    B: DenseOperator.fromRows(A.map((r) => r.map((v) => -v)), "B"),
    G: DenseOperator.fromRows([[-1], [2 * sg], [-1]]),
    C: DenseOperator.fromRows([[1, 0, 0]]),
    laws: LawSet.uniform(lawFromSpec("sign"), 1),
  });
  return {
    name: "relay-feedback",
    title: "Relay feedback system (Piiroinen & Kuznetsov 2008, eq. 32)",
    description: "Stable self-oscillation with sliding segments on x1 = 0.",
    problem: { inclusion, x0: Float64Array.of(0, -0.001, -0.02), t0: 0, tEnd },
    reference: {},
    suggestedStep: 1e-4,
  };
}
