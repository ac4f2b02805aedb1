/**
 * `smoothed`: the regularisation baseline. Every jump of every law is replaced by a smooth (tanh) or
 * Lipschitz (saturation) ramp of width δ,
 *
 *     φ_i(y) = v₀ + Σ_j (v_j − v_{j−1}) · ½(1 + tanh((y − b_j)/δ))        (tanh; sign → tanh(y/δ))
 *     φ_i(y) = v₀ + Σ_j (v_j − v_{j−1}) · ½(1 + sat((y − b_j)/δ))          (saturation, sat = clamp to [−1, 1])
 *
 * and the now smooth ODE dx/dt = f(t, x) + G φ(Cx − d) is integrated by the package's own DOPRI5
 * (default) or by odex (Hairer's GBS extrapolation code, npm `odex` 2.0.4), with tolerances. The
 * solution of the smoothed ODE is O(δ) away from the Filippov solution and, near sliding surfaces,
 * the field has Lipschitz constant ~1/δ, so an explicit method needs ~1/δ steps per unit time
 * (Utkin's boundary-layer regularisation; see e.g. Acary & Brogliato 2008, §1.2). A baseline to
 * compare with, not the default. Budget-guarded: odex is run under step, evaluation and wall-time
 * caps enforced from its callbacks, because odex 2.0.4 can loop forever when the step size
 * underflows (its maxSteps is not checked on that path).
 */
import { Outcome, Solver as Odex } from "odex";
import { InputError } from "../src/errors.ts";
import { validateTolerances, type OdeRhs } from "../src/dopri5.ts";
import { HybridIntegrator, type HybridFailure, type HybridOptions, type HybridSystem } from "../src/hybrid-engine.ts";
import { fieldScratch, smoothField, switchingVariables, type Inclusion } from "../src/model/inclusion.ts";
import type { CommonOptions, Integrator, SimulationProblem, Solver, StepOutcome } from "../src/solver.ts";
import { validateProblem } from "../src/solver.ts";
import { Recorder, emptyStats, type Solution, type Status } from "../src/solution.ts";

/** Options of the smoothed baseline. */
export interface SmoothedOptions extends CommonOptions {
  /** Width δ of the ramps (default 1e-3). */
  delta?: number;
  /** Ramp shape (default "tanh"). */
  shape?: "tanh" | "saturation";
  /**
   * ODE method (default "dopri5"). odex (GBS extrapolation) can return silently wrong values on a
   * sharp layer (δ ≲ 1e-3 with steps much longer than δ: the extrapolation columns agree and the
   * error estimate vanishes), so its step is capped at `odexMaxStep` (default min(span/100, 100·δ)).
   */
  method?: "odex" | "dopri5";
  /** Largest odex step (default min((tEnd − t0)/100, 100·δ)). */
  odexMaxStep?: number;
  /** Relative tolerance (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance (default 1e-10). */
  atol?: number;
}

/**
 * The smoothed activations φ(y) (see the module comment), written into `s`.
 * @param delta - ramp width δ > 0.
 */
export function smoothedActivations(inc: Inclusion, y: Float64Array, delta: number, shape: "tanh" | "saturation", s: Float64Array): Float64Array {
  const laws = inc.laws;
  for (let i = 0; i < inc.k; i++) {
    const m = laws.breakpointCount(i);
    let acc = laws.value(i, 0);
    for (let j = 1; j <= m; j++) {
      const z = (y[i] - laws.breakpoint(i, j)) / delta;
      const r = shape === "tanh" ? Math.tanh(z) : z < -1 ? -1 : z > 1 ? 1 : z;
      acc += (laws.value(i, j) - laws.value(i, j - 1)) * 0.5 * (1 + r);
    }
    s[i] = acc;
  }
  return s;
}

/** The smoothed field dx/dt = f + G φ(Cx − d), allocation-free. */
function smoothedField(inc: Inclusion, delta: number, shape: "tanh" | "saturation"): { field: OdeRhs; s: Float64Array } {
  const scratch = fieldScratch(inc);
  const y = new Float64Array(inc.k);
  const s = new Float64Array(inc.k);
  const gs = new Float64Array(inc.n);
  const field: OdeRhs = (t, x, out) => {
    smoothField(inc, t, x, out, scratch);
    switchingVariables(inc, x, y);
    smoothedActivations(inc, y, delta, shape, s);
    inc.G.apply(s, gs);
    for (let i = 0; i < inc.n; i++) out[i] += gs[i];
  };
  return { field, s };
}

/** A mode-free system for the DOPRI engine (no events). */
class SmoothSystem implements HybridSystem {
  readonly n: number;
  readonly k: number;
  readonly nEvents = 0;
  readonly armTol = new Float64Array(0);
  readonly field: OdeRhs;
  private readonly y: Float64Array;
  constructor(private readonly inc: Inclusion, private readonly delta: number, private readonly shape: "tanh" | "saturation") {
    this.n = inc.n;
    this.k = inc.k;
    this.y = new Float64Array(inc.k);
    this.field = smoothedField(inc, delta, shape).field;
  }
  events(): void {}
  switchMode(): HybridFailure | null {
    return null;
  }
  selection(_t: number, x: Float64Array, s: Float64Array): void {
    switchingVariables(this.inc, x, this.y);
    smoothedActivations(this.inc, this.y, this.delta, this.shape, s);
  }
  sliding(): boolean {
    return false;
  }
}

class BudgetStop extends Error {
  constructor(readonly status: Status, message: string) {
    super(message);
  }
}

/** odex run in one go (odex is not re-entrant across steps) under callback-enforced budgets. */
class OdexIntegrator implements Integrator {
  t: number;
  readonly x: Float64Array;
  private result: Solution | null = null;
  constructor(private readonly problem: SimulationProblem, private readonly o: Required<Pick<SmoothedOptions, "delta" | "shape" | "rtol" | "atol">> & CommonOptions & { odexMaxStep?: number }) {
    this.t = problem.t0;
    this.x = Float64Array.from(problem.x0);
  }

  step(): StepOutcome {
    if (!this.result) this.result = this.run();
    return { done: true, status: this.result.status, message: this.result.message };
  }

  private run(): Solution {
    const { inclusion: inc, t0, tEnd } = this.problem;
    const { field } = smoothedField(inc, this.o.delta, this.o.shape);
    const n = inc.n;
    const maxSteps = Math.floor(this.o.maxSteps ?? 1e6);
    const maxWall = this.o.maxWallSeconds ?? 600;
    const maxEvals = 40 * maxSteps + 1000;
    const stats = emptyStats();
    const rec = new Recorder(n, inc.k);
    const xb = new Float64Array(n);
    const fb = new Float64Array(n);
    const yb = new Float64Array(inc.k);
    const sb = new Float64Array(inc.k);
    const start = performance.now();
    const saveEvery = this.o.saveEvery ?? 1;
    const record = (t: number, y: ArrayLike<number>) => {
      for (let i = 0; i < n; i++) xb[i] = y[i];
      switchingVariables(inc, xb, yb);
      smoothedActivations(inc, yb, this.o.delta, this.o.shape, sb);
      rec.push(t, xb, sb);
    };
    let evals = 0;
    let lastT = t0;
    let lastY: number[] = Array.from(this.problem.x0);
    const f = (t: number, y: number[]): number[] => {
      if (++evals > maxEvals) throw new BudgetStop("max-steps", `odex used more than ${maxEvals} evaluations (budget from maxSteps) at t = ${lastT}`);
      if ((evals & 1023) === 0 && (performance.now() - start) / 1000 > maxWall) throw new BudgetStop("max-wall-time", `stopped after ${maxWall} s of wall time at t = ${lastT}`);
      for (let i = 0; i < n; i++) xb[i] = y[i];
      field(t, xb, fb);
      return Array.from(fb);
    };
    const solver = new Odex(n);
    solver.relativeTolerance = this.o.rtol;
    solver.absoluteTolerance = this.o.atol;
    solver.maxSteps = maxSteps;
    solver.initialStepSize = Math.min(1e-4, (tEnd - t0) / 10);
    solver.maxStepSize = this.o.odexMaxStep ?? Math.min((tEnd - t0) / 100, 100 * this.o.delta);
    let accepted = 0;
    let guard: BudgetStop | null = null;
    const solOut = (nr: number, xOld: number, x: number, y: number[]): boolean | void => {
      if (nr === 1 && xOld === x) {
        record(x, y);
        return;
      }
      accepted++;
      if (!(x - xOld > 4 * Number.EPSILON * Math.max(1, Math.abs(x)))) {
        guard = new BudgetStop("step-size-underflow", `odex step size underflowed at t = ${x} (the smoothed field is too stiff for δ = ${this.o.delta}; raise delta or use event-driven)`);
        return false;
      }
      if (accepted >= maxSteps) {
        guard = new BudgetStop("max-steps", `stopped after ${accepted} steps (maxSteps) at t = ${x} < tEnd = ${tEnd}`);
        return false;
      }
      if ((accepted & 255) === 0 && (performance.now() - start) / 1000 > maxWall) {
        guard = new BudgetStop("max-wall-time", `stopped after ${maxWall} s of wall time at t = ${x}`);
        return false;
      }
      lastT = x;
      lastY = y;
      if (accepted % saveEvery === 0 || x >= tEnd) record(x, y);
    };
    let status: Status = "success";
    let message = "reached tEnd";
    try {
      const res = solver.solve(f, t0, Array.from(this.problem.x0), tEnd, solOut);
      stats.steps = res.nStep;
      stats.accepted = res.nAccept;
      stats.rejected = res.nReject;
      if (guard) {
        status = (guard as BudgetStop).status;
        message = (guard as BudgetStop).message;
      } else if (res.outcome === Outcome.MaxStepsExceeded) {
        status = "max-steps";
        message = `odex stopped after ${res.nStep} steps (maxSteps) before tEnd = ${tEnd}`;
      } else {
        lastT = tEnd;
        lastY = res.y;
      }
    } catch (e) {
      if (!(e instanceof BudgetStop)) throw e;
      status = e.status;
      message = e.message;
      stats.accepted = accepted;
    }
    if (rec.lastTime() !== lastT) record(lastT, lastY);
    stats.fEvals = evals;
    stats.wallSeconds = (performance.now() - start) / 1000;
    for (let i = 0; i < n; i++) this.x[i] = lastY[i];
    this.t = lastT;
    const { t, x, s } = rec.arrays();
    return { solver: "smoothed", n, k: inc.k, t, x, s, events: [], stats, status, message, tFinal: lastT, xFinal: Float64Array.from(this.x) };
  }

  finalize(status?: Status, message?: string): Solution {
    if (!this.result) this.result = this.run();
    if (status && status !== this.result.status && this.result.status === "success") return { ...this.result, status, message: message ?? "" };
    return this.result;
  }
}

/** The smoothed (regularised) baseline solver (see the module comment). */
export const smoothed: Solver<SmoothedOptions> = {
  meta: {
    name: "smoothed",
    description: "jumps replaced by tanh/saturation ramps of width δ, integrated by odex or DOPRI5 (O(δ) bias, cost ∝ 1/δ; baseline)",
    order: 1,
    adaptive: true,
    denseOutput: false,
    filippov: false,
    options: ["rtol", "atol", "delta", "shape", "method", "odexMaxStep"],
  },
  init(problem, options = {}) {
    validateProblem(problem);
    const delta = options.delta ?? 1e-3;
    if (!(typeof delta === "number" && delta > 0 && Number.isFinite(delta))) throw new InputError(`invalid argument: \`delta\` must be a positive number, got ${delta}`);
    const shape = options.shape ?? "tanh";
    if (shape !== "tanh" && shape !== "saturation") throw new InputError(`invalid argument: \`shape\` must be "tanh" or "saturation", got ${JSON.stringify(shape)}`);
    const method = options.method ?? "dopri5";
    if (method !== "odex" && method !== "dopri5") throw new InputError(`invalid argument: \`method\` must be "odex" or "dopri5", got ${JSON.stringify(method)}`);
    const rtol = options.rtol ?? 1e-8;
    const atol = options.atol ?? 1e-10;
    validateTolerances(rtol, atol);
    if (method === "dopri5") {
      const sys = new SmoothSystem(problem.inclusion, delta, shape);
      const hopts: HybridOptions = { ...options, rtol, atol };
      const integ = new HybridIntegrator("smoothed", sys, problem.x0, problem.t0, problem.tEnd, hopts);
      return integ;
    }
    if (options.odexMaxStep !== undefined && !(options.odexMaxStep > 0)) throw new InputError(`invalid argument: \`odexMaxStep\` must be positive, got ${options.odexMaxStep}`);
    return new OdexIntegrator(problem, { ...options, delta, shape, rtol, atol });
  },
};
