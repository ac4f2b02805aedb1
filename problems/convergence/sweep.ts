/**
 * Parameter sweeps of a network: a grid of one or two parameters (`grid.ts`) times a list of
 * solvers times a list of initial points (fixed, a seeded random sample — Monte-Carlo — or a grid
 * of initial points for basins of attraction), executed in parallel (`parallel.ts`), summarised per
 * grid point (fraction converged, quantiles of the convergence times, measured time vs the bound),
 * and optionally the gain threshold located by bisection.
 *
 * Threshold: on the sorted grid of the single swept parameter, the smallest value at which every run
 * converges to x* and whose predecessor fails brackets the threshold; bisection halves the bracket
 * until it is narrower than the tolerance; the estimate is the bracket's midpoint.
 */
import { InputError } from "../../src/errors.ts";
import { seededRandom } from "../optimization/examples.ts";
import { buildLiuWangNetwork } from "../optimization/network.ts";
import { isStateParam, parseParam, type ParamAxis, type ParamName } from "./grid.ts";
import { WorkerPool } from "./parallel.ts";
import { STUDY_SOLVERS, StudyContext, executeRun, parseProblemRef, sizeable, type RunResult, type RunSpec, type StudySettings, type StudySolver } from "./run.ts";

/** Options of a sweep (the `filippov sweep` options, parsed). */
export interface SweepOptions {
  /** `--problem` (see `parseProblemRef`). */
  problem: string;
  /** `--param` values (at most two). */
  params: string[];
  /** `--x0`: "random:SEED:COUNT" or "v1,v2,...". */
  x0?: string;
  /** Solvers (default ["implicit-euler"]). */
  solvers?: string[];
  /** Fixed values of parameters that are not swept. */
  sigma?: number;
  epsilon?: number;
  h?: number;
  theta?: number;
  lambda?: number;
  /** Final time in units of ε (default 20). */
  tEnd?: number;
  /** Relative tolerance of convergence to x* (default 1e-6). */
  optTol?: number;
  /** Per-run step and wall budgets (defaults 2e6 steps, 120 s). */
  maxSteps?: number;
  maxWallSeconds?: number;
}

/** A planned sweep: the runs, before any work. */
export interface SweepPlan {
  problem: string;
  settings: StudySettings;
  axes: ParamAxis[];
  solvers: StudySolver[];
  /** Number of initial points per grid point. */
  x0Count: number;
  /** Whether the axes are components of the initial state (a basin map). */
  basin: boolean;
  runs: RunSpec[];
}

/** Default step of the fixed-step runs. */
export const DEFAULT_H = 1e-2;

/**
 * Checks the options and lays out every run.
 * @throws InputError (one line) for: an empty grid, more than two parameters, the same parameter
 * twice, a parameter given both fixed and swept, `--x0` with a grid of initial states, λ on a
 * Liu–Wang problem or σ/ε on an L1 system, `n` on a problem without a size, an unknown solver, θ
 * with only explicit Euler, an initial state of the wrong length, a malformed `--x0`.
 */
export function planSweep(o: SweepOptions): SweepPlan {
  const ref = parseProblemRef(o.problem);
  if (o.params.length === 0) throw new InputError("invalid usage: give at least one `--param name=values` (or `--x0 random:SEED:COUNT` with a single-value --param)");
  if (o.params.length > 2) throw new InputError(`invalid usage: at most two \`--param\` (a 1-D or 2-D grid), got ${o.params.length}`);
  const axes = o.params.map(parseParam);
  if (axes.length === 2 && axes[0].name === axes[1].name) throw new InputError(`invalid usage: parameter \`${axes[0].name}\` is given twice`);
  const swept = new Set(axes.map((a) => a.name));
  for (const name of ["sigma", "epsilon", "h", "theta", "lambda"] as const) {
    if (o[name] !== undefined && swept.has(name)) throw new InputError(`invalid usage: \`--${name}\` conflicts with \`--param ${name}=...\` (give one or the other)`);
  }
  const isL1 = ref.kind === "l1";
  if (isL1 && (swept.has("sigma") || swept.has("epsilon") || o.sigma !== undefined || o.epsilon !== undefined)) throw new InputError("invalid usage: σ and ε apply to Liu–Wang problems; the gain of an l1:M:N:SEED system is `lambda`");
  if (!isL1 && (swept.has("lambda") || o.lambda !== undefined)) throw new InputError("invalid usage: `lambda` is the gain of l1:M:N:SEED systems; the gain of a Liu–Wang network is `sigma`");
  if (swept.has("n") && !sizeable(ref)) throw new InputError(`invalid usage: \`--param n=...\` needs a problem with a size (random-lp:SEED or l1:M:N:SEED), got ${JSON.stringify(o.problem)}`);
  const stateAxes = axes.filter((a) => isStateParam(a.name));
  const basin = stateAxes.length > 0;
  if (basin && o.x0 !== undefined) throw new InputError("invalid usage: `--x0` conflicts with a grid of initial states (`--param x1=...`)");
  if (basin && swept.has("n")) throw new InputError("invalid usage: a grid of initial states needs a fixed problem size (drop `--param n`)");
  const solvers = (o.solvers ?? ["implicit-euler"]).map((s) => {
    if (!(STUDY_SOLVERS as readonly string[]).includes(s)) throw new InputError(`invalid option: \`--solver\` must be one of ${STUDY_SOLVERS.join(", ")} (fixed-step schemes), got ${JSON.stringify(s)}`);
    return s as StudySolver;
  });
  if (new Set(solvers).size !== solvers.length) throw new InputError("invalid usage: a solver is listed twice in `--solver`");
  if ((swept.has("theta") || o.theta !== undefined) && !solvers.includes("implicit-euler")) throw new InputError("invalid usage: θ applies to implicit-euler only");
  if (o.h !== undefined && !(o.h > 0)) throw new InputError(`invalid option: \`--h\` must be a positive number, got ${o.h}`);
  const settings: StudySettings = { problem: ref, tEnd: o.tEnd ?? 20, optTol: o.optTol ?? 1e-6, maxSteps: o.maxSteps ?? 2e6, maxWallSeconds: o.maxWallSeconds ?? 120 };
  if (!(settings.tEnd > 0)) throw new InputError(`invalid option: \`--t-end\` must be positive, got ${settings.tEnd}`);
  const ctx = new StudyContext(settings);
  const sizes = swept.has("n") ? axes.find((a) => a.name === "n")!.values : [undefined];
  if (ref.kind === "l1") for (const n of sizes) if (n !== undefined && n < ref.m) throw new InputError(`invalid option: \`--param n\`: the L1 system has M = ${ref.m} rows, so n must be ≥ ${ref.m}, got ${n}`);
  const dim = ctx.dimension(sizes[0]);
  for (const a of stateAxes) {
    const i = Number(a.name.slice(1));
    if (i > dim) throw new InputError(`invalid option: \`--param ${a.name}=...\`: the network has ${dim} states`);
  }
  // initial points per size
  const x0For = new Map<number | undefined, Array<number[] | null>>();
  for (const n of sizes) x0For.set(n, initialPoints(ctx, o.x0, n));
  const x0Count = x0For.get(sizes[0])!.length;
  const runs: RunSpec[] = [];
  const values1 = axes[0].values;
  const values2 = axes.length > 1 ? axes[1].values : [NaN];
  for (const solver of solvers) {
    for (const v1 of values1) {
      for (const v2 of values2) {
        const set: Partial<Record<ParamName, number>> = { [axes[0].name]: v1 };
        if (axes.length > 1) set[axes[1].name] = v2;
        const n = set.n;
        for (const x of x0For.get(n)!) {
          let x0 = x;
          if (basin) {
            const base = x0 ?? defaultInitial(ctx, n);
            x0 = base.slice();
            for (const a of stateAxes) x0[Number(a.name.slice(1)) - 1] = set[a.name]!;
          }
          runs.push({
            index: runs.length,
            solver,
            sigma: set.sigma ?? o.sigma,
            epsilon: set.epsilon ?? o.epsilon,
            h: set.h ?? o.h ?? DEFAULT_H,
            theta: solver === "implicit-euler" ? (set.theta ?? o.theta) : undefined,
            lambda: set.lambda ?? o.lambda,
            n,
            x0,
          });
        }
      }
    }
  }
  return { problem: o.problem, settings, axes, solvers, x0Count, basin, runs };
}

/** The default initial state: q (the minimum-norm point of {Ax = b}) or 0 for an L1 system. */
function defaultInitial(ctx: StudyContext, n?: number): number[] {
  const p = ctx.load(n);
  if (p.kind === "l1") return new Array(p.sys.n).fill(0);
  return Array.from(buildLiuWangNetwork(p.problem, { sigma: 1 }).q);
}

/**
 * Initial points: `random:SEED:COUNT` draws COUNT points (Liu–Wang: uniform in the bound box
 * widened by half its width on each side, infinite bounds replaced by ±10(1 + max|rhs|), then
 * projected onto {Ax = b} so that the finite-time bound applies; L1: uniform in [−2, 2]ⁿ); a list
 * `v1,v2,...` is one point; absent: the default initial state.
 */
export function initialPoints(ctx: StudyContext, spec: string | undefined, n?: number): Array<number[] | null> {
  if (spec === undefined) return [null];
  const dim = ctx.dimension(n);
  const m = spec.match(/^random:([^:]+):([^:]+)$/);
  if (m) {
    const seed = Number(m[1]);
    const count = Number(m[2]);
    if (!Number.isInteger(seed) || seed < 0) throw new InputError(`invalid option: \`--x0 ${spec}\`: SEED must be a non-negative integer`);
    if (!Number.isInteger(count) || count < 1) throw new InputError(`invalid option: \`--x0 ${spec}\`: COUNT must be a positive integer (an empty sample is not a sweep)`);
    const rnd = seededRandom(seed);
    const p = ctx.load(n);
    const out: number[][] = [];
    for (let c = 0; c < count; c++) {
      if (p.kind === "l1") out.push(Array.from({ length: dim }, () => 4 * rnd() - 2));
      else {
        const pr = p.problem;
        let scale = 1;
        for (const v of [...pr.beq, ...pr.bineq]) scale = Math.max(scale, Math.abs(v));
        const x = Array.from({ length: dim }, (_, j) => {
          const lo = Number.isFinite(pr.lb[j]) ? pr.lb[j] : -10 * (1 + scale);
          const hi = Number.isFinite(pr.ub[j]) ? pr.ub[j] : 10 * (1 + scale);
          const w = hi - lo;
          return lo - w / 2 + 2 * w * rnd();
        });
        const net = buildLiuWangNetwork(pr, { sigma: 1 });
        // x ← x − Uᵀ(Ux − bt): the orthogonal projection onto {Ax = b}
        for (let r = 0; r < net.m; r++) {
          let s = -net.bt[r];
          for (let j = 0; j < dim; j++) s += net.U[r * dim + j] * x[j];
          for (let j = 0; j < dim; j++) x[j] -= s * net.U[r * dim + j];
        }
        out.push(x);
      }
    }
    return out;
  }
  const vals = spec.split(",").map((s) => Number(s.trim()));
  if (spec.trim() === "" || vals.some((v) => !Number.isFinite(v))) throw new InputError(`invalid option: \`--x0\` must be random:SEED:COUNT or a comma-separated point, got ${JSON.stringify(spec)}`);
  if (vals.length !== dim) throw new InputError(`invalid option: \`--x0\` must have ${dim} entries, got ${vals.length}`);
  return [vals];
}

/** The pilot-run estimate of a sweep's duration. */
export interface SweepEstimate {
  /** Wall time of the pilot run (s). */
  pilotSeconds: number;
  /** Whether the pilot was cut by its wall budget (then extrapolated by steps). */
  cut: boolean;
  /** Estimated total wall time (s) on the given number of workers. */
  seconds: number;
}

/**
 * Times one pilot run (the one with the smallest h, then the largest n; after loading the problem,
 * under a wall budget) and extrapolates: per-run time × runs / workers; a pilot cut by its budget is
 * extrapolated by its step count to tEnd/h steps.
 */
export function estimateSweep(plan: SweepPlan, workers: number, pilotBudgetSeconds = 2): SweepEstimate {
  const pick = plan.runs.reduce((a, b) => (b.h < a.h || (b.h === a.h && (b.n ?? 0) > (a.n ?? 0)) ? b : a));
  const ctx = new StudyContext({ ...plan.settings, maxWallSeconds: pilotBudgetSeconds });
  ctx.load(pick.n);
  const t0 = performance.now();
  const r = executeRun(ctx, pick);
  const pilotSeconds = (performance.now() - t0) / 1000;
  const cut = r.status === "max-wall-time";
  const eps = r.epsilon ?? 1;
  const perRun = cut ? pilotSeconds * Math.max(1, Math.ceil((plan.settings.tEnd * eps) / pick.h) / Math.max(1, r.steps)) : pilotSeconds;
  return { pilotSeconds, cut, seconds: (perRun * plan.runs.length) / Math.max(1, workers) };
}

/** Summary of the runs at one grid point (over the initial points). */
export interface GroupSummary {
  solver: StudySolver;
  /** The grid point: parameter name → value. */
  point: Record<string, number>;
  runs: number;
  converged: number;
  fraction: number;
  /** Quantiles (10, 50, 90 %, max) of t_optimal over converged runs (null when none). */
  tOptimal: Quantiles | null;
  tFeasible: Quantiles | null;
  /** Median of the per-run finite-time bounds (null when none applies). */
  boundMedian: number | null;
  /** Largest measured t_feasible − bound over the runs with a bound (≤ h expected). */
  worstExcess: number | null;
  finalErrorMedian: number;
}

/** Empirical quantiles. */
export interface Quantiles {
  q10: number;
  q50: number;
  q90: number;
  max: number;
}

/** Quantiles by linear interpolation between order statistics (null for an empty list). */
export function quantiles(values: number[]): Quantiles | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => {
    const pos = p * (v.length - 1);
    const i = Math.floor(pos);
    return i + 1 < v.length ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i];
  };
  return { q10: q(0.1), q50: q(0.5), q90: q(0.9), max: v[v.length - 1] };
}

/** Groups the results by solver and grid point. */
export function summarize(plan: SweepPlan, results: RunResult[]): GroupSummary[] {
  const groups = new Map<string, { solver: StudySolver; point: Record<string, number>; rs: RunResult[] }>();
  plan.runs.forEach((spec, i) => {
    const point: Record<string, number> = {};
    for (const a of plan.axes) {
      point[a.name] = isStateParam(a.name) ? spec.x0![Number(a.name.slice(1)) - 1] : (spec[a.name as "sigma"] as number);
    }
    const key = `${spec.solver}|${JSON.stringify(point)}`;
    const g = groups.get(key) ?? { solver: spec.solver, point, rs: [] };
    g.rs.push(results[i]);
    groups.set(key, g);
  });
  return [...groups.values()].map(({ solver, point, rs }) => {
    const conv = rs.filter((r) => r.converged);
    const bounds = rs.map((r) => r.tFeasibleBound).filter((b): b is number => b !== null);
    const excess = rs.filter((r) => r.tFeasibleBound !== null && r.tFeasible !== null).map((r) => r.tFeasible! - r.tFeasibleBound!);
    const never = rs.filter((r) => r.tFeasibleBound !== null && r.tFeasible === null && r.tFinal > r.tFeasibleBound!);
    return {
      solver,
      point,
      runs: rs.length,
      converged: conv.length,
      fraction: conv.length / rs.length,
      tOptimal: quantiles(conv.map((r) => r.tOptimal!).filter((t) => t !== null)),
      tFeasible: quantiles(rs.map((r) => r.tFeasible ?? NaN)),
      boundMedian: bounds.length ? quantiles(bounds)!.q50 : null,
      worstExcess: never.length ? Infinity : excess.length ? Math.max(...excess) : null,
      finalErrorMedian: quantiles(rs.map((r) => r.finalError))?.q50 ?? NaN,
    };
  });
}

/**
 * Labels the equilibrium each run reached: 0 = the optimum (converged), 1, 2, … = other rest points
 * (greedy clustering of the final states within 1e-4·(1 + ‖x‖∞)), −1 = not at rest at the end.
 */
export function equilibriumLabels(results: RunResult[]): { labels: number[]; points: number[][] } {
  const points: number[][] = [];
  const labels = results.map((r) => {
    if (r.converged) return 0;
    if (r.status !== "rest" || r.xFinal.length === 0) return -1;
    const scale = 1 + Math.max(...r.xFinal.map(Math.abs));
    const i = points.findIndex((p) => Math.max(...p.map((v, j) => Math.abs(v - r.xFinal[j]))) <= 1e-4 * scale);
    if (i >= 0) return i + 1;
    points.push(r.xFinal);
    return points.length;
  });
  return { labels, points };
}

/** A located threshold of the swept parameter. */
export interface ThresholdResult {
  parameter: string;
  /** Largest value known to fail and smallest known to converge. */
  lower: number;
  upper: number;
  /** Midpoint of the final bracket. */
  estimate: number;
  /** The smallest converging grid value (before bisection). */
  gridValue: number;
  bisections: number;
  /** Why no bracket was found (empty when found). */
  note: string;
}

/**
 * Locates the threshold of the single swept parameter (see the module comment): grid bracket, then
 * bisection to `tol`, running all initial points and solvers at each midpoint through `pool`.
 * @throws InputError unless exactly one non-state parameter is swept.
 */
export async function bisectThreshold(plan: SweepPlan, results: RunResult[], pool: WorkerPool, tol: number): Promise<ThresholdResult> {
  if (plan.axes.length !== 1 || isStateParam(plan.axes[0].name)) throw new InputError("invalid usage: `--bisect` needs exactly one swept parameter that is not an initial-state component");
  if (!(tol > 0)) throw new InputError(`invalid option: \`--bisect\` must be a positive tolerance, got ${tol}`);
  const name = plan.axes[0].name as "sigma";
  const values = [...plan.axes[0].values].sort((a, b) => a - b);
  const ok = (v: number) => plan.runs.every((s, i) => s[name] !== v || results[i].converged);
  const k = values.findIndex((v, i) => ok(v) && values.slice(i).every(ok));
  if (k <= 0) {
    const note = k === 0 ? `every grid value converges: the threshold is below ${values[0]}` : "no grid value converges (with all larger values converging too): the threshold is above the grid";
    return { parameter: name, lower: NaN, upper: k === 0 ? values[0] : NaN, estimate: NaN, gridValue: k === 0 ? values[0] : NaN, bisections: 0, note };
  }
  let lo = values[k - 1];
  let hi = values[k];
  let count = 0;
  const template = plan.runs.filter((s) => s[name] === hi);
  let index = plan.runs.length;
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2;
    const specs = template.map((s) => ({ ...s, [name]: mid, index: index++ }));
    const rs = await pool.run(specs);
    count++;
    if (rs.every((r) => r.converged)) hi = mid;
    else lo = mid;
  }
  return { parameter: name, lower: lo, upper: hi, estimate: (lo + hi) / 2, gridValue: values[k], bisections: count, note: "" };
}
