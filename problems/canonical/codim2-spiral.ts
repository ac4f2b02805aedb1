/**
 * Siconos's codimension-2 Filippov example dx/dt ∈ −B·sgn(x), B = 500[[α, 1−α], [−(1−α), α]],
 * α = 0.01, x0 = (10, 10) (siconos-tutorials `examples/control/Relay/Filippov.py`).
 *
 * In every open quadrant d‖x‖₁/dt = −sᵀBs = −500α·‖s‖² = −1000α, and the rotation part crosses the
 * axes transversally, so the state spirals into the origin (infinitely many crossings accumulate
 * there) and reaches it exactly at T = ‖x0‖₁/(1000α) = 2; it then stays at the codim-2 intersection
 * x1 = x2 = 0 with the Filippov selection s = 0 (B is a P-matrix, so the relay problem is uniquely
 * solvable there).
 */
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator } from "../../src/model/operator.ts";
import type { CanonicalSystem } from "./system.ts";

/** Builds the spiral for a given α (default 0.01) and x0 (default (10, 10)). */
export function codim2Spiral(options: { alpha?: number; x0?: [number, number]; tEnd?: number } = {}): CanonicalSystem {
  const alpha = options.alpha ?? 0.01;
  const x0 = Float64Array.from(options.x0 ?? [10, 10]);
  const arrival = (Math.abs(x0[0]) + Math.abs(x0[1])) / (1000 * alpha);
  const tEnd = options.tEnd ?? 1.5 * arrival;
  const b = 500;
  const inclusion = createInclusion({
    G: DenseOperator.fromRows([
      [-b * alpha, -b * (1 - alpha)],
      [b * (1 - alpha), -b * alpha],
    ]),
    laws: LawSet.uniform(lawFromSpec("sign"), 2),
  });
  return {
    name: "codim2-spiral",
    title: "Codim-2 spiral dx/dt ∈ −B sgn(x) (Siconos Filippov example)",
    description: "Spirals into the origin, reached exactly at T = ‖x0‖₁/(1000α), then stays at the intersection of both surfaces.",
    problem: { inclusion, x0, t0: 0, tEnd },
    reference: { arrival },
    suggestedStep: 1e-3,
  };
}
