/**
 * `filippov sweep`: vary one or two parameters of a network (σ, ε, h, θ, λ, problem size, initial
 * state) over a grid, run every point in parallel on worker threads, and write the measured
 * quantities (CSV with `--out`, one JSON object with `--json`) and an HTML report (`--report`).
 * `--x0 random:SEED:COUNT` turns every grid point into a Monte-Carlo sample of initial points;
 * `--bisect TOL` locates the convergence threshold of the swept parameter. A sweep estimated (from a
 * timed pilot run) to take longer than `--max-minutes` is refused unless `--yes` is given.
 *
 * `--json` prints `{problem, axes, solvers, x0Count, runs[], groups[], threshold, timing}` (keys in
 * docs/convergence.md); the CSV has one row per run with the columns of {@link SWEEP_CSV_COLUMNS}.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { requireWritable, writeFileAtomic } from "../../io/atomic.ts";
import { parseNumber, parsePositive, printJson } from "../options.ts";
import { startProgress } from "../progress.ts";
import { addReportOptions, emitReport, type ReportOptionValues } from "../report-options.ts";
import { sweepFigures } from "../../../problems/convergence/figures.ts";
import { paramLabel } from "../../../problems/convergence/grid.ts";
import { WorkerPool, coreCount } from "../../../problems/convergence/parallel.ts";
import type { RunResult } from "../../../problems/convergence/run.ts";
import { bisectThreshold, equilibriumLabels, estimateSweep, planSweep, summarize, type ThresholdResult } from "../../../problems/convergence/sweep.ts";

interface SweepCliOptions extends ReportOptionValues {
  problem: string;
  param: string[];
  x0?: string;
  solver?: string;
  sigma?: string;
  epsilon?: string;
  h?: string;
  theta?: string;
  lambda?: string;
  tEnd?: string;
  tol?: string;
  workers?: string;
  bisect?: string;
  out?: string;
  json?: boolean;
  yes?: boolean;
  maxMinutes?: string;
}

/** Columns of the `--out` CSV, one row per run. */
export const SWEEP_CSV_COLUMNS = [
  "index", "solver", "sigma", "epsilon", "h", "theta", "lambda", "n", "x0", "status", "converged", "equilibrium",
  "t_feasible", "t_feasible_bound", "bound_note", "gain_bound", "gain_bound_kind", "bound_valid", "t_optimal", "final_error", "final_penalty",
  "switches", "sliding_time", "energy_initial", "energy_final", "energy_monotone", "max_energy_increase", "steps", "t_final", "wall_seconds", "x_final",
] as const;

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return `"${v.map((x) => String(x)).join(" ")}"`;
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text of a sweep (header + one row per run). */
export function sweepCsv(results: RunResult[], labels: number[]): string {
  const rows = results.map((r, i) =>
    [r.index, r.solver, r.sigma, r.epsilon, r.h, r.theta, r.lambda, r.n, r.x0, r.status, r.converged, labels[i], r.tFeasible, r.tFeasibleBound, r.boundNote, r.gainBound, r.gainBoundKind, r.boundValid, r.tOptimal, r.finalError, r.finalPenalty, r.switches, r.slidingTime, r.energyInitial, r.energyFinal, r.energyMonotone, r.maxEnergyIncrease, r.steps, r.tFinal, r.wallSeconds, r.xFinal]
      .map(csvField)
      .join(","),
  );
  return [SWEEP_CSV_COLUMNS.join(","), ...rows].join("\n") + "\n";
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Estimated single-thread time below which a sweep runs in the calling thread by default. */
const WORKER_BREAK_EVEN_SECONDS = 2;

/** Registers `sweep`. */
export function registerSweep(program: Command): void {
  const cmd = program
    .command("sweep")
    .description("convergence study: vary σ, ε, h, θ, λ, n or the initial state over a grid, in parallel")
    .option("--problem <ref>", "liu-wang-lp, classic-qp, random-lp:SEED[:N], l1:M:N:SEED, or a .json/.mps problem file", "liu-wang-lp")
    .option("--param <name=grid>", "swept parameter: name=a:b:N, name=a:b:N:log or name=v1,v2,... (name: sigma, epsilon, h, theta, lambda, n, x1, x2, ...); repeat once for a 2-D grid", collect, [] as string[])
    .option("--x0 <spec>", "initial points: random:SEED:COUNT (Monte-Carlo) or v1,v2,... (default: the minimum-norm point of Ax = b, 0 for L1)")
    .option("--solver <names>", "comma-separated fixed-step solvers: implicit-euler, explicit-euler", "implicit-euler")
    .option("--sigma <x>", "fixed gain σ (default 1.5 × the network's bound)")
    .option("--epsilon <x>", "fixed time constant ε (default 1)")
    .option("--h <x>", "fixed step (model time; default 0.01)")
    .option("--theta <x>", "θ of implicit Euler, in [0.5, 1] (default 1)")
    .option("--lambda <x>", "fixed gain λ of an L1 network (default 1)")
    .option("--t-end <T>", "final time in units of ε (default 20); runs stop earlier at rest")
    .option("--tol <r>", "relative tolerance of 'converged to x*' (default 1e-6)")
    .option("--workers <N>", `worker threads (default: the number of cores, ${coreCount()} here, when the sweep is estimated to take more than ${WORKER_BREAK_EVEN_SECONDS} s on one thread, else 0: this thread)`)
    .option("--bisect <tol>", "locate the convergence threshold of the swept parameter to ±tol")
    .option("--out <file.csv>", "write one CSV row per run")
    .option("--json", "print exactly one JSON object on stdout")
    .option("--yes", "run even when the pilot estimate exceeds --max-minutes")
    .option("--max-minutes <M>", "refuse sweeps estimated to take longer than this without --yes (default 15)");
  addReportOptions(cmd).action(async (o: SweepCliOptions) => {
    const fixed = (name: string, v: string | undefined, check?: (x: number) => boolean, what?: string) =>
      v === undefined ? undefined : check ? parseNumber(`--${name}`, v, check, what) : parsePositive(`--${name}`, v);
    const plan = planSweep({
      problem: o.problem,
      params: o.param,
      x0: o.x0,
      solvers: (o.solver ?? "implicit-euler").split(",").map((s) => s.trim()),
      sigma: fixed("sigma", o.sigma),
      epsilon: fixed("epsilon", o.epsilon),
      h: fixed("h", o.h),
      theta: fixed("theta", o.theta, (x) => x >= 0.5 && x <= 1, "a number in [0.5, 1]"),
      lambda: fixed("lambda", o.lambda),
      tEnd: fixed("t-end", o.tEnd),
      optTol: fixed("tol", o.tol),
    });
    const requestedWorkers = o.workers === undefined ? undefined : parseNumber("--workers", o.workers, (v) => Number.isInteger(v) && v >= 0 && v <= 256, "an integer in [0, 256]");
    const bisect = o.bisect === undefined ? undefined : parsePositive("--bisect", o.bisect);
    if (bisect !== undefined && (plan.axes.length !== 1 || plan.basin)) throw new InputError("invalid usage: `--bisect` needs exactly one swept parameter that is not an initial-state component");
    const maxMinutes = o.maxMinutes === undefined ? 15 : parsePositive("--max-minutes", o.maxMinutes);
    if (o.out) requireWritable(o.out, "--out");
    if (o.report) requireWritable(o.report, "--report");
    // By default, threads only when the sweep is long enough to repay their start-up (≈0.4 s each).
    const serial = estimateSweep(plan, 1);
    const workers = requestedWorkers ?? (serial.seconds < WORKER_BREAK_EVEN_SECONDS ? 0 : Math.min(coreCount(), plan.runs.length));
    const estimate = { ...serial, seconds: serial.seconds / Math.max(1, workers) };
    if (estimate.seconds > maxMinutes * 60 && !o.yes) {
      const human = estimate.seconds >= 3600 ? `${(estimate.seconds / 3600).toPrecision(3)} h` : `${(estimate.seconds / 60).toPrecision(3)} min`;
      throw new InputError(`this sweep would take about ${human} (${plan.runs.length} runs on ${Math.max(1, workers)} workers; pilot run ${estimate.pilotSeconds.toFixed(2)} s${estimate.cut ? ", cut and extrapolated" : ""}), more than --max-minutes ${maxMinutes}: narrow the grid, raise h, or pass --yes`);
    }
    const pool = new WorkerPool(plan.settings, { workers });
    const progress = startProgress(`sweep ${plan.problem} (${plan.runs.length} runs, ${workers} workers)`);
    const t0 = performance.now();
    let results: RunResult[];
    let threshold: ThresholdResult | undefined;
    try {
      results = await pool.run(plan.runs, (_r, done, total) => progress.update(done / total));
      if (bisect !== undefined) threshold = await bisectThreshold(plan, results, pool, bisect);
    } finally {
      progress.stop();
      await pool.close();
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const groups = summarize(plan, results);
    const { labels, points } = equilibriumLabels(results);
    if (o.out) writeFileAtomic(o.out, sweepCsv(results, labels), "--out");
    const converged = results.filter((r) => r.converged).length;
    const boundRuns = results.filter((r) => r.tFeasibleBound !== null && r.tFeasible !== null);
    const worst = boundRuns.reduce((m, r) => Math.max(m, r.tFeasible! - r.tFeasibleBound! - r.h), -Infinity);
    await emitReport(o, () => ({
      title: `Sweep of ${plan.problem}`,
      summary: {
        problem: plan.problem,
        parameters: plan.axes.map((a) => `${paramLabel(a.name)}: ${a.values.length} values`).join("; "),
        solvers: plan.solvers.join(", "),
        "initial points per grid point": plan.x0Count,
        runs: results.length,
        converged,
        "gain bound": results[0]?.gainBound ?? "n/a",
        "gain bound kind": results[0]?.gainBoundKind ?? "n/a",
        "runs with a finite-time bound": boundRuns.length,
        "largest t_feasible − bound − h": boundRuns.length ? worst : "n/a",
        ...(threshold ? { "measured threshold": Number.isFinite(threshold.estimate) ? `${threshold.estimate} (bracket [${threshold.lower}, ${threshold.upper}])` : threshold.note } : {}),
        workers,
        "wall time (s)": wallSeconds,
      },
      sections: [
        { title: "Figures", figures: sweepFigures(plan, results, groups, threshold) },
        {
          title: "Per grid point",
          table: groups.map((g): [string, string] => [
            `${g.solver} ${Object.entries(g.point).map(([k, v]) => `${k}=${+v.toPrecision(6)}`).join(" ")}`,
            `converged ${g.converged}/${g.runs}; t_opt q50 ${g.tOptimal?.q50?.toPrecision(4) ?? "–"} (q10 ${g.tOptimal?.q10?.toPrecision(4) ?? "–"}, q90 ${g.tOptimal?.q90?.toPrecision(4) ?? "–"}); bound ${g.boundMedian?.toPrecision(4) ?? "n/a"}`,
          ]),
        },
        ...(points.length ? [{ title: "Other equilibria reached", table: points.map((p, i): [string, string] => [`E${i + 1}`, p.map((v) => +v.toPrecision(6)).join(", ")]) }] : []),
      ],
    }));
    if (o.json) {
      printJson({
        problem: plan.problem,
        axes: plan.axes,
        solvers: plan.solvers,
        x0Count: plan.x0Count,
        runs: results.map(({ energyT: _t, energyV: _v, ...r }, i) => ({ ...r, equilibrium: labels[i] })),
        groups,
        threshold: threshold ?? null,
        timing: { workers, wallSeconds, startupSeconds: pool.startupSeconds, pilotSeconds: estimate.pilotSeconds, estimateSeconds: estimate.seconds },
      });
    } else {
      const lines = [
        `sweep ${plan.problem}: ${results.length} runs (${plan.axes.map((a) => `${a.name} × ${a.values.length}`).join(", ")}${plan.x0Count > 1 ? `, ${plan.x0Count} initial points` : ""}) ${workers > 0 ? `on ${workers} worker threads` : "in this thread"} in ${wallSeconds.toFixed(2)} s`,
        `converged to x*: ${converged}/${results.length}`,
      ];
      if (boundRuns.length) lines.push(`finite-time bound: ${boundRuns.length} runs, largest t_feasible − bound = ${(worst + (boundRuns[0]?.h ?? 0)).toPrecision(3)} (allowance h)`);
      if (threshold) lines.push(Number.isFinite(threshold.estimate) ? `threshold of ${threshold.parameter}: ${threshold.estimate} (between ${threshold.lower} and ${threshold.upper}, ${threshold.bisections} bisections)` : `threshold: ${threshold.note}`);
      for (const g of groups.slice(0, 60)) {
        lines.push(`  ${g.solver} ${Object.entries(g.point).map(([k, v]) => `${k}=${+v.toPrecision(6)}`).join(" ")}: ${g.converged}/${g.runs} converged, t_opt ${g.tOptimal ? g.tOptimal.q50.toPrecision(4) : "–"}, t_feas ${g.tFeasible ? g.tFeasible.q50.toPrecision(4) : "–"}, bound ${g.boundMedian?.toPrecision(4) ?? "n/a"}`);
      }
      if (groups.length > 60) lines.push(`  ... ${groups.length - 60} more grid points (use --json or --out)`);
      process.stdout.write(lines.join("\n") + "\n");
    }
  });
}
