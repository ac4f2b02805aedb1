/**
 * Measured quantities of one run of a network, collected online (every step, not only the saved
 * samples) while any {@link Solver} advances: time to reach the feasible set, time to reach the
 * optimum within a tolerance, the final error, switches and time in sliding, and a Lyapunov
 * function (energy) over time with a check that it decreased monotonically up to rounding.
 *
 * Definitions (model time t; a "step" is one accepted step of the integrator):
 * - t_feasible = the first step time with Φ(x) ≤ feasTol (Φ ≥ 0 the exact penalty, or for the L1
 *   networks the residual ‖Ax − b‖₁; Φ = 0 exactly in exact arithmetic, feasTol only absorbs the
 *   rounding of the relay solves). For an implicit scheme the state lands on the set in the step that
 *   would cross it, so t_feasible overestimates the continuous hitting time by less than one step h.
 * - t_optimal = the first step time after which the distance to the optimum stays ≤ optTol until the
 *   end of the run (the settling time; null when the final distance exceeds optTol).
 * - energy: V(x(t)); monotone when V(x_{k+1}) ≤ V(x_k) + energyTol·(1 + |V(x_k)|) at every step.
 *
 * The Lyapunov argument these quantities test is the nonsmooth chain rule of Forti, Grazzini, Nistri
 * & Pancioni, "Generalized Lyapunov approach for convergence of neural networks with discontinuous
 * or non-Lipschitz activations", Physica D 214 (2006) 88–99.
 */
import { InputError } from "../../src/errors.ts";
import type { CommonOptions, SimulationProblem, Solver } from "../../src/solver.ts";
import type { Solution } from "../../src/solution.ts";

/** What to measure along a run (see the module comment). */
export interface MeasureSpec {
  /** Φ(x) ≥ 0: zero exactly on the feasible set. */
  penalty: (x: Float64Array) => number;
  /** Φ ≤ feasTol counts as feasible (rounding allowance). */
  feasTol: number;
  /** Distance of x to the optimum (or to the solution set); absent: no optimum measured. */
  distance?: (x: Float64Array) => number;
  /** Distance ≤ optTol counts as optimal. */
  optTol?: number;
  /** Lyapunov function / energy V(x); absent: none recorded. */
  energy?: (x: Float64Array) => number;
  /** Relative rounding allowance of the monotonicity check (default 1e-9). */
  energyTol?: number;
  /** Largest gradient-type quantity tracked along the run (e.g. ‖(I−P)∇f(x)‖ for an a-posteriori check of L). */
  tracked?: (x: Float64Array) => number;
  /** Largest number of (t, V) samples kept for plots (default 400; thinned uniformly in steps). */
  maxSeries?: number;
}

/** The measured quantities of a run. */
export interface Measures {
  /** First time Φ ≤ feasTol (null: never). */
  tFeasible: number | null;
  /** Whether Φ stayed ≤ feasTol after t_feasible (the set is invariant in theory). */
  stayedFeasible: boolean;
  /** Settling time to the optimum within optTol (null: not settled). */
  tOptimal: number | null;
  /** Distance to the optimum at the end (NaN without `distance`). */
  finalError: number;
  /** Φ at the end. */
  finalPenalty: number;
  /** Switching events and model time with at least one unit sliding (from the solver's statistics). */
  switches: number;
  slidingTime: number;
  /** Energy at the start and the end, the largest increase between two steps, and the verdict. */
  energy: { initial: number; final: number; maxIncrease: number; monotone: boolean; t: number[]; v: number[] } | null;
  /** Largest value of `tracked` over the run (NaN without it). */
  trackedMax: number;
  steps: number;
  tFinal: number;
  /** Why the run ended: "rest" (the state stopped moving) or the solver's status. */
  ended: string;
}

/** Online accumulator of {@link Measures}; call {@link observe} after every step. */
export class RunMonitor {
  private tFeas: number | null = null;
  private stayed = true;
  /** Start of the current run of samples within optTol (null while outside). */
  private settledSince: number | null = null;
  private lastDistance = NaN;
  private lastPenalty = NaN;
  private e0 = NaN;
  private eLast = NaN;
  private maxInc = 0;
  private monotone = true;
  private trackedMax = NaN;
  private readonly et: number[] = [];
  private readonly ev: number[] = [];
  private samples = 0;
  private stride = 1;

  constructor(private readonly spec: MeasureSpec) {
    if (!(spec.feasTol >= 0)) throw new InputError(`invalid argument: \`feasTol\` must be ≥ 0, got ${spec.feasTol}`);
  }

  /** Records the state x at time t (the initial state first). */
  observe(t: number, x: Float64Array): void {
    const s = this.spec;
    const phi = s.penalty(x);
    this.lastPenalty = phi;
    if (phi <= s.feasTol) {
      if (this.tFeas === null) this.tFeas = t;
    } else if (this.tFeas !== null) this.stayed = false;
    if (s.distance) {
      const d = s.distance(x);
      this.lastDistance = d;
      if (!(d <= (s.optTol ?? 0))) this.settledSince = null;
      else if (this.settledSince === null) this.settledSince = t;
    }
    if (s.tracked) {
      const g = s.tracked(x);
      if (!(g <= this.trackedMax)) this.trackedMax = Number.isNaN(this.trackedMax) ? g : Math.max(this.trackedMax, g);
    }
    if (s.energy) {
      const v = s.energy(x);
      if (this.samples === 0) this.e0 = v;
      else {
        const inc = v - this.eLast;
        if (inc > this.maxInc) this.maxInc = inc;
        if (inc > (s.energyTol ?? 1e-9) * (1 + Math.abs(this.eLast))) this.monotone = false;
      }
      this.eLast = v;
      const max = s.maxSeries ?? 400;
      if (this.samples % this.stride === 0) {
        this.et.push(t);
        this.ev.push(v);
        if (this.et.length >= 2 * max) {
          // halve: keep every other sample, double the stride
          for (let i = 0; 2 * i < this.et.length; i++) {
            this.et[i] = this.et[2 * i];
            this.ev[i] = this.ev[2 * i];
          }
          this.et.length = Math.ceil(this.et.length / 2);
          this.ev.length = this.et.length;
          this.stride *= 2;
        }
      }
    }
    this.samples++;
  }

  /** The measures at the end of a run (`sol` supplies switches, sliding time and steps). */
  finish(t: number, x: Float64Array, sol: Pick<Solution, "stats">, ended: string): Measures {
    const s = this.spec;
    if (s.energy && this.et[this.et.length - 1] !== t) {
      this.et.push(t);
      this.ev.push(s.energy(x));
    }
    const settled = s.distance !== undefined && this.lastDistance <= (s.optTol ?? 0);
    return {
      tFeasible: this.tFeas,
      stayedFeasible: this.tFeas !== null && this.stayed,
      tOptimal: settled ? this.settledSince : null,
      finalError: s.distance ? this.lastDistance : NaN,
      finalPenalty: this.lastPenalty,
      switches: sol.stats.switches,
      slidingTime: sol.stats.slidingTime,
      energy: s.energy ? { initial: this.e0, final: this.eLast, maxIncrease: this.maxInc, monotone: this.monotone, t: this.et, v: this.ev } : null,
      trackedMax: this.trackedMax,
      steps: sol.stats.steps,
      tFinal: t,
      ended,
    };
  }
}

/** Options of {@link runMonitored}. */
export interface MonitoredOptions {
  /** Stop when ‖x_{k+1} − x_k‖∞ / h ≤ restVelocity·(1 + ‖x‖∞) for `restSteps` consecutive steps (default 1e-9; 0 disables). */
  restVelocity?: number;
  /** Consecutive resting steps needed (default 5). */
  restSteps?: number;
}

/**
 * Runs a solver step by step under {@link CommonOptions} budgets, feeding every state to a
 * {@link RunMonitor}, and stops early once the state is at rest (an equilibrium of the scheme).
 *
 * @returns the solution and the measures.
 * @throws InputError when the solver refuses the problem or options (before any work).
 */
export function runMonitored<O extends object>(solver: Solver<O>, problem: SimulationProblem, options: O & CommonOptions, spec: MeasureSpec, m: MonitoredOptions = {}): { solution: Solution; measures: Measures } {
  const monitor = new RunMonitor(spec);
  const integ = solver.init(problem, options);
  const n = problem.inclusion.n;
  const prev = Float64Array.from(problem.x0);
  monitor.observe(problem.t0, integ.x);
  const maxSteps = options.maxSteps ?? 1e6;
  const maxWall = options.maxWallSeconds ?? 600;
  const restVel = m.restVelocity ?? 1e-9;
  const restSteps = m.restSteps ?? 5;
  const start = performance.now();
  let resting = 0;
  let tPrev = problem.t0;
  for (let steps = 1; ; steps++) {
    const out = integ.step();
    if (out.done) {
      if (integ.t > tPrev) monitor.observe(integ.t, integ.x); // the last step's state
      const sol = integ.finalize(out.status, out.message);
      return { solution: sol, measures: monitor.finish(integ.t, integ.x, sol, out.status) };
    }
    const t = integ.t;
    const x = integ.x;
    monitor.observe(t, x);
    if (restVel > 0) {
      let dx = 0;
      let xs = 0;
      for (let i = 0; i < n; i++) {
        dx = Math.max(dx, Math.abs(x[i] - prev[i]));
        xs = Math.max(xs, Math.abs(x[i]));
      }
      const h = t - tPrev;
      resting = h > 0 && dx / h <= restVel * (1 + xs) ? resting + 1 : 0;
      if (resting >= restSteps) {
        const sol = integ.finalize("success", `at rest at t = ${t} (the state stopped moving)`);
        return { solution: sol, measures: monitor.finish(t, x, sol, "rest") };
      }
    }
    prev.set(x);
    tPrev = t;
    if (steps >= maxSteps) {
      const sol = integ.finalize("max-steps", `stopped after ${steps} steps (maxSteps)`);
      return { solution: sol, measures: monitor.finish(t, x, sol, "max-steps") };
    }
    if ((steps & 255) === 0 && (performance.now() - start) / 1000 > maxWall) {
      const sol = integ.finalize("max-wall-time", `stopped after ${maxWall} s of wall time at t = ${t}`);
      return { solution: sol, measures: monitor.finish(t, x, sol, "max-wall-time") };
    }
  }
}
