/** What a canonical test system provides: the problem, its known answers and a suggested step. */
import type { SimulationProblem } from "../../src/solver.ts";

export interface CanonicalSystem {
  /** Registry key, e.g. `coulomb`. */
  name: string;
  title: string;
  /** The model in words and math, and where it comes from. */
  description: string;
  problem: SimulationProblem;
  /** The exact solution x(t), where one is known in closed form. */
  exact?: (t: number, out: Float64Array) => Float64Array;
  /** Known facts (arrival times, final states, ...), computed independently of any integrator. */
  reference: Record<string, number | number[]>;
  /** A step size that resolves the dynamics for plots. */
  suggestedStep: number;
}
