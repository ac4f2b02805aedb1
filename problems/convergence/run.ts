/**
 * One run of a convergence study: a problem (Liu–Wang LP/QP network or an L1 gradient network), a
 * gain, a time constant, a fixed-step scheme and an initial point in; the measured quantities
 * (`measures.ts`) and the theoretical finite-time bound (`gain-bound.ts`, `l1-network.ts`) out.
 * Runs are plain data in and out, so that worker threads can execute them (`parallel.ts`).
 *
 * Time is model time: a fixed step h (not the growing-step solver of `solve.ts`, which skips
 * through time), ending at tEnd·ε or earlier when the state is at rest. Convergence means: final
 * distance to the optimum ≤ optTol·(1 + ‖x*‖∞) and Φ = 0 (to rounding). The optimum x* of an LP/QP
 * comes from the growing-step solver with σ adaptation (`solveOptimization`), computed once per
 * problem; for an L1 system the "optimum" is any solution of Ax = b and the distance is ‖Ax − b‖₁.
 */
import { existsSync } from "node:fs";
import { InputError } from "../../src/errors.ts";
import type { OptimizationProblem } from "../../src/io/optimization-problem.ts";
import { readProblemFile } from "../../src/io/problem-json.ts";
import { getSolver } from "../../solvers/index.ts";
import { dataScale, objectiveValue, penalty } from "../optimization/analysis.ts";
import { classicQp, liuWangExample, randomProblem } from "../optimization/examples.ts";
import { buildLiuWangNetwork } from "../optimization/network.ts";
import { solveOptimization } from "../optimization/solve.ts";
import { feasibilityTimeBound, liuWangGainBound, projectedGradientNorm, type GainBound } from "./gain-bound.ts";
import { l1FiniteTimeBound, l1Network, randomUnderdeterminedSystem, residualL1, type LinearSystem } from "./l1-network.ts";
import { RunMonitor, runMonitored, type MeasureSpec, type Measures } from "./measures.ts";

/** Which problem a study runs. */
export type ProblemRef =
  | { kind: "builtin"; name: "liu-wang-lp" | "classic-qp" }
  | { kind: "file"; path: string }
  | { kind: "random-lp"; seed: number; n: number }
  | { kind: "l1"; m: number; n: number; seed: number };

/** The fixed-step schemes a study can use. */
export const STUDY_SOLVERS = ["implicit-euler", "explicit-euler"] as const;
export type StudySolver = (typeof STUDY_SOLVERS)[number];

/**
 * Parses `--problem`: `liu-wang-lp`, `classic-qp`, `random-lp:SEED[:N]` (default N = 5),
 * `l1:M:N:SEED` (random underdetermined system), or a problem file (.json or .mps).
 * @throws InputError for a malformed reference or a missing file.
 */
export function parseProblemRef(s: string): ProblemRef {
  if (s === "liu-wang-lp" || s === "classic-qp") return { kind: "builtin", name: s };
  const int = (v: string, what: string, min: number) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InputError(`invalid option: \`--problem\` ${JSON.stringify(s)}: ${what} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
    return x;
  };
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^random-lp:([^:]+)(?::([^:]+))?$/))) return { kind: "random-lp", seed: int(m[1], "SEED", 0), n: m[2] === undefined ? 5 : int(m[2], "N", 2) };
  if ((m = s.match(/^l1:([^:]+):([^:]+):([^:]+)$/))) {
    const rows = int(m[1], "M", 1);
    const cols = int(m[2], "N", 1);
    if (rows > cols) throw new InputError(`invalid option: \`--problem\` ${JSON.stringify(s)}: the L1 system must be underdetermined (M ≤ N), got M = ${rows}, N = ${cols}`);
    return { kind: "l1", m: rows, n: cols, seed: int(m[3], "SEED", 0) };
  }
  if (/^(random-lp|l1)(:|$)/.test(s)) throw new InputError(`invalid option: \`--problem\` ${JSON.stringify(s)}: expected random-lp:SEED[:N] or l1:M:N:SEED`);
  if (!/\.(json|mps)$/i.test(s)) throw new InputError(`invalid option: \`--problem\` must be liu-wang-lp, classic-qp, random-lp:SEED[:N], l1:M:N:SEED or a .json/.mps file, got ${JSON.stringify(s)}`);
  if (!existsSync(s)) throw new InputError(`invalid option: \`--problem\` file ${JSON.stringify(s)} does not exist`);
  return { kind: "file", path: s };
}

/**
 * The problem of `random-lp:SEED:N`: `randomProblem(N, SEED)` with max(1, ⌊N/5⌋) equalities,
 * max(1, ⌊N/2⌋) inequalities and every variable bounded on both sides (hard-limiter units).
 */
export function studyRandomProblem(n: number, seed: number): OptimizationProblem {
  return randomProblem(n, seed, { meq: Math.max(1, Math.floor(n / 5)), mineq: Math.max(1, Math.floor(n / 2)), oneSided: 0 });
}

/** Whether the problem has a size that the `n` parameter can change. */
export function sizeable(ref: ProblemRef): boolean {
  return ref.kind === "random-lp" || ref.kind === "l1";
}

/** Settings shared by every run of a study. */
export interface StudySettings {
  problem: ProblemRef;
  /** Final time in units of ε (Liu–Wang) or model time (L1). */
  tEnd: number;
  /** Relative tolerance of "converged to x*" (default 1e-6). */
  optTol: number;
  /** Per-run budgets. */
  maxSteps: number;
  maxWallSeconds: number;
}

/** One run: the parameters that vary. Absent values take the problem's defaults. */
export interface RunSpec {
  index: number;
  solver: StudySolver;
  sigma?: number;
  epsilon?: number;
  h: number;
  theta?: number;
  lambda?: number;
  n?: number;
  /** Initial state (default: the minimum-norm point q of {Ax = b}; 0 for L1 systems). */
  x0: number[] | null;
}

/** What a run measured (CSV/JSON row; see docs/convergence.md). */
export interface RunResult {
  index: number;
  solver: StudySolver;
  sigma: number | null;
  epsilon: number | null;
  h: number;
  theta: number | null;
  lambda: number | null;
  n: number;
  x0: number[];
  /** "rest", "success" (tEnd reached), or a failure status of the solver, or "error". */
  status: string;
  message: string;
  converged: boolean;
  tFeasible: number | null;
  /** The finite-time bound for this run (null when it does not apply; see boundNote). */
  tFeasibleBound: number | null;
  boundNote: string;
  /** Gain bound L/β (Liu–Wang) or λ_min(AAᵀ) (L1) of the problem. */
  gainBound: number | null;
  gainBoundKind: string;
  /** QP: whether max ‖(I−P)∇f(x(t))‖ stayed ≤ L (the a-posteriori validity of the bound); true for LP/L1. */
  boundValid: boolean;
  tOptimal: number | null;
  finalError: number;
  finalPenalty: number;
  switches: number;
  slidingTime: number;
  energyInitial: number;
  energyFinal: number;
  energyMonotone: boolean;
  maxEnergyIncrease: number;
  energyT: number[];
  energyV: number[];
  steps: number;
  tFinal: number;
  wallSeconds: number;
  xFinal: number[];
}

interface LoadedLW {
  kind: "lw";
  problem: OptimizationProblem;
  xStar: Float64Array | null;
  bound: GainBound | null;
}
interface LoadedL1 {
  kind: "l1";
  sys: LinearSystem;
}

/** Per-process cache of loaded problems and their references (keyed by problem and size). */
export class StudyContext {
  private readonly cache = new Map<string, LoadedLW | LoadedL1>();
  constructor(readonly settings: StudySettings) {}

  /** The problem (and its reference optimum) for size n (when the problem is sizeable). */
  load(n?: number): LoadedLW | LoadedL1 {
    const ref = this.settings.problem;
    const key = `${n ?? ""}`;
    let hit = this.cache.get(key);
    if (hit) return hit;
    if (ref.kind === "l1") hit = { kind: "l1", sys: randomUnderdeterminedSystem(ref.m, n ?? ref.n, ref.seed) };
    else {
      const problem =
        ref.kind === "builtin" ? (ref.name === "liu-wang-lp" ? liuWangExample() : classicQp()) : ref.kind === "file" ? readProblemFile(ref.path) : studyRandomProblem(n ?? ref.n, ref.seed);
      const r = solveOptimization(problem, { record: false, maxWallSeconds: 60 });
      hit = { kind: "lw", problem, xStar: r.status === "optimal" ? r.x : null, bound: problem.Q ? null : liuWangGainBound(buildLiuWangNetwork(problem, { sigma: 1 }), { maxCombinations: problem.n > 60 ? 0 : 20000 }) };
    }
    this.cache.set(key, hit);
    return hit;
  }

  /** State dimension for size n. */
  dimension(n?: number): number {
    const p = this.load(n);
    return p.kind === "l1" ? p.sys.n : p.problem.n;
  }
}

const normInf = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
};

/**
 * Executes one run (see the module comment).
 * @returns the measured row; solver failures become a status, never an exception.
 * @throws InputError for parameters the problem cannot take (e.g. x0 of the wrong length).
 */
export function executeRun(ctx: StudyContext, spec: RunSpec): RunResult {
  const start = performance.now();
  const loaded = ctx.load(spec.n);
  const { settings } = ctx;
  const solver = getSolver(spec.solver);
  const solverOptions: Record<string, unknown> = { h: spec.h, maxSteps: settings.maxSteps, maxWallSeconds: settings.maxWallSeconds, saveEvery: 1 << 30 };
  if (spec.theta !== undefined && spec.solver === "implicit-euler") solverOptions.theta = spec.theta;
  let inclusion;
  let x0: Float64Array;
  let measure: MeasureSpec;
  let bound: number | null;
  let boundNote: string;
  let gainBound: number | null;
  let gainBoundKind: string;
  let tEnd: number;
  let sigma: number | null = null;
  let epsilon: number | null = null;
  let trackedLimit = Infinity;
  let optTol: number;
  if (loaded.kind === "l1") {
    const { sys } = loaded;
    const lambda = spec.lambda ?? 1;
    inclusion = l1Network(sys, lambda);
    x0 = Float64Array.from(spec.x0 ?? new Float64Array(sys.n));
    const b = l1FiniteTimeBound(sys, x0, lambda);
    bound = b.T;
    boundNote = b.reason;
    gainBound = b.lambdaMin;
    gainBoundKind = "lambda_min(AA^T)";
    const scale = 1 + normInf(sys.b);
    optTol = settings.optTol * scale;
    measure = { penalty: (x) => residualL1(sys, x), feasTol: 1e-9 * scale * sys.m, distance: (x) => residualL1(sys, x), optTol, energy: (x) => residualL1(sys, x) };
    tEnd = settings.tEnd;
  } else {
    const { problem, xStar } = loaded;
    const net = buildLiuWangNetwork(problem, { sigma: spec.sigma, epsilon: spec.epsilon });
    sigma = net.sigma;
    epsilon = net.epsilon;
    inclusion = net.inclusion;
    x0 = Float64Array.from(spec.x0 ?? net.q);
    if (x0.length !== problem.n) throw new InputError(`invalid option: \`--x0\` must have ${problem.n} entries for ${problem.name}, got ${x0.length}`);
    const gb = loaded.bound ?? liuWangGainBound(net, { x0 });
    const fb = feasibilityTimeBound(net, gb, x0, net.sigma);
    bound = fb.T;
    boundNote = fb.reason || (gb.rigorous ? "" : gb.method);
    gainBound = gb.value;
    gainBoundKind = gb.kind;
    if (problem.Q && gb.L !== null) trackedLimit = gb.L;
    const scale = dataScale(problem);
    optTol = settings.optTol * (1 + (xStar ? normInf(xStar) : 0));
    const tmp = new Float64Array(problem.n);
    measure = {
      penalty: (x) => penalty(problem, x),
      feasTol: 1e-9 * scale,
      distance: xStar
        ? (x) => {
            let d = 0;
            for (let j = 0; j < x.length; j++) d = Math.max(d, Math.abs(x[j] - xStar[j]));
            return d;
          }
        : undefined,
      optTol,
      energy: (x) => objectiveValue(problem, x) + net.sigma * penalty(problem, x),
      tracked: problem.Q ? (x) => projectedGradientNorm(net, x, tmp) : undefined,
    };
    tEnd = settings.tEnd * net.epsilon;
  }
  const { solution, measures: ms } =
    loaded.kind === "lw" && spec.solver === "implicit-euler" && (spec.theta ?? 1) === 1
      ? proximalRun(loaded.problem, spec, x0, tEnd, settings, measure)
      : runMonitored(solver, { inclusion, x0, t0: 0, tEnd }, solverOptions, measure);
  const converged = ms.finalError <= optTol && ms.finalPenalty <= measure.feasTol;
  return {
    index: spec.index,
    solver: spec.solver,
    sigma,
    epsilon,
    h: spec.h,
    theta: spec.solver === "implicit-euler" ? (spec.theta ?? 1) : null,
    lambda: loaded.kind === "l1" ? (spec.lambda ?? 1) : null,
    n: inclusion.n,
    x0: Array.from(x0),
    status: ms.ended,
    message: solution.message,
    converged,
    tFeasible: ms.tFeasible,
    tFeasibleBound: bound,
    boundNote,
    gainBound,
    gainBoundKind,
    boundValid: !(ms.trackedMax > trackedLimit),
    tOptimal: ms.tOptimal,
    finalError: ms.finalError,
    finalPenalty: ms.finalPenalty,
    switches: ms.switches,
    slidingTime: ms.slidingTime,
    energyInitial: ms.energy?.initial ?? NaN,
    energyFinal: ms.energy?.final ?? NaN,
    energyMonotone: ms.energy?.monotone ?? true,
    maxEnergyIncrease: ms.energy?.maxIncrease ?? 0,
    energyT: ms.energy?.t ?? [],
    energyV: ms.energy?.v ?? [],
    steps: ms.steps,
    tFinal: ms.tFinal,
    wallSeconds: (performance.now() - start) / 1000,
    xFinal: Array.from(solution.xFinal),
  };
}

/**
 * θ = 1 on a Liu–Wang network: the package's LP/QP stepper with a fixed step (growth 1, τ = h/ε,
 * σ fixed), whose relay solver handles the singular M = τσC(I−P)Cᵀ of networks with more units than
 * free directions (the generic `implicit-euler` refuses some of those steps as non-unique). The
 * recorded trajectory (every step) is fed to the monitor; time in sliding counts the steps that end
 * with some unit on a breakpoint.
 */
function proximalRun(problem: OptimizationProblem, spec: RunSpec, x0: Float64Array, tEnd: number, settings: StudySettings, measure: MeasureSpec): { solution: { message: string; xFinal: Float64Array }; measures: Measures } {
  const eps = spec.epsilon ?? 1;
  const tau = spec.h / eps;
  const r = solveOptimization(problem, { sigma: spec.sigma, epsilon: spec.epsilon, adaptSigma: false, growth: 1, tau0: tau, tauMax: tau, tEnd, x0, record: true, maxSteps: settings.maxSteps, maxWallSeconds: settings.maxWallSeconds });
  const tr = r.trajectory!;
  const net = buildLiuWangNetwork(problem, { sigma: spec.sigma, epsilon: spec.epsilon });
  const n = problem.n;
  const monitor = new RunMonitor(measure);
  const y = new Float64Array(net.k);
  let sliding = 0;
  for (let s = 0; s < tr.t.length; s++) {
    const x = tr.x.subarray(s * n, (s + 1) * n);
    monitor.observe(tr.t[s], x);
    if (s === 0) continue;
    net.C.apply(x, y);
    for (let i = 0; i < net.k; i++) {
      const v = y[i] - net.d[i];
      if (net.laws.piece(i, v, 1e-9 * (1 + Math.abs(v))) & 1) {
        sliding += tr.t[s] - tr.t[s - 1];
        break;
      }
    }
  }
  const ended =
    r.status === "optimal" || /settled at an equilibrium/.test(r.message) ? "rest" : /--t-end/.test(r.message) ? "success" : /of wall time/.test(r.message) ? "max-wall-time" : /within \d+ steps/.test(r.message) ? "max-steps" : r.status;
  const stats = { steps: r.solver.steps, switches: r.solver.switches, slidingTime: sliding } as unknown as Parameters<RunMonitor["finish"]>[2]["stats"];
  return { solution: { message: r.message, xFinal: r.x }, measures: monitor.finish(r.t, r.x, { stats }, ended) };
}
