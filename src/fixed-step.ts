/**
 * The shared loop of fixed-step schemes: uniform grid, saving, event bookkeeping, statistics and
 * status. A scheme supplies only `advance` (one step from t to t + h); see `solvers/implicit-euler.ts`
 * and `solvers/explicit-euler.ts`.
 */
import { InputError } from "./errors.ts";
import { switchingVariables, type Inclusion } from "./model/inclusion.ts";
import type { CommonOptions, Integrator, SimulationProblem, StepOutcome } from "./solver.ts";
import { validateProblem } from "./solver.ts";
import { Recorder, emptyStats, type Solution, type Stats, type Status, type SwitchEvent } from "./solution.ts";
import { SwitchTracker } from "./switching.ts";

/** Options of fixed-step schemes. */
export interface FixedStepOptions extends CommonOptions {
  /** Step size; adjusted down so that a whole number of steps spans [t0, tEnd]. Default (tEnd − t0)/1000. */
  h?: number;
}

/** A failed step: the status and a message saying what went wrong. */
export interface StepFailure {
  status: Status;
  message: string;
}

/** Base class of fixed-step integrators. */
export abstract class FixedStepIntegrator implements Integrator {
  readonly inc: Inclusion;
  readonly h: number;
  readonly steps: number;
  t: number;
  readonly x: Float64Array;
  /** Current activation values (the Filippov selection for Filippov schemes). */
  readonly s: Float64Array;
  /** Current switching variables y = Cx − d. */
  readonly y: Float64Array;
  readonly stats: Stats = emptyStats();
  readonly events: SwitchEvent[] = [];
  protected readonly tracker: SwitchTracker;
  private readonly recorder: Recorder;
  private readonly saveEvery: number;
  private readonly t0: number;
  private k = 0;
  private readonly startMs = performance.now();

  constructor(readonly solverName: string, problem: SimulationProblem, options: FixedStepOptions, surfaceTol: number) {
    validateProblem(problem);
    const { inclusion: inc, t0, tEnd } = problem;
    const span = tEnd - t0;
    const h0 = options.h ?? span / 1000;
    if (!(h0 > 0) || !Number.isFinite(h0)) throw new InputError(`invalid argument: step \`h\` must be a positive number, got ${h0}`);
    const saveEvery = options.saveEvery ?? 1;
    if (!(Number.isInteger(saveEvery) && saveEvery >= 1)) throw new InputError(`invalid argument: \`saveEvery\` must be a positive integer, got ${saveEvery}`);
    this.inc = inc;
    this.steps = Math.max(1, Math.ceil(span / h0 - 1e-9));
    this.h = span / this.steps;
    this.t0 = t0;
    this.t = t0;
    this.x = Float64Array.from(problem.x0);
    this.y = switchingVariables(inc, this.x, new Float64Array(inc.k));
    this.s = new Float64Array(inc.k);
    for (let i = 0; i < inc.k; i++) this.s[i] = inc.laws.select(i, this.y[i]);
    this.tracker = new SwitchTracker(inc.laws, this.y, surfaceTol);
    this.saveEvery = saveEvery;
    this.recorder = new Recorder(inc.n, inc.k, Math.min(1 + Math.ceil(this.steps / saveEvery) + 1, 1 << 16));
    this.recorder.push(this.t, this.x, this.s);
  }

  /**
   * Advances x, s and y from t to t + h in place; y must be C x − d at the new state (or, for
   * schemes that know it better, the relay's w).
   * @returns null on success, or the failure.
   */
  protected abstract advance(t: number, h: number): StepFailure | null;

  step(): StepOutcome {
    if (this.k >= this.steps) return { done: true, status: "success", message: "reached tEnd" };
    const failure = this.advance(this.t, this.h);
    if (failure) return { done: true, ...failure };
    this.k++;
    this.t = this.k === this.steps ? this.t0 + this.steps * this.h : this.t0 + this.k * this.h;
    this.stats.steps++;
    this.stats.accepted++;
    for (let i = 0; i < this.x.length; i++) {
      if (!Number.isFinite(this.x[i])) return { done: true, status: "diverged", message: `state x${i + 1} became ${this.x[i]} at t = ${this.t}` };
    }
    const changes = this.tracker.update(this.t, this.y, this.events, this.stats);
    if (this.tracker.slidingUnits > 0) this.stats.slidingTime += this.h;
    if (changes > 0 || this.k % this.saveEvery === 0 || this.k === this.steps) this.recorder.push(this.t, this.x, this.s);
    if (this.k === this.steps) return { done: true, status: "success", message: "reached tEnd" };
    return { done: false };
  }

  finalize(status: Status = "stopped", message = "stopped by the caller"): Solution {
    if (this.recorder.lastTime() !== this.t) this.recorder.push(this.t, this.x, this.s);
    this.stats.wallSeconds = (performance.now() - this.startMs) / 1000;
    const { t, x, s } = this.recorder.arrays();
    return {
      solver: this.solverName,
      n: this.inc.n,
      k: this.inc.k,
      t,
      x,
      s,
      events: this.events,
      stats: this.stats,
      status,
      message,
      tFinal: this.t,
      xFinal: Float64Array.from(this.x),
    };
  }
}
