/**
 * The solver interface: every integrator in `solvers/` implements {@link Solver}, and
 * {@link solve} runs any of them under the same step and wall-time budgets.
 *
 * Problem (data) — Solver (options + algorithm) — Solution (result + stats + status) are kept
 * apart, as in diffrax and DifferentialEquations.jl. Stepping is exposed (`init` / `step` /
 * `finalize`) so that a notebook can animate a run without a second code path.
 */
import { InputError } from "./errors.ts";
import type { Inclusion } from "./model/inclusion.ts";
import type { Solution, Status } from "./solution.ts";

/** An initial-value problem for an inclusion. */
export interface SimulationProblem {
  inclusion: Inclusion;
  x0: Float64Array;
  t0: number;
  tEnd: number;
}

/** Options every solver understands. */
export interface CommonOptions {
  /** Largest number of steps (default 1e6). */
  maxSteps?: number;
  /** Largest wall-clock time in seconds (default 600). */
  maxWallSeconds?: number;
  /** Save every k-th step (default 1); events and the final state are always saved. */
  saveEvery?: number;
  /** Called after each step with the current time; for progress bars. */
  onProgress?: (t: number, t0: number, tEnd: number) => void;
}

/** What a solver declares about itself. */
export interface SolverMeta {
  name: string;
  /** One-line description for `--help` and reports. */
  description: string;
  /** Order of accuracy across switches (in h or in the tolerance). */
  order: number;
  adaptive: boolean;
  /** Whether the Solution carries dense output. */
  denseOutput: boolean;
  /** Whether it computes Filippov (sliding) solutions or is a baseline that chatters / smooths. */
  filippov: boolean;
  /** Names of the solver-specific options it accepts (beyond {@link CommonOptions}), e.g. `h`, `theta`. */
  options?: readonly string[];
}

/** One step's outcome: keep going, reached the end, or stopped with a non-success status. */
export type StepOutcome = { done: false } | { done: true; status: Status; message: string };

/** A running integration. */
export interface Integrator {
  /** Current time. */
  readonly t: number;
  /** Current state (right-hand limit); do not modify. */
  readonly x: Float64Array;
  /** Advances by one step. */
  step(): StepOutcome;
  /** Ends the run (at any time) and returns its Solution. */
  finalize(status?: Status, message?: string): Solution;
}

/** An integrator factory with declared capabilities. */
export interface Solver<O extends object = object> {
  readonly meta: SolverMeta;
  /**
   * Checks that the solver can handle the problem and options, then prepares the run.
   * @throws InputError before any work when the pairing cannot work (the message says what to use instead).
   */
  init(problem: SimulationProblem, options?: O & CommonOptions): Integrator;
}

/** Throws an {@link InputError} unless the problem is well formed (x0 length and finiteness, t0 < tEnd). */
export function validateProblem(p: SimulationProblem): void {
  const n = p.inclusion.n;
  if (p.x0.length !== n) throw new InputError(`invalid argument: \`x0\` must have length ${n}, got ${p.x0.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(p.x0[i])) throw new InputError(`invalid argument: \`x0[${i}]\` must be a finite number, got ${p.x0[i]}`);
  }
  if (!Number.isFinite(p.t0) || !Number.isFinite(p.tEnd) || !(p.tEnd > p.t0)) {
    throw new InputError(`invalid argument: \`tEnd\` must be a finite number greater than t0 = ${p.t0}, got ${p.tEnd}`);
  }
}

/**
 * Runs a solver to the end of the interval under step and wall-time budgets.
 *
 * @returns the Solution; its `status` says whether tEnd was reached (`success`) or which budget or
 * numerical failure stopped the run.
 */
export function solve<O extends object>(solver: Solver<O>, problem: SimulationProblem, options?: O & CommonOptions): Solution {
  const opts = (options ?? {}) as O & CommonOptions;
  const maxSteps = opts.maxSteps ?? 1e6;
  const maxWall = opts.maxWallSeconds ?? 600;
  if (!(maxSteps >= 1)) throw new InputError(`invalid argument: \`maxSteps\` must be at least 1, got ${maxSteps}`);
  if (!(maxWall > 0)) throw new InputError(`invalid argument: \`maxWallSeconds\` must be positive, got ${maxWall}`);
  const integrator = solver.init(problem, opts);
  const start = performance.now();
  for (let steps = 1; ; steps++) {
    const out = integrator.step();
    if (out.done) return integrator.finalize(out.status, out.message);
    opts.onProgress?.(integrator.t, problem.t0, problem.tEnd);
    if (steps >= maxSteps) {
      return integrator.finalize("max-steps", `stopped after ${steps} steps (maxSteps) at t = ${integrator.t} < tEnd = ${problem.tEnd}; raise maxSteps or the step size`);
    }
    if ((steps & 255) === 0 && (performance.now() - start) / 1000 > maxWall) {
      return integrator.finalize("max-wall-time", `stopped after ${maxWall} s of wall time at t = ${integrator.t} < tEnd = ${problem.tEnd}`);
    }
  }
}
