/**
 * `filippov solve FILE`: solve an LP/QP (JSON or MPS file) by running the Liu–Wang network to
 * equilibrium. Prints a summary, or with `--json` exactly one object:
 * `{status, message, x, objective, residuals{equality, inequality, bounds},
 *   network{model, sigma, sigmaLowerBound, epsilon, ...}, solver{name, steps, switches, seconds, ...}, t}`.
 */
import type { Command } from "commander";
import { readProblemFile } from "../../io/problem-json.ts";
import { parseNumber, parsePositive, parsePositiveInt, printJson } from "../options.ts";
import { requireWritable } from "../../io/atomic.ts";
import { emitReport, type ReportOptionValues } from "../report-options.ts";
import { solveOptimization, OPTIMIZATION_SOLVERS, type OptimizationOptions } from "../../../problems/optimization/solve.ts";
import { optimizationReport } from "../../../problems/optimization/figures.ts";
import { InputError } from "../../errors.ts";
import { startProgress } from "../progress.ts";

interface RawOptions extends ReportOptionValues {
  solver?: string;
  sigma?: string;
  epsilon?: string;
  tEnd?: string;
  maxSteps?: string;
  h?: string;
  adaptSigma?: boolean;
  json?: boolean;
}

/** Registers `solve`. */
export function registerSolve(program: Command): void {
  program
    .command("solve")
    .description("solve an LP/QP (JSON or MPS) with the Liu–Wang one-layer network")
    .argument("<file>", "problem file: .json (c, Q, Aeq, beq, Aineq, bineq, lb, ub) or .mps")
    .option("--solver <name>", `integrator: ${OPTIMIZATION_SOLVERS.join(", ")}`, "implicit-euler")
    .option("--sigma <x>", "gain σ (default 1.5 × the lower bound L/β)")
    .option("--epsilon <x>", "time constant ε (default 1)")
    .option("--t-end <T>", "largest model time")
    .option("--max-steps <N>", "step budget")
    .option("--h <x>", "explicit Euler step (model time)")
    .option("--no-adapt-sigma", "keep σ fixed even when the equilibrium violates the constraints")
    .option("--json", "print one JSON object")
    .option("--report <file>", "write an HTML report with x_i(t), the objective and the violation")
    .option("--self-contained", "inline the Plotly bundle into the report (one ≈10 MB file)")
    .option("--png <dir>", "also write one PNG per figure into this folder (needs Debian `chromium`)")
    .action(async (file: string, o: RawOptions) => {
      if (o.solver && !(OPTIMIZATION_SOLVERS as readonly string[]).includes(o.solver)) {
        throw new InputError(`invalid option: \`--solver\` must be one of ${OPTIMIZATION_SOLVERS.join(", ")}, got ${JSON.stringify(o.solver)}`);
      }
      const options: OptimizationOptions = {
        solver: (o.solver ?? "implicit-euler") as OptimizationOptions["solver"],
        sigma: o.sigma === undefined ? undefined : parsePositive("--sigma", o.sigma),
        epsilon: o.epsilon === undefined ? undefined : parsePositive("--epsilon", o.epsilon),
        tEnd: o.tEnd === undefined ? undefined : parsePositive("--t-end", o.tEnd),
        maxSteps: o.maxSteps === undefined ? undefined : parsePositiveInt("--max-steps", o.maxSteps),
        h: o.h === undefined ? undefined : parseNumber("--h", o.h, (v) => v > 0, "a positive number"),
        adaptSigma: o.adaptSigma !== false,
        record: !!o.report,
      };
      if (o.report && !/\.html?$/i.test(o.report)) throw new InputError(`invalid option: \`--report\` must name an .html file, got ${JSON.stringify(o.report)}`);
      if (o.report) requireWritable(o.report, "--report");
      const problem = readProblemFile(file);
      const progress = startProgress(`solve ${problem.name}`);
      options.onProgress = (f) => progress.update(f);
      let r;
      try {
        r = solveOptimization(problem, options);
      } finally {
        progress.stop();
      }
      await emitReport(o, () => optimizationReport(problem, r));
      const { trajectory: _t, ...out } = r;
      void _t;
      if (o.json) printJson(out);
      else {
        const lines = [
          `${problem.name}: ${r.status} — ${r.message}`,
          `objective ${r.objective}`,
          `residuals: equality ${r.residuals.equality.toExponential(2)}, inequality ${r.residuals.inequality.toExponential(2)}, bounds ${r.residuals.bounds.toExponential(2)}`,
          `network ${r.network.model}: σ = ${r.network.sigma} (lower bound ${r.network.sigmaLowerBound ?? "n/a"}), ε = ${r.network.epsilon}`,
          `${r.solver.name}: ${r.solver.steps} steps, ${r.solver.switches} switches, ${r.solver.seconds.toFixed(3)} s, t = ${r.t}`,
          r.x.length <= 20 ? `x = [${Array.from(r.x).join(", ")}]` : `x: ${r.x.length} entries (use --json)`,
        ];
        process.stdout.write(lines.join("\n") + "\n");
      }
    });
}
