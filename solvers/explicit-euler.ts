/**
 * `explicit-euler`: the naive baseline x⁺ = x + h (f(t, x) + G s), s = a single-valued selection of
 * Law(Cx − d) (sign(0) = 0, the midpoint of the jump).
 *
 * Kept to show what goes wrong: on a sliding surface the state flips side every step or two and
 * chatters with amplitude O(h); the Filippov selection is only recovered by averaging; for gradient
 * networks it is a constant-step subgradient method (Acary & Brogliato 2010, §1).
 */
import { FixedStepIntegrator, type FixedStepOptions, type StepFailure } from "../src/fixed-step.ts";
import { fieldScratch, smoothField, switchingVariables, type FieldScratch } from "../src/model/inclusion.ts";
import type { SimulationProblem, Solver } from "../src/solver.ts";

class ExplicitEulerIntegrator extends FixedStepIntegrator {
  private readonly scratch: FieldScratch;
  private readonly f: Float64Array;
  private readonly gs: Float64Array;

  constructor(problem: SimulationProblem, options: FixedStepOptions) {
    super("explicit-euler", problem, options, 0);
    this.scratch = fieldScratch(this.inc);
    this.f = new Float64Array(this.inc.n);
    this.gs = new Float64Array(this.inc.n);
  }

  protected advance(t: number, h: number): StepFailure | null {
    const { inc, x, s, y } = this;
    for (let i = 0; i < inc.k; i++) s[i] = inc.laws.select(i, y[i]);
    smoothField(inc, t, x, this.f, this.scratch);
    inc.G.apply(s, this.gs);
    this.stats.fEvals++;
    for (let i = 0; i < inc.n; i++) x[i] += h * (this.f[i] + this.gs[i]);
    switchingVariables(inc, x, y);
    return null;
  }
}

/** The naive explicit Euler baseline (see the module comment). */
export const explicitEuler: Solver<FixedStepOptions> = {
  meta: {
    name: "explicit-euler",
    description: "naive explicit Euler with sign(0) = 0; chatters at O(h) on sliding surfaces (baseline)",
    order: 1,
    adaptive: false,
    denseOutput: false,
    filippov: false,
    options: ["h"],
  },
  init(problem, options = {}) {
    return new ExplicitEulerIntegrator(problem, options);
  },
};
