/**
 * `filippov simulate NETWORK.json`: simulate a user's network dx/dt ∈ −Bx + W s + u, s ∈ A(Cx − d)
 * with any solver; print a summary or one JSON object, write the trajectory as CSV and an HTML report.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import { writeFileAtomic, requireWritable } from "../../io/atomic.ts";
import { readNetwork } from "../../io/network-file.ts";
import { trajectoryCsv } from "../../io/trajectory-csv.ts";
import { simulationReport } from "../../report/simulation-report.ts";
import { solve } from "../../solver.ts";
import type { Solution } from "../../solution.ts";
import { DEFAULT_SOLVER, getSolver } from "../../../solvers/index.ts";
import { parseNumber, parsePositive, parsePositiveInt, printJson } from "../options.ts";
import { addReportOptions, emitReport, type ReportOptionValues } from "../report-options.ts";
import { startProgress } from "../progress.ts";

/** Largest number of events listed in `--json` output. */
export const JSON_EVENT_LIMIT = 10000;

interface SimulateOptions extends ReportOptionValues {
  solver: string;
  step?: string;
  theta?: string;
  rtol?: string;
  atol?: string;
  tEnd?: string;
  saveEvery?: string;
  maxSteps?: string;
  maxWallTime?: string;
  out?: string;
  json?: boolean;
}

/** The `--json` object of a run (stable keys, documented in the README). */
export function simulationJson(sol: Solution): Record<string, unknown> {
  const events = sol.events.slice(0, JSON_EVENT_LIMIT).map((e) => ({ t: e.t, neuron: e.unit, kind: e.kind }));
  return {
    status: sol.status,
    message: sol.message,
    solver: sol.solver,
    t: sol.tFinal,
    x: Array.from(sol.xFinal),
    stats: sol.stats,
    events,
    eventsTruncated: sol.events.length > JSON_EVENT_LIMIT,
  };
}

/** Registers `simulate`. */
export function registerSimulate(program: Command): void {
  const cmd = program
    .command("simulate")
    .description("simulate a network file dx/dt ∈ −Bx + W s + u, s ∈ A(Cx − d)")
    .argument("<network>", "network JSON file (see README: x0, tEnd, B, W, u, C, d, activation)")
    .option("--solver <name>", "integrator: implicit-euler (default), explicit-euler, ...", DEFAULT_SOLVER)
    .option("--step <h>", "step size (fixed-step solvers; default (tEnd − t0)/1000)")
    .option("--theta <θ>", "θ of the implicit θ-method, in [0.5, 1] (default 1)")
    .option("--rtol <r>", "relative tolerance of adaptive solvers (event-driven, smoothed; default 1e-8)")
    .option("--atol <a>", "absolute tolerance of adaptive solvers (event-driven, smoothed; default 1e-10)")
    .option("--t-end <T>", "final time (overrides tEnd of the file)")
    .option("--save-every <k>", "save every k-th step (events and the final state are always saved)")
    .option("--max-steps <n>", "step budget (default 1e6)")
    .option("--max-wall-time <s>", "wall-time budget in seconds (default 600)")
    .option("--out <file.csv>", "write the trajectory (t, states, activation values) as CSV")
    .option("--json", "print exactly one JSON object on stdout");
  addReportOptions(cmd).action(async (file: string, o: SimulateOptions) => {
    const solver = getSolver(o.solver);
    const net = readNetwork(file);
    const { problem } = net;
    if (o.tEnd !== undefined) problem.tEnd = parseNumber("--t-end", o.tEnd, (v) => v > problem.t0, `a number greater than t0 = ${problem.t0}`);
    if (!Number.isFinite(problem.tEnd)) throw new InputError(`field "tEnd" is missing: give it in the file or with --t-end`, file);
    const solverOptions: Record<string, unknown> = {};
    const accepted = new Set(solver.meta.options ?? []);
    const give = (name: string, flag: string, value: unknown) => {
      if (!accepted.has(name)) throw new InputError(`invalid usage: \`${flag}\` does not apply to solver ${solver.meta.name} (it accepts: ${[...accepted].join(", ") || "no solver-specific options"})`);
      solverOptions[name] = value;
    };
    if (o.step !== undefined) give("h", "--step", parsePositive("--step", o.step));
    if (o.theta !== undefined) give("theta", "--theta", parseNumber("--theta", o.theta, (v) => v >= 0.5 && v <= 1, "a number in [0.5, 1]"));
    if (o.rtol !== undefined) give("rtol", "--rtol", parsePositive("--rtol", o.rtol));
    if (o.atol !== undefined) give("atol", "--atol", parsePositive("--atol", o.atol));
    if (o.saveEvery !== undefined) solverOptions.saveEvery = parsePositiveInt("--save-every", o.saveEvery);
    if (o.maxSteps !== undefined) solverOptions.maxSteps = parsePositiveInt("--max-steps", o.maxSteps);
    if (o.maxWallTime !== undefined) solverOptions.maxWallSeconds = parsePositive("--max-wall-time", o.maxWallTime);
    if (o.out) requireWritable(o.out, "--out");
    if (o.report) requireWritable(o.report, "--report");
    const progress = startProgress(`simulate ${net.name}`);
    solverOptions.onProgress = (t: number, t0: number, t1: number) => progress.update((t - t0) / (t1 - t0));
    let sol: Solution;
    try {
      sol = solve(solver, problem, solverOptions);
    } finally {
      progress.stop();
    }
    if (o.out) writeFileAtomic(o.out, trajectoryCsv(sol, problem.inclusion.stateNames, problem.inclusion.unitNames), "--out");
    await emitReport(o, () =>
      simulationReport(`Simulation of ${net.name}`, problem.inclusion, sol, { file, tEnd: problem.tEnd, ...Object.fromEntries(Object.entries(solverOptions).filter(([, v]) => typeof v === "number")) as Record<string, number> }),
    );
    if (o.json) printJson(simulationJson(sol));
    else {
      const x = Array.from(sol.xFinal, (v) => Number(v.toPrecision(8)));
      process.stdout.write(
        `${net.name}: ${sol.status} (${sol.message}) with ${sol.solver}\n` +
          `  t = ${sol.tFinal}, x = [${x.join(", ")}]\n` +
          `  steps ${sol.stats.steps}, switches ${sol.stats.switches}, time in sliding ${sol.stats.slidingTime.toPrecision(4)}, wall ${sol.stats.wallSeconds.toPrecision(3)} s\n`,
      );
    }
  });
}
