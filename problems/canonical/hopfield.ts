/**
 * A Hopfield-type network with hard-limiter feedback dx/dt ∈ −βx − A·sgn(x) + u, A symmetric
 * positive definite (W = −A), so that it is the gradient flow, in the metric A, of the strongly convex
 *
 *     E(x) = (β/2) xᵀA⁻¹x − uᵀA⁻¹x + ‖x‖₁,
 *
 * whose unique minimiser is the unique, globally attracting equilibrium (Forti & Nistri, IEEE TCAS-I
 * 50(11), 2003, for this class). Some of its components are exactly 0: those neurons slide forever.
 * The reference equilibrium is computed by coordinate descent on E (an algorithm independent of the
 * integrators).
 */
import { createInclusion } from "../../src/model/inclusion.ts";
import { LawSet, lawFromSpec } from "../../src/model/law.ts";
import { DenseOperator, IdentityOperator } from "../../src/model/operator.ts";
import { cholFactor, cholSolve } from "../../src/linalg/dense.ts";
import type { CanonicalSystem } from "./system.ts";

/** The default 4-neuron network: A SPD, u chosen so that two neurons end at 0. */
const DEFAULT_A = [
  [2.0, 0.5, 0.2, 0.0],
  [0.5, 1.5, 0.3, 0.1],
  [0.2, 0.3, 1.8, 0.4],
  [0.0, 0.1, 0.4, 1.2],
];
const DEFAULT_U = [3.0, -0.4, -2.5, 0.6];

/**
 * The minimiser of E by cyclic coordinate descent with soft thresholding (each coordinate update is
 * exact for the strongly convex E), iterated to a fixed point.
 */
export function hopfieldEquilibrium(A: number[][], u: number[], beta: number): Float64Array {
  const n = A.length;
  const Ainv = new Float64Array(n * n);
  const L = Float64Array.from(A.flat());
  cholFactor(n, L);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    cholSolve(n, L, e);
    for (let i = 0; i < n; i++) Ainv[i * n + j] = e[i];
  }
  const c = new Float64Array(n); // A⁻¹u
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i] += Ainv[i * n + j] * u[j];
  const x = new Float64Array(n);
  for (let sweep = 0; sweep < 100000; sweep++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      // E as a function of x_i: (β/2) Q_ii x_i² + (β Σ_{j≠i} Q_ij x_j − c_i) x_i + |x_i|
      const qii = beta * Ainv[i * n + i];
      let r = c[i];
      for (let j = 0; j < n; j++) if (j !== i) r -= beta * Ainv[i * n + j] * x[j];
      const xi = Math.sign(r) * Math.max(Math.abs(r) - 1, 0) / qii;
      change = Math.max(change, Math.abs(xi - x[i]));
      x[i] = xi;
    }
    if (change < 1e-15) break;
  }
  return x;
}

/** Builds the network (defaults: the 4-neuron example, β = 1, x0 = (−2, 3, 1, −1)). */
export function hopfield(options: { A?: number[][]; u?: number[]; beta?: number; x0?: number[]; tEnd?: number } = {}): CanonicalSystem {
  const A = options.A ?? DEFAULT_A;
  const u = options.u ?? DEFAULT_U;
  const beta = options.beta ?? 1;
  const n = A.length;
  const x0 = Float64Array.from(options.x0 ?? [-2, 3, 1, -1].slice(0, n));
  const tEnd = options.tEnd ?? 12;
  const inclusion = createInclusion({
    B: new IdentityOperator(n, beta),
    u: Float64Array.from(u),
    G: DenseOperator.fromRows(A.map((row) => row.map((v) => -v)), "W"),
    laws: LawSet.uniform(lawFromSpec("sign"), n),
  });
  return {
    name: "hopfield",
    title: `Hopfield-type network dx/dt ∈ −${beta}x − A sgn(x) + u (${n} neurons)`,
    description: "Gradient flow of a strongly convex energy in the A-metric: unique equilibrium, some neurons sliding at 0 forever.",
    problem: { inclusion, x0, t0: 0, tEnd },
    reference: { equilibrium: Array.from(hopfieldEquilibrium(A, u, beta)) },
    suggestedStep: 1e-2,
  };
}
